import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type {
  DirectoryListing,
  GenerateModelRequest,
  ModelEntry,
  VariantRequest,
} from '../api/contract';
import { UserError } from '../api/errors';
import type { FolderPolicy } from './folder-policy';
import { IndexFile } from './index-file';
import { BERT_PRESETS } from '../model/generate/bert-options';
import { generateBertDetailed } from '../model/generate/bert';
import type { ModelInfo } from '../api/model-info';
import { modelInfo } from '../model/model-info';
import { IMPORTERS, openModelFile } from '../model/registry';
import { pruneModel } from '../model/transforms/prune';
import { quantizeModel } from '../model/transforms/quantize';
import { saveOnnxModel } from '../model/transforms/save-model';

const INDEX_VERSION = 1;
const MODEL_EXTENSIONS = new Set(IMPORTERS.flatMap((i) => i.extensions));
const CONFIG_EXTENSIONS = new Set(['.json']);

/** models.json: the facts are ours, so only their envelope is checked on read. */
const indexSchema = z.object({
  version: z.literal(INDEX_VERSION),
  models: z.array(
    z.looseObject({
      id: z.string(),
      label: z.string(),
      path: z.string(),
      origin: z.enum(['opened', 'generated', 'variant']),
      parentId: z.string().nullable(),
      sizeBytes: z.number(),
      addedAt: z.string(),
      info: z.looseObject({ version: z.literal(1) }),
    }),
  ),
});

interface IndexData {
  version: typeof INDEX_VERSION;
  models: ModelEntry[];
}

/**
 * The models of one workspace: opened files and generated ones, with their facts. The list
 * lives in `models.json` (versioned, one writer at a time, written atomically) so it survives
 * restarts; a damaged list is set aside and rebuilt from the workspace's models folder.
 */
export class ModelLibrary {
  private readonly index: IndexFile<IndexData>;
  private models: ModelEntry[] = [];
  private readonly ready: Promise<void>;

  constructor(
    private readonly home: string,
    /** How the library tells people about a damaged list it rebuilt. */
    private readonly warn: (message: string) => void = () => {},
  ) {
    // Only the envelope is checked (see indexSchema); the facts inside are what we wrote.
    const schema = indexSchema as unknown as z.ZodType<IndexData>;
    this.index = new IndexFile(path.join(home, 'models.json'), schema, 'The model list');
    this.ready = this.load();
  }

  async list(): Promise<ModelEntry[]> {
    await this.ready;
    return [...this.models].sort((a, b) => b.addedAt.localeCompare(a.addedAt));
  }

  async get(id: string): Promise<ModelEntry> {
    await this.ready;
    const entry = this.models.find((m) => m.id === id);
    if (!entry) throw new UserError('NotFound', `No model with id ${id} in this workspace.`);
    return entry;
  }

  /** Open (or re-read) a model file by path; the same path keeps its entry. */
  async open(
    file: string,
    origin: ModelEntry['origin'] = 'opened',
    parentId: string | null = null,
    label?: string,
  ): Promise<ModelEntry> {
    await this.ready;
    const entry = await this.entryFor(path.resolve(file), origin, parentId, label);
    this.models = [...this.models.filter((m) => m.id !== entry.id), entry];
    await this.writeIndex();
    return entry;
  }

  /** A list entry for a model file: its facts read now, its identity kept if listed before. */
  private async entryFor(
    resolved: string,
    origin: ModelEntry['origin'],
    parentId: string | null,
    label?: string,
  ): Promise<ModelEntry> {
    const model = await openModelFile(resolved);
    const info = modelInfo(model, { seq: 128, batch: 1 });
    const { size } = await stat(resolved);
    const previous = this.models.find((m) => m.path === resolved);
    return {
      id: previous?.id ?? randomUUID(),
      label: label ?? previous?.label ?? path.basename(resolved),
      path: resolved,
      origin: previous?.origin ?? origin,
      parentId: previous?.parentId ?? parentId,
      sizeBytes: size,
      addedAt: previous?.addedAt ?? new Date().toISOString(),
      info,
    };
  }

  /** Generate a BERT-like model into the workspace's models folder. */
  async generate(
    request: GenerateModelRequest,
    progress: (message: string) => void,
  ): Promise<ModelEntry> {
    const shape = BERT_PRESETS[request.preset];
    const seed = request.seed ?? 0;
    const pct = Math.round(request.sparsity * 100);
    const name = `bert-${request.preset}-${request.precision}-sparse${pct}-seed${seed}.onnx`;
    const file = path.join(this.home, 'models', name);
    progress(
      `Generating ${request.preset} weights (${shape.layers} layers, hidden ${shape.hidden})`,
    );
    const generated = generateBertDetailed({
      ...shape,
      sparsity: request.sparsity,
      precision: request.precision,
      seed,
    });
    progress(`Writing ${name}`);
    await saveOnnxModel(generated.model, file);
    progress('Reading model facts');
    const label = `bert-${request.preset} · ${pct ? `${pct}% sparse` : 'dense'} · ${request.precision}`;
    return this.open(file, 'generated', null, label);
  }

  /** Prune or quantise a model into a new file beside the workspace's models, paired with it. */
  async createVariant(
    parentId: string,
    request: VariantRequest,
    progress: (message: string) => void,
  ): Promise<ModelEntry> {
    const parent = await this.get(parentId);
    progress(`Reading ${path.basename(parent.path)}`);
    const model = await openModelFile(parent.path);
    const stem = path.basename(parent.path).replace(/\.(onnx|xml)$/i, '');
    let derived;
    let suffix: string;
    let label: string;
    if (request.kind === 'prune') {
      const pct = Math.round(request.sparsity * 100);
      progress(`Pruning linear weights to ${pct}% (${request.scope})`);
      derived = pruneModel(model, { sparsity: request.sparsity, scope: request.scope }).model;
      suffix = `pruned${pct}-${request.scope}`;
      label = `${parent.label} · pruned ${pct}%`;
    } else {
      progress(`Quantising weights to int8 (${request.mode})`);
      derived = quantizeModel(model, { mode: request.mode }).model;
      suffix = `int8-${request.mode}`;
      label = `${parent.label} · int8 ${request.mode}`;
    }
    const file = path.join(this.home, 'models', `${stem}.${suffix}.onnx`);
    progress(`Writing ${path.basename(file)}`);
    await saveOnnxModel(derived, file);
    return this.open(file, 'variant', parent.id, label);
  }

  async info(id: string, seq: number): Promise<ModelInfo> {
    const entry = await this.get(id);
    return modelInfo(await openModelFile(entry.path), { seq, batch: 1 });
  }

  /**
   * A folder's sub-folders and model files, for the file picker of either host — only inside
   * the folders the policy allows, so the picker cannot walk the whole filesystem.
   */
  async listDirectory(
    dir: string | null,
    show: 'models' | 'configs',
    policy: FolderPolicy,
  ): Promise<DirectoryListing> {
    // null = the workspace's own folder of that kind (models/ or configs/).
    const target = policy.readable(dir ?? path.join(this.home, show), 'folder');
    const extensions = show === 'models' ? MODEL_EXTENSIONS : CONFIG_EXTENSIONS;
    let names;
    try {
      names = await readdir(target, { withFileTypes: true });
    } catch (err) {
      throw new UserError('NotFound', `Cannot list ${target}.`, (err as Error).message);
    }
    const entries: DirectoryListing['entries'] = [];
    for (const d of names) {
      if (d.name.startsWith('.')) continue;
      const full = path.join(target, d.name);
      if (d.isDirectory()) entries.push({ name: d.name, path: full, kind: 'dir', sizeBytes: null });
      else if (d.isFile() && extensions.has(path.extname(d.name).toLowerCase())) {
        const size = await stat(full).then(
          (s) => s.size,
          () => null,
        );
        entries.push({ name: d.name, path: full, kind: 'file', sizeBytes: size });
      }
    }
    entries.sort((a, b) =>
      a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'dir' ? -1 : 1,
    );
    const parent = path.dirname(target);
    const above = parent !== target && policy.contains(parent) ? parent : null;
    return { path: target, parent: above, entries, roots: policy.roots() };
  }

  private async load(): Promise<void> {
    const { value, damaged } = this.index.read();
    if (value) {
      this.models = value.models.filter((m) => existsSync(m.path));
      return;
    }
    if (!damaged) return;
    // Rebuild from the files the workspace made; files opened from elsewhere are not known.
    const folder = path.join(this.home, 'models');
    const rebuilt: ModelEntry[] = [];
    for (const name of (await readdir(folder)).sort()) {
      if (!MODEL_EXTENSIONS.has(path.extname(name).toLowerCase())) continue;
      try {
        rebuilt.push(await this.entryFor(path.join(folder, name), 'generated', null));
      } catch {
        // A file that no longer opens is left out of the list; it stays on disk.
      }
    }
    this.models = rebuilt;
    await this.writeIndex();
    this.warn(
      `${damaged} Rebuilt ${rebuilt.length} model${rebuilt.length === 1 ? '' : 's'} from the files in ${folder}; models opened from other folders must be opened again.`,
    );
  }

  private writeIndex(): Promise<void> {
    return this.index.write({ version: INDEX_VERSION, models: [...this.models] });
  }
}

import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readdir, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type {
  DirectoryListing,
  GenerateModelRequest,
  ModelEntry,
  VariantRequest,
} from '../api/contract';
import { UserError } from '../api/errors';
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

interface IndexFile {
  version: number;
  models: ModelEntry[];
}

/**
 * The models of one workspace: opened files and generated ones, with their facts. The list
 * lives in `models.json` (versioned, written atomically) so it survives restarts.
 */
export class ModelLibrary {
  private readonly indexPath: string;
  private models: ModelEntry[];

  constructor(private readonly home: string) {
    this.indexPath = path.join(home, 'models.json');
    this.models = this.readIndex();
  }

  list(): ModelEntry[] {
    return [...this.models].sort((a, b) => b.addedAt.localeCompare(a.addedAt));
  }

  get(id: string): ModelEntry {
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
    const resolved = path.resolve(file);
    const model = await openModelFile(resolved);
    const info = modelInfo(model, { seq: 128, batch: 1 });
    const { size } = await stat(resolved);
    const previous = this.models.find((m) => m.path === resolved);
    const entry: ModelEntry = {
      id: previous?.id ?? randomUUID(),
      label: label ?? previous?.label ?? path.basename(resolved),
      path: resolved,
      origin: previous?.origin ?? origin,
      parentId: previous?.parentId ?? parentId,
      sizeBytes: size,
      addedAt: previous?.addedAt ?? new Date().toISOString(),
      info,
    };
    this.models = [...this.models.filter((m) => m.id !== entry.id), entry];
    await this.writeIndex();
    return entry;
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
    const parent = this.get(parentId);
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
    const entry = this.get(id);
    return modelInfo(await openModelFile(entry.path), { seq, batch: 1 });
  }

  /** A folder's sub-folders and model files, for the file picker of either host. */
  async listDirectory(dir: string | null): Promise<DirectoryListing> {
    const target = path.resolve(dir ?? path.join(this.home, 'models'));
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
      else if (d.isFile() && MODEL_EXTENSIONS.has(path.extname(d.name).toLowerCase())) {
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
    return { path: target, parent: parent === target ? null : parent, entries };
  }

  private readIndex(): ModelEntry[] {
    if (!existsSync(this.indexPath)) return [];
    try {
      const parsed = JSON.parse(readFileSync(this.indexPath, 'utf8')) as IndexFile;
      if (parsed.version !== INDEX_VERSION || !Array.isArray(parsed.models)) return [];
      return parsed.models.filter((m) => existsSync(m.path));
    } catch {
      // A damaged index loses only the list; the model files themselves are untouched.
      return [];
    }
  }

  private async writeIndex(): Promise<void> {
    const body: IndexFile = { version: INDEX_VERSION, models: this.models };
    const tmp = `${this.indexPath}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(body, null, 2));
    await rename(tmp, this.indexPath);
  }
}

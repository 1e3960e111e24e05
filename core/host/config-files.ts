import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type {
  ConfigCatalog,
  ConfigCheck,
  ConfigCheckRequest,
  ConfigFile,
  ConfigRunRequest,
} from '../api/config-files';
import type { ModelEntry } from '../api/contract';
import { UserError } from '../api/errors';
import { CONFIG_KINDS } from '../api/names';
import type { SweepConfig } from '../api/schemas/sweep-config';
import { checkConfigText, type CheckedConfig } from '../config/config-check';
import { configJsonSchema } from '../config/config-kinds';
import { configPresets } from '../config/config-presets';
import { sweepOfConfig } from '../config/config-run';
import { readConfigText } from '../config/load-sweep-config';
import { writeFileAtomic } from '../util/atomic-write';

/**
 * The Config editor's side of the host: schemas and presets, checking texts, and reading and
 * writing the config files the user picked (the file picker's paths). Reads go through the
 * safe-file reader (regular files, 256 KiB at most). Writes go only to `.json` paths, atomically,
 * only for configs without errors, and replace only a file opened or saved in the editor since
 * the host started: any other existing file stays untouched, whatever a client asks.
 */
export class ConfigFiles {
  private readonly opened = new Set<string>();

  constructor(
    private readonly home: string,
    private readonly models: () => Promise<ModelEntry[]>,
    private readonly cores: () => number,
  ) {
    // The picker's starting folder for configs, and where bare names are saved.
    mkdirSync(path.join(home, 'configs'), { recursive: true });
  }

  async catalog(): Promise<ConfigCatalog> {
    const schemas = Object.fromEntries(CONFIG_KINDS.map((k) => [k, configJsonSchema(k)]));
    const models = (await this.models()).map((m) => ({
      path: m.path,
      sparsity: m.info.linearSparsity,
      quantized: m.info.linearWeights.some((w) => w.quantized),
    }));
    return {
      schemas: schemas as ConfigCatalog['schemas'],
      presets: configPresets(this.cores(), models),
    };
  }

  check(request: ConfigCheckRequest): ConfigCheck {
    const { value: _value, ...check } = this.checked(request);
    return check;
  }

  read(file: string): ConfigFile {
    const resolved = this.resolve(file);
    const text = readConfigText(resolved);
    this.opened.add(resolved);
    return { path: resolved, text };
  }

  async write(file: string, text: string): Promise<ConfigFile> {
    const resolved = this.resolve(file);
    if (path.extname(resolved).toLowerCase() !== '.json') {
      throw new UserError('Forbidden', `${resolved}: configs are saved as .json files only.`);
    }
    const existing = statIfAny(resolved);
    if (existing && !existing.isFile()) {
      throw new UserError('Forbidden', `${resolved}: not a regular file; nothing was written.`);
    }
    if (existing && !this.opened.has(resolved)) {
      throw new UserError(
        'Forbidden',
        `${resolved} already exists and was not opened in the editor; nothing was written. Open it first to replace it, or save under a new name.`,
      );
    }
    const check = this.checked({ text, kind: null, path: resolved }, false);
    const errors = check.issues.filter((i) => i.severity === 'error');
    if (errors.length > 0) {
      throw new UserError(
        'BadConfig',
        `${resolved} was not saved: the config has ${errors.length} error${errors.length > 1 ? 's' : ''}; first ${errors[0]!.message}.`,
      );
    }
    await writeFileAtomic(resolved, text);
    this.opened.add(resolved);
    return { path: resolved, text };
  }

  /** The sweep a config stands for; the caller starts it. */
  sweepFor(request: ConfigRunRequest): SweepConfig {
    const check = this.checked(request);
    const error = check.issues.find((i) => i.severity === 'error');
    if (error || !check.kind) {
      throw new UserError(
        'BadConfig',
        `The config cannot run: ${error?.message ?? 'it is not a config SparseScope knows'}.`,
      );
    }
    return sweepOfConfig(check.kind, check.value, request.text, request.bench, {
      baseDir: this.baseDir(request.path),
      cores: this.cores(),
    });
  }

  private checked(request: ConfigCheckRequest, files = true): CheckedConfig {
    return checkConfigText(request.text, {
      kind: request.kind,
      source: request.path ? path.basename(request.path) : 'the config',
      baseDir: this.baseDir(request.path),
      files,
    });
  }

  /** A bare name means a file in the workspace's configs folder (where the picker starts). */
  resolve(file: string): string {
    return path.resolve(this.home, 'configs', file);
  }

  /** Relative model paths point from the config file's folder; an unsaved config's from the workspace (as startSweep's). */
  private baseDir(file: string | null): string {
    return file ? path.dirname(path.resolve(file)) : this.home;
  }
}

function statIfAny(file: string) {
  try {
    return statSync(file);
  } catch {
    return null;
  }
}

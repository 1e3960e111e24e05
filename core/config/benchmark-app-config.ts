import { readFileSync, writeFileSync } from 'node:fs';
import { UserError } from '../api/errors';

/**
 * benchmark_app's `-load_config` / `-dump_config` JSON: `{"CPU": {"NUM_STREAMS": "4", ...}}`,
 * device → property → value, values as strings or numbers. Loading keeps the original text
 * and where every value sits in it, so a config that is loaded and dumped unchanged comes out
 * byte for byte, and a changed value is spliced in place without reformatting the rest.
 */

/** A property value as written: string, number, bool, null, or nested JSON (kept verbatim). */
export type ConfigValue = string | number | boolean | null | { [k: string]: unknown } | unknown[];

export interface ConfigEntry {
  key: string;
  value: ConfigValue;
  /** Original text of the value, when it came from a file. */
  raw?: string;
  /** [start, end) of `raw` in the source text. */
  span?: [number, number];
}

export interface ConfigDevice {
  device: string;
  entries: ConfigEntry[];
}

export interface BenchmarkAppConfig {
  devices: ConfigDevice[];
  /** The text the config was parsed from, if any. */
  source?: string;
}

/** benchmark_app property → the SparseScope knob it sets. */
export const KNOWN_CPU_KEYS = {
  NUM_STREAMS: 'streams',
  INFERENCE_NUM_THREADS: 'threads',
  CPU_SPARSE_WEIGHTS_DECOMPRESSION_RATE: 'sparseRate',
} as const;

class Reader {
  i = 0;
  constructor(
    readonly text: string,
    readonly file: string,
  ) {}

  fail(expected: string): never {
    const before = this.text.slice(0, this.i);
    const line = before.split('\n').length;
    const col = this.i - before.lastIndexOf('\n');
    const found = this.i < this.text.length ? JSON.stringify(this.text[this.i]) : 'end of file';
    throw new UserError(
      'BadConfig',
      `${this.file}:${line}:${col}: expected ${expected}, found ${found}.`,
    );
  }
  ws(): void {
    while (this.i < this.text.length && /[\s\uFEFF]/.test(this.text[this.i]!)) this.i++;
  }
  expect(ch: string, what: string): void {
    this.ws();
    if (this.text[this.i] !== ch) this.fail(what);
    this.i++;
  }
  peek(): string | undefined {
    this.ws();
    return this.text[this.i];
  }
  string(what: string): string {
    this.ws();
    if (this.text[this.i] !== '"') this.fail(what);
    const start = this.i;
    this.i++;
    while (this.i < this.text.length && this.text[this.i] !== '"') {
      if (this.text[this.i] === '\\') this.i++;
      this.i++;
    }
    if (this.i >= this.text.length) this.fail('a closing quote');
    this.i++;
    return JSON.parse(this.text.slice(start, this.i)) as string;
  }
  /** Any JSON value; returns its span so the raw text can be kept. */
  value(): [number, number] {
    this.ws();
    const start = this.i;
    const c = this.text[this.i];
    if (c === '"') this.string('a value');
    else if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      this.i++;
      if (this.peek() !== close) {
        for (;;) {
          if (c === '{') {
            this.string('a property name in quotes');
            this.expect(':', '":"');
          }
          this.value();
          if (this.peek() === ',') this.i++;
          else break;
        }
      }
      this.expect(close, `"${close}"`);
    } else {
      const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(this.text.slice(this.i));
      if (!m) this.fail('a value (string, number, true, false or null)');
      this.i += m[0].length;
    }
    return [start, this.i];
  }
}

/** Parse load_config text; throws UserError('BadConfig') naming file, line and column. */
export function parseBenchmarkAppConfig(text: string, file = 'config'): BenchmarkAppConfig {
  const r = new Reader(text, file);
  const devices: ConfigDevice[] = [];
  r.expect('{', 'a JSON object such as {"CPU": {"NUM_STREAMS": "4"}}');
  if (r.peek() !== '}') {
    for (;;) {
      const device = r.string('a device name in quotes, such as "CPU"');
      if (devices.some((d) => d.device === device)) r.fail(`device "${device}" only once`);
      r.expect(':', '":" after the device name');
      r.expect('{', `an object of properties for device "${device}"`);
      const entries: ConfigEntry[] = [];
      if (r.peek() !== '}') {
        for (;;) {
          const key = r.string(`a property name in quotes in device "${device}"`);
          if (entries.some((e) => e.key === key))
            r.fail(`property "${key}" only once in "${device}"`);
          r.expect(':', `":" after "${key}"`);
          const span = r.value();
          const raw = text.slice(span[0], span[1]);
          entries.push({ key, value: JSON.parse(raw) as ConfigValue, raw, span });
          if (r.peek() === ',') r.i++;
          else break;
        }
      }
      r.expect('}', `"," or "}" in device "${device}"`);
      devices.push({ device, entries });
      if (r.peek() === ',') r.i++;
      else break;
    }
  }
  r.expect('}', '"," or "}" closing the config');
  r.ws();
  if (r.i < text.length) r.fail('nothing after the closing "}"');
  return { devices, source: text };
}

export function readBenchmarkAppConfig(file: string): BenchmarkAppConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UserError('BadConfig', `Cannot read config file ${file}.`, (err as Error).message);
  }
  return parseBenchmarkAppConfig(text, file);
}

function sameValue(a: ConfigValue, b: ConfigValue): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function valueText(e: ConfigEntry): string {
  return e.raw !== undefined && sameValue(JSON.parse(e.raw) as ConfigValue, e.value)
    ? e.raw
    : JSON.stringify(e.value);
}

/**
 * The config as load_config text. Same devices and keys in the same order as the source:
 * the source with changed values spliced in (byte-identical when nothing changed). Otherwise
 * benchmark_app's one-line form, `{"CPU": {"NUM_STREAMS": "4"}}`.
 */
export function dumpBenchmarkAppConfig(config: BenchmarkAppConfig): string {
  const src = config.source;
  if (src !== undefined && sameLayout(config)) {
    const spans = config.devices.flatMap((d) => d.entries).sort((a, b) => a.span![0] - b.span![0]);
    let out = '';
    let at = 0;
    for (const e of spans) {
      out += src.slice(at, e.span![0]) + valueText(e);
      at = e.span![1];
    }
    return out + src.slice(at);
  }
  const devices = config.devices.map(
    (d) =>
      `${JSON.stringify(d.device)}: {${d.entries.map((e) => `${JSON.stringify(e.key)}: ${valueText(e)}`).join(', ')}}`,
  );
  return `{${devices.join(', ')}}\n`;
}

/** Whether devices and keys are exactly those (and in the order) of the parsed source. */
function sameLayout(config: BenchmarkAppConfig): boolean {
  if (config.source === undefined) return false;
  let original: BenchmarkAppConfig;
  try {
    original = parseBenchmarkAppConfig(config.source);
  } catch {
    return false;
  }
  if (original.devices.length !== config.devices.length) return false;
  return config.devices.every((d, i) => {
    const o = original.devices[i]!;
    return (
      o.device === d.device &&
      o.entries.length === d.entries.length &&
      d.entries.every(
        (e, j) =>
          e.key === o.entries[j]!.key &&
          e.span !== undefined &&
          e.span[0] === o.entries[j]!.span![0],
      )
    );
  });
}

export function writeBenchmarkAppConfig(file: string, config: BenchmarkAppConfig): void {
  try {
    writeFileSync(file, dumpBenchmarkAppConfig(config));
  } catch (err) {
    throw new UserError('BadConfig', `Cannot write config file ${file}.`, (err as Error).message);
  }
}

/** The knobs a config sets for one device, and the properties SparseScope only passes through. */
export interface ConfigKnobs {
  streams?: number;
  threads?: number;
  sparseRate?: number;
  /** "KEY=VALUE" of every property SparseScope keeps but does not act on. */
  passedThrough: string[];
}

function numberOf(
  file: string,
  device: string,
  e: ConfigEntry,
  integer: boolean,
  min: number,
  max: number,
): number {
  const v = typeof e.value === 'string' ? Number(e.value.trim()) : e.value;
  if (
    typeof v !== 'number' ||
    (typeof e.value === 'string' && e.value.trim() === '') ||
    !Number.isFinite(v) ||
    v < min ||
    v > max ||
    (integer && !Number.isInteger(v))
  ) {
    throw new UserError(
      'BadConfig',
      `${file}: ${device}.${e.key} is ${JSON.stringify(e.value)}; expected ${integer ? 'an integer' : 'a number'} from ${min} to ${max} (as a string or a number).`,
    );
  }
  return v;
}

/** Read the knobs of `device` (default CPU); throws UserError naming the file and property. */
export function configKnobs(
  config: BenchmarkAppConfig,
  file = 'config',
  device = 'CPU',
): ConfigKnobs {
  const knobs: ConfigKnobs = { passedThrough: [] };
  for (const d of config.devices) {
    for (const e of d.entries) {
      const knob =
        d.device === device ? KNOWN_CPU_KEYS[e.key as keyof typeof KNOWN_CPU_KEYS] : undefined;
      if (knob === 'streams') knobs.streams = numberOf(file, d.device, e, true, 1, 4096);
      else if (knob === 'threads') knobs.threads = numberOf(file, d.device, e, true, 1, 4096);
      else if (knob === 'sparseRate') knobs.sparseRate = numberOf(file, d.device, e, false, 0, 1);
      else knobs.passedThrough.push(`${d.device}.${e.key}=${valueText(e)}`);
    }
  }
  return knobs;
}

/**
 * Set knobs into a config (a copy): an existing property keeps its type (string stays string),
 * a new one is written as a string like benchmark_app does.
 */
export function withKnobs(
  config: BenchmarkAppConfig,
  knobs: { streams?: number; threads?: number; sparseRate?: number | null },
  device = 'CPU',
): BenchmarkAppConfig {
  const devices = config.devices.map((d) => ({
    device: d.device,
    entries: d.entries.map((e) => ({ ...e })),
  }));
  let dev = devices.find((d) => d.device === device);
  if (!dev) devices.push((dev = { device, entries: [] }));
  const set = (key: string, n: number | null | undefined): void => {
    if (n === undefined) return;
    const at = dev.entries.findIndex((e) => e.key === key);
    if (n === null) {
      if (at >= 0) dev.entries.splice(at, 1);
      return;
    }
    if (at >= 0) {
      const e = dev.entries[at]!;
      const same = typeof e.value === 'string' ? Number(e.value) === n : e.value === n;
      if (!same) e.value = typeof e.value === 'number' ? n : String(n);
    } else {
      dev.entries.push({ key, value: String(n) });
    }
  };
  set('NUM_STREAMS', knobs.streams);
  set('INFERENCE_NUM_THREADS', knobs.threads);
  set('CPU_SPARSE_WEIGHTS_DECOMPRESSION_RATE', knobs.sparseRate);
  return config.source === undefined ? { devices } : { devices, source: config.source };
}

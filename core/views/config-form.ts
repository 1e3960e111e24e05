import type { Node } from 'jsonc-parser';
import type { JsonPathItem } from '../api/config-files';
import { numberInFileType, setValue, valueAt } from './config-text';

/**
 * The Config editor's form view, derived from a kind's JSON Schema: every key marked
 * `x-form` becomes a field (objects marked `x-form`, such as benchmark_app's CPU, contribute
 * their own marked keys). A field reads its value from the JSON text and writes back through
 * `setValue`, so the text stays the one source of truth and a form edit changes only that value.
 */

type Schema = Record<string, unknown>;

export type FieldControl =
  'integer' | 'number' | 'text' | 'choice' | 'integer-list' | 'choice-list';

export interface FormField {
  path: JsonPathItem[];
  /** The key as written in the file, e.g. "NUM_STREAMS" or "streams". */
  label: string;
  control: FieldControl;
  /** Values of a choice or choice-list. */
  choices: string[];
  min: number | null;
  max: number | null;
  /** The value may be written as a string ("4"): benchmark_app configs; an edit keeps the file's type. */
  stringsAllowed: boolean;
  /** The key's description (what it does, range, default, benchmark_app equivalent). */
  help: string;
}

function branches(s: Schema): Schema[] {
  const any = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
  return any ? any : [s];
}

function numericBranch(s: Schema): Schema | undefined {
  return branches(s).find((b) => b.type === 'integer' || b.type === 'number');
}

function bound(
  b: Schema | undefined,
  key: 'minimum' | 'maximum' | 'exclusiveMinimum',
): number | null {
  const v = b?.[key];
  return typeof v === 'number' ? v : null;
}

function fieldOf(path: JsonPathItem[], s: Schema): FormField | null {
  const base = {
    path,
    label: String(path[path.length - 1]),
    help: typeof s.description === 'string' ? s.description : '',
    choices: [] as string[],
    min: null as number | null,
    max: null as number | null,
    stringsAllowed: branches(s).some((b) => b.type === 'string') && numericBranch(s) !== undefined,
  };
  const enumOf = (b: Schema) => (Array.isArray(b.enum) ? (b.enum as unknown[]).map(String) : null);
  const choice = branches(s).map(enumOf).find(Boolean);
  if (choice) return { ...base, control: 'choice', choices: choice };
  const num = numericBranch(s);
  if (num) {
    const min = bound(num, 'minimum') ?? bound(num, 'exclusiveMinimum');
    return {
      ...base,
      control: num.type === 'integer' ? 'integer' : 'number',
      min,
      max: bound(num, 'maximum'),
    };
  }
  const array = branches(s).find((b) => b.type === 'array');
  if (array) {
    const items = (array.items ?? {}) as Schema;
    const itemChoices = enumOf(items);
    if (itemChoices) return { ...base, control: 'choice-list', choices: itemChoices };
    if (items.type === 'integer') {
      return {
        ...base,
        control: 'integer-list',
        min: bound(items, 'minimum') ?? 1,
        max: bound(items, 'maximum'),
      };
    }
    return null;
  }
  if (branches(s).some((b) => b.type === 'string')) return { ...base, control: 'text' };
  return null;
}

/** The form's fields for a JSON Schema, in the schema's key order. */
export function formFields(schema: Schema, path: JsonPathItem[] = []): FormField[] {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const fields: FormField[] = [];
  for (const [key, s] of Object.entries(properties)) {
    if (s['x-form'] !== true) continue;
    const object = branches(s).find((b) => b.type === 'object');
    if (object) fields.push(...formFields(object, [...path, key]));
    else {
      const field = fieldOf([...path, key], s);
      if (field) fields.push(field);
    }
  }
  return fields;
}

/**
 * What a field shows for the current text: "" when the key is absent. `tree` is the text's
 * syntax tree (configTree) when the caller reads many fields of one text.
 */
export function fieldText(text: string, field: FormField, tree?: Node | null): string {
  const value = valueAt(text, field.path, tree);
  if (value === undefined || value === null) return '';
  // Objects where a field expects a scalar (a wrong config) are shown as the JSON they are.
  const shown = (v: unknown) =>
    v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (Array.isArray(value)) return value.map(shown).join(', ');
  return shown(value);
}

/** Which choices of a choice-list field the text holds. */
export function fieldChoices(text: string, field: FormField, tree?: Node | null): string[] {
  const value = valueAt(text, field.path, tree);
  return Array.isArray(value) ? value.filter((v) => typeof v === 'string') : [];
}

function parseNumber(input: string, field: FormField): number | string {
  const n = Number(input);
  const kind =
    field.control === 'integer' || field.control === 'integer-list' ? 'an integer' : 'a number';
  if (input === '' || !Number.isFinite(n) || (kind === 'an integer' && !Number.isInteger(n)))
    return `${field.label}: expected ${kind}, got "${input}"`;
  return n;
}

/**
 * The text after the user typed `input` into a field, or the reason it cannot be written (the
 * text is then left alone and the field says why). An empty input removes the key. The range
 * is not checked here: an out-of-range value is written, and the check marks it at its key.
 */
export function applyField(
  text: string,
  field: FormField,
  input: string | string[],
): { text: string } | { error: string } {
  if (Array.isArray(input)) return write(text, field.path, input.length ? input : undefined);
  const raw = input.trim();
  if (raw === '') return write(text, field.path, undefined);
  let value: unknown = raw;
  if (field.control === 'integer' || field.control === 'number') {
    const n = parseNumber(raw, field);
    if (typeof n === 'string') return { error: n };
    value = field.stringsAllowed ? numberInFileType(valueAt(text, field.path), n) : n;
  } else if (field.control === 'integer-list') {
    const items = raw
      .split(/[\s,]+/)
      .filter(Boolean)
      .map((p) => parseNumber(p, field));
    const bad = items.find((i) => typeof i === 'string');
    if (bad !== undefined) return { error: `${bad} (a list such as 1, 2, 4)` };
    value = items;
  }
  return write(text, field.path, value);
}

/** setValue, with a text it cannot edit safely (nested too deep, not an object) as the reason. */
function write(
  text: string,
  path: FormField['path'],
  value: unknown,
): { text: string } | { error: string } {
  try {
    return { text: setValue(text, path, value) };
  } catch (err) {
    return { error: `The form cannot edit this text: ${(err as Error).message}.` };
  }
}

import type { z } from 'zod';
import type { ConfigIssue, JsonPathItem } from '../api/config-files';
import { lineColumn } from '../util/json-reader';
import { configTree, rangeOf } from '../views/config-text';

/**
 * Turning zod's issues into what people read — "at variants[1].model: expected a model file,
 * got 5" — for every config message: file loaders, the `config check` command, the editor's
 * inline marks and the bench flags.
 */

/** A JSON path for messages: variants[1].model. */
export function jsonPath(p: readonly PropertyKey[]): string {
  if (p.length === 0) return '(top level)';
  return p
    .map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i ? '.' : ''}${String(k)}`))
    .join('');
}

export interface DescribedIssue {
  path: JsonPathItem[];
  /** What was expected, e.g. "an integer from 1 to 256". */
  expected: string;
  /** The value found, JSON-encoded and shortened; undefined when there is nothing to show. */
  got: string | undefined;
  /** Where in the text, when the path alone cannot say (the second of two equal keys). */
  range?: { from: number; to: number };
}

function valueAtPath(doc: unknown, path: readonly PropertyKey[]): unknown {
  let value = doc;
  for (const k of path)
    value =
      value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[k] : undefined;
  return value;
}

/** zod's default wording → ours; a message a schema gave itself is kept as it is. */
function expectedOf(issue: z.core.$ZodIssue): string {
  const m = issue.message;
  if (issue.code === 'too_big' && m.startsWith('Too big'))
    return `${issue.origin === 'array' ? 'at most' : 'a value of at most'} ${String(issue.maximum)}${issue.origin === 'array' ? ' items' : ''}`;
  if (issue.code === 'too_small' && m.startsWith('Too small')) {
    if (issue.origin === 'array' || issue.origin === 'string')
      return `at least ${String(issue.minimum)} ${issue.origin === 'array' ? 'items' : 'characters'}`;
    return `a value ${issue.inclusive === false ? '>' : '≥'} ${String(issue.minimum)}`;
  }
  if (issue.code === 'invalid_type' && m.endsWith('received undefined'))
    return `${issue.expected === 'array' ? 'a list' : `a ${issue.expected}`} here (the key is required)`;
  if (issue.code === 'invalid_value' && m.startsWith('Invalid option'))
    return `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  return m.replace(/^Invalid input: expected /, '').replace(/^Invalid input$/, 'a valid value');
}

/** One zod issue per place; unknown keys become one issue per key, placed at that key. */
export function describeIssues(issues: z.core.$ZodIssue[], doc: unknown): DescribedIssue[] {
  const out: DescribedIssue[] = [];
  const seen = new Set<string>();
  for (const issue of issues) {
    const path = issue.path.filter((k): k is JsonPathItem => typeof k !== 'symbol');
    const described: DescribedIssue[] =
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((k) => ({
            path: [...path, k],
            expected: `no field "${k}" here (a typo, or a field of another config kind?)`,
            got: undefined,
          }))
        : [
            {
              path,
              expected: expectedOf(issue),
              got: describeValue(valueAtPath(doc, path)),
            },
          ];
    for (const d of described) {
      const key = jsonPath(d.path);
      if (seen.has(key)) continue; // one message per place: the first rule it breaks
      seen.add(key);
      out.push(d);
    }
  }
  return out;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * Keys written twice in one object: JSON.parse keeps the last, an in-place edit changes the
 * first, and tools disagree, so a config must not have them.
 */
export function duplicateKeys(text: string): DescribedIssue[] {
  const tree = configTree(text);
  const out: DescribedIssue[] = [];
  const stack = tree ? [{ node: tree, path: [] as JsonPathItem[] }] : [];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    const seen = new Set<string>();
    (node.children ?? []).forEach((child, i) => {
      if (node.type === 'array') stack.push({ node: child, path: [...path, i] });
      if (node.type !== 'object' || !child.children) return;
      const [key, value] = child.children;
      const name = String(key!.value);
      if (seen.has(name))
        out.push({
          path: [...path, name],
          expected: `"${name}" only once in this object`,
          got: undefined,
          range: { from: child.offset, to: child.offset + child.length },
        });
      seen.add(name);
      if (value) stack.push({ node: value, path: [...path, name] });
    });
  }
  return out;
}

/** "at streams[0]: expected a value ≥ 1, got 0". */
export function issueText(d: DescribedIssue): string {
  return `at ${jsonPath(d.path)}: expected ${d.expected}${d.got !== undefined ? `, got ${d.got}` : ''}`;
}

/** Issues placed in the text they are about (the key and value at their path). */
export function placeIssues(
  text: string,
  described: {
    path: JsonPathItem[] | null;
    message: string;
    severity: ConfigIssue['severity'];
    range?: { from: number; to: number };
  }[],
): ConfigIssue[] {
  const tree = configTree(text);
  return described.map(({ range, ...d }) => {
    const { from, to } = range ?? (d.path ? rangeOf(text, d.path, tree) : { from: 0, to: 0 });
    return { ...d, from, to, ...lineColumn(text, from) };
  });
}

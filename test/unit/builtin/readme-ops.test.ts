import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_OPS } from '../../../core/engines/builtin/builtin-engine';
import { CONTRIB_OPS } from '../../../core/engines/builtin/ops/contrib';
import { opFamily } from '../../../core/engines/builtin/ops/registry';
import { projectRoot } from '../../../core/util/paths';

/** The builtin README's "Claimed ops" table lists exactly what the registry claims, by family. */
function readmeTable(): { family: string; contrib: boolean; op: string }[] {
  const text = readFileSync(path.join(projectRoot(), 'core/engines/builtin/README.md'), 'utf8');
  const section = text.slice(text.indexOf('## Claimed ops'), text.indexOf('## Kernel tiers'));
  return section
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| family') && !l.startsWith('| ---'))
    .flatMap((l) => {
      const [family, ops] = l
        .split('|')
        .slice(1, 3)
        .map((c) => c.trim()) as [string, string];
      const contrib = family.includes('com.microsoft');
      return ops
        .split(',')
        .map((op) => ({ family: family.split(' ')[0]!, contrib, op: op.trim() }));
    });
}

describe('builtin README op table', () => {
  const rows = readmeTable();
  it('lists every claimed default-domain op once, under its family', () => {
    const listed = rows.filter((r) => !r.contrib);
    expect(listed.map((r) => r.op).sort()).toEqual([...BUILTIN_OPS].sort());
    for (const r of listed) expect(`${r.op}: ${opFamily('', r.op)}`).toBe(`${r.op}: ${r.family}`);
  });

  it('lists every claimed com.microsoft op once, under its family', () => {
    const listed = rows.filter((r) => r.contrib);
    expect(listed.map((r) => r.op).sort()).toEqual(Object.keys(CONTRIB_OPS).sort());
    for (const r of listed)
      expect(`${r.op}: ${opFamily('com.microsoft', r.op)}`).toBe(`${r.op}: ${r.family}`);
  });
});

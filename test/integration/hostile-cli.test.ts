import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../core/util/paths';
import { buildCore } from '../../scripts/build.mjs';
import { buildCorpus, type HostileCase } from './hostile-corpus';

// Every hostile input ends in exit 0 or 2 within 10 s, with a message and no stack trace.

const corpus = buildCorpus();
beforeAll(() => buildCore(), 120_000);
afterAll(() => rmSync(corpus.dir, { recursive: true, force: true }));

function runCli(argv: string[]): Promise<{ code: number | null; out: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(projectRoot(), 'dist/core/bin.js'), ...argv], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out, ms: Date.now() - started });
    });
  });
}

const STACK = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;

describe('hostile CLI inputs', () => {
  it.each(corpus.cases.map((c) => [c.name, c] as const))(
    '%s',
    async (_name, c: HostileCase) => {
      const r = await runCli(c.argv);
      const shown = `${c.name}: exit ${r.code} after ${r.ms} ms\n${r.out}`;
      expect([0, 2], shown).toContain(r.code);
      expect(r.out.trim().length, shown).toBeGreaterThan(0);
      expect(r.out, shown).not.toMatch(STACK);
      expect(r.out, shown).not.toContain(corpus.secret);
      expect(r.out, shown).toMatch(c.says);
    },
    15_000,
  );
});

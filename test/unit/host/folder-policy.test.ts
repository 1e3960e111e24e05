import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { WorkbenchApi } from '../../../core/api/contract';
import { FolderPolicy } from '../../../core/host/folder-policy';
import { inProcessApi } from '../../../core/host/in-process';
import { createWorkbenchHost } from '../../../core/host/workbench';

const allowed = mkdtempSync(path.join(os.tmpdir(), 'policy-allowed-'));
const outside = mkdtempSync(path.join(os.tmpdir(), 'policy-outside-'));
writeFileSync(path.join(outside, 'secret.onnx'), 'not yours');
writeFileSync(path.join(outside, 'secret.json'), '{}');
symlinkSync(path.join(outside, 'secret.onnx'), path.join(allowed, 'link.onnx'));
mkdirSync(path.join(allowed, 'sub'));

describe('FolderPolicy', () => {
  const policy = new FolderPolicy([allowed]);
  it('allows files inside the chosen folders, by their real path', () => {
    expect(policy.readable(path.join(allowed, 'sub'), 'folder')).toBe(path.join(allowed, 'sub'));
    expect(policy.readable(path.join(allowed, 'missing.onnx'), 'model file')).toBe(
      path.join(allowed, 'missing.onnx'),
    );
    expect(policy.writable(path.join(allowed, 'sub', 'new.json'), 'config file')).toBe(
      path.join(allowed, 'sub', 'new.json'),
    );
  });

  it('refuses paths outside them, through .. and through links', () => {
    for (const p of [
      path.join(outside, 'secret.onnx'),
      path.join(allowed, '..', path.basename(outside), 'secret.onnx'),
      path.join(allowed, 'link.onnx'),
      '/etc/passwd',
    ]) {
      expect(() => policy.readable(p, 'model file'), p).toThrow(
        /may only use model files inside the folders you chose/,
      );
    }
    expect(() => policy.writable(path.join(outside, 'x.json'), 'config file')).toThrow(
      /Forbidden|folders you chose/,
    );
  });
});

describe('every API method that takes a path is confined', () => {
  const api: WorkbenchApi = inProcessApi(
    createWorkbenchHost({ hostKind: 'in-process', folders: [allowed] }),
  );
  const secret = path.join(outside, 'secret.onnx');
  const calls: Array<[string, () => Promise<unknown>]> = [
    ['openModel', () => api.openModel(secret)],
    ['listDirectory', () => api.listDirectory(outside)],
    ['importRuns', () => api.importRuns([path.join(outside, 'secret.json')])],
    ['importProfile', () => api.importProfile(path.join(outside, 'secret.json'))],
    ['readConfigFile', () => api.readConfigFile(path.join(outside, 'secret.json'))],
    ['writeConfigFile', () => api.writeConfigFile(path.join(outside, 'new.json'), '{"CPU": {}}')],
    ['updateSettings', () => api.updateSettings({ resultsFolder: outside })],
    [
      'startSweep',
      () =>
        api.startSweep({
          version: 1,
          variants: [{ label: 'a', model: secret }],
          engines: ['ort'],
          streams: [1],
          threads: [1],
          seq: [8],
          batch: [1],
          niter: 1,
        }),
    ],
  ];
  it.each(calls)('%s refuses a file outside the chosen folders', async (_name, call) => {
    const err = await call().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ name: 'Forbidden' });
  });

  it('lists folders only up to the chosen ones and names them', async () => {
    const listing = await api.listDirectory(path.join(allowed, 'sub'));
    expect(listing.parent).toBe(allowed);
    expect((await api.listDirectory(allowed)).parent).toBeNull();
    expect(listing.roots).toContain(allowed);
  });
});

import { describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../../../core/api/contract';
import { UserError } from '../../../core/api/errors';
import { dispatch } from '../../../core/host/dispatch';
import { Host } from '../../../core/host/host';
import { inProcessApi } from '../../../core/host/in-process';
import { createWorkbenchHost } from '../../../core/host/workbench';

describe('dispatch', () => {
  const host = createWorkbenchHost({ hostKind: 'in-process' });

  it('answers a valid request with its id and result', async () => {
    const res = await dispatch(host, {
      kind: 'request',
      id: 'r1',
      method: 'getAppInfo',
      params: [],
    });
    expect(res).toMatchObject({ kind: 'response', id: 'r1', ok: true });
  });

  it('turns malformed requests into BadRequest data, never a throw', async () => {
    for (const bad of [
      null,
      42,
      'x',
      {},
      { kind: 'request', id: 'x', method: 'nope', params: [] },
    ]) {
      const res = await dispatch(host, bad);
      expect(res.ok).toBe(false);
      if (!res.ok) expect(res.error.name).toBe('BadRequest');
    }
  });

  it('validates parameters against the method schema', async () => {
    const res = await dispatch(host, {
      kind: 'request',
      id: 'p',
      method: 'getAppInfo',
      params: [1],
    });
    expect(res).toMatchObject({ id: 'p', ok: false, error: { name: 'BadRequest' } });
  });

  it('carries handler errors as {name, message, detail}', async () => {
    const failing = new Host({
      ...host.handlers,
      getAppInfo: async () => {
        throw new UserError('BadModel', 'model.onnx: truncated', 'byte 12: expected a field tag');
      },
    });
    const res = await dispatch(failing, {
      kind: 'request',
      id: 'e',
      method: 'getAppInfo',
      params: [],
    });
    expect(res).toEqual({
      kind: 'response',
      id: 'e',
      ok: false,
      error: {
        name: 'BadModel',
        message: 'model.onnx: truncated',
        detail: 'byte 12: expected a field tag',
      },
    });
  });

  it('the in-process transport exposes every contract method', async () => {
    const api = inProcessApi(host);
    for (const m of METHOD_NAMES) expect(typeof api[m]).toBe('function');
    const info = await api.getAppInfo();
    expect(info.host).toBe('in-process');
    expect(info.engines.find((e) => e.id === 'ort')?.available).toBe(true);
  });

  it('delivers progress events to subscribers with the request id', () => {
    const seen: unknown[] = [];
    const off = host.subscribe((e) => seen.push(e));
    host.contextFor('req-9').progress(0.5, 'half');
    off();
    host.contextFor('req-9').progress(1, 'done');
    expect(seen).toEqual([
      { type: 'progress', requestId: 'req-9', fraction: 0.5, message: 'half' },
    ]);
  });
});

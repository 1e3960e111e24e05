import { describe, expect, it } from 'vitest';
import { BugError, UserError } from '../../../core/api/errors';
import { OvWorker } from '../../../core/engines/openvino/worker-client';
import { fakePython } from './fake-python';

// A worker that dies, hangs or prints garbage fails the request in flight — as data the
// sweep can record — and is gone afterwards; it never hangs or crashes the host.

const python = fakePython();
const compile = (w: OvWorker, model: string, timeoutMs = 10_000) =>
  w.request('compile', { model, config: {} }, { timeoutMs });

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

async function gone(pid: number | undefined): Promise<boolean> {
  for (let i = 0; i < 50; i++) {
    try {
      process.kill(pid!, 0);
    } catch {
      return true;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

describe('OpenVINO worker faults', () => {
  it('a worker that dies: Crashed, with its exit code and last words but no traceback', async () => {
    const w = new OvWorker(python);
    const err = await failure(compile(w, '/m/die.onnx'));
    expect(err).toBeInstanceOf(BugError);
    expect((err as BugError).kind).toBe('Crashed');
    expect(err.message).toBe('The OpenVINO worker exited (exit code 139) during "compile".');
    expect((err as BugError).detail).toContain('Segmentation fault');
    // Every later request fails the same way, at once.
    expect(await failure(compile(w, '/m/ok.onnx'))).toBe(err);
  });

  it('a worker that hangs: Timeout, and the process is killed', async () => {
    const w = new OvWorker(python);
    const t0 = Date.now();
    const err = await failure(compile(w, '/m/hang.onnx', 500));
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).kind).toBe('Timeout');
    expect(err.message).toMatch(/did not answer "compile" within 1 s; it was stopped/);
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(await gone(w.pid)).toBe(true);
  });

  it('a worker that prints garbage: Crashed, naming the line, and the process is killed', async () => {
    const w = new OvWorker(python);
    const err = await failure(compile(w, '/m/garbage.onnx'));
    expect(err).toBeInstanceOf(BugError);
    expect(err.message).toBe(
      'The OpenVINO worker printed a line that is not a protocol reply: "[CPU] plugin says hello".',
    );
    expect(await gone(w.pid)).toBe(true);
  });

  it('a reply to a request that was not asked: Crashed', async () => {
    const w = new OvWorker(python);
    const err = await failure(compile(w, '/m/wrongid.onnx'));
    expect(err).toBeInstanceOf(BugError);
    expect(err.message).toMatch(/answered request 999, which was not asked/);
  });

  it("OpenVINO's refusal: the user-fixable kind, with OpenVINO's own words", async () => {
    const w = new OvWorker(python);
    const err = await failure(compile(w, '/m/refuse.onnx'));
    expect(err).toBeInstanceOf(UserError);
    expect(err).toMatchObject({ kind: 'BadModel', detail: "Check 'ir_version' failed" });
    await w.close();
  });

  it('a cancelled request: Cancelled, and the process is killed', async () => {
    const w = new OvWorker(python);
    const abort = new AbortController();
    const p = w.request(
      'compile',
      { model: '/m/hang.onnx' },
      { timeoutMs: 30_000, signal: abort.signal },
    );
    setTimeout(() => abort.abort(), 100);
    const err = await failure(p);
    expect(err).toMatchObject({ kind: 'Cancelled' });
    expect(await gone(w.pid)).toBe(true);
  });

  it('a Python that cannot start: Crashed, naming it', async () => {
    const w = new OvWorker('/nonexistent/python3');
    const err = await failure(compile(w, '/m/ok.onnx'));
    expect(err).toBeInstanceOf(BugError);
    expect(err.message).toMatch(/\/nonexistent\/python3/);
  });
});

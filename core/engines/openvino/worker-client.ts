import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { BugError, USER_ERROR_KINDS, UserError, type ErrorKind } from '../../api/errors';
import { readJson } from '../../util/json-reader';
import { workerScript } from './python';

/**
 * One OpenVINO worker process (ov-worker.py) and its JSON-lines protocol: one request at a
 * time, each answered by one line. Everything that can go wrong with a child process ends
 * in one error for the request in flight and a dead worker — never a hung or crashed host:
 *   exits or is killed  → BugError('Crashed') with the tail of its stderr
 *   a line that is not JSON, or not a reply → BugError('Crashed'), worker killed
 *   no answer in time   → UserError('Timeout'), worker killed
 *   the signal aborts   → UserError('Cancelled'), worker killed
 *   OpenVINO refuses    → UserError(kind from the worker, OpenVINO's own words as detail)
 */

/** Longest reply line accepted (outputs of a big model travel base64 in one line). */
const MAX_LINE = 256 * 2 ** 20;
const STDERR_TAIL = 4000;

export interface WorkerReply {
  id: number;
  ok: boolean;
  [key: string]: unknown;
}

export class OvWorker {
  private readonly child: ChildProcess;
  private nextId = 1;
  private stderrTail = '';
  private exitInfo: string | null = null;
  private pending: {
    id: number;
    op: string;
    resolve: (r: WorkerReply) => void;
    reject: (e: Error) => void;
  } | null = null;
  /** Set once the worker is unusable; every later request fails with it. */
  private dead: Error | null = null;

  constructor(python: string) {
    this.child = spawn(python, [workerScript()], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, PYTHONUNBUFFERED: '1' },
    });
    this.child.stderr!.setEncoding('utf8');
    this.child.stderr!.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_TAIL);
    });
    this.child.stdin!.on('error', () => undefined); // EPIPE after a crash: reported via exit
    this.child.on('error', (err) =>
      this.fail(
        new BugError('Crashed', `The OpenVINO worker (${python}) could not start: ${err.message}`),
      ),
    );
    this.child.on('exit', (code, signal) => {
      this.exitInfo = signal ? `signal ${signal}` : `exit code ${code}`;
      this.fail(
        new BugError(
          'Crashed',
          `The OpenVINO worker exited (${this.exitInfo})${this.pending ? ` during "${this.pending.op}"` : ''}.`,
          this.stderrSummary(),
        ),
      );
    });
    const lines = createInterface({ input: this.child.stdout!, crlfDelay: Infinity });
    lines.on('line', (line) => this.onLine(line));
  }

  /** Send one request; resolves with the worker's ok reply. */
  request(
    op: string,
    body: Record<string, unknown>,
    options: { timeoutMs: number; signal?: AbortSignal },
  ): Promise<WorkerReply> {
    if (this.dead) return Promise.reject(this.dead);
    if (this.pending) {
      return Promise.reject(
        new BugError(
          'InternalError',
          `OpenVINO worker: "${op}" sent while "${this.pending.op}" is in flight.`,
        ),
      );
    }
    if (options.signal?.aborted) return Promise.reject(cancelled());
    const id = this.nextId++;
    return new Promise<WorkerReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(
          new UserError(
            'Timeout',
            `The OpenVINO worker did not answer "${op}" within ${Math.round(options.timeoutMs / 1000)} s; it was stopped.`,
          ),
        );
      }, options.timeoutMs);
      const onAbort = (): void => this.fail(cancelled());
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const done = (): void => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        this.pending = null;
      };
      this.pending = {
        id,
        op,
        resolve: (r) => (done(), resolve(r)),
        reject: (e) => (done(), reject(e)),
      };
      this.child.stdin!.write(JSON.stringify({ id, op, ...body }) + '\n');
    });
  }

  /** The worker's process id (tests check that a failed worker is gone). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Ask the worker to exit; kill it if it does not within a few seconds. */
  async close(): Promise<void> {
    if (this.dead || this.child.exitCode !== null) return this.kill();
    const exited = new Promise<void>((r) => this.child.once('exit', () => r()));
    try {
      await this.request('close', {}, { timeoutMs: 5_000 });
    } catch {
      // A worker that cannot close cleanly is killed below.
    }
    this.child.stdin!.end();
    const grace = setTimeout(() => this.kill(), 5_000);
    await exited;
    clearTimeout(grace);
  }

  /** Stop the process now (SIGKILL: a hung native call ignores anything gentler). */
  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }

  private onLine(line: string): void {
    if (this.dead) return;
    let reply: WorkerReply;
    try {
      const value = readJson(
        line,
        { source: 'OpenVINO worker output', kind: 'RunFailed' },
        { maxLength: MAX_LINE },
      );
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new Error('not an object');
      }
      reply = value as WorkerReply;
    } catch (err) {
      this.fail(
        new BugError(
          'Crashed',
          `The OpenVINO worker printed a line that is not a protocol reply: ${JSON.stringify(line.slice(0, 120))}.`,
          (err as Error).message,
        ),
      );
      return;
    }
    const p = this.pending;
    if (!p || reply.id !== p.id) {
      this.fail(
        new BugError(
          'Crashed',
          `The OpenVINO worker answered request ${String(reply.id)}, which was not asked.`,
        ),
      );
      return;
    }
    if (reply.ok === true) p.resolve(reply);
    else p.reject(replyError(reply));
  }

  /** End the worker with `err`: the request in flight (and every later one) fails with it. */
  private fail(err: Error): void {
    if (!this.dead) this.dead = err;
    const p = this.pending;
    this.kill();
    if (p) p.reject(err);
  }

  /** The last lines the worker wrote to stderr, without Python traceback frames (no stacks for users). */
  private stderrSummary(): string | undefined {
    const lines = this.stderrTail
      .split('\n')
      .map((l) => l.trimEnd())
      .filter((l) => l.trim() !== '' && !/^(Traceback |\s+File "|\s{4})/.test(l));
    return lines.length ? `The worker's last words: ${lines.slice(-3).join(' | ')}` : undefined;
  }
}

function cancelled(): UserError {
  return new UserError('Cancelled', 'The OpenVINO run was cancelled.');
}

/** The worker's {kind, message, detail} as a thrown error; unknown kinds are crashes. */
function replyError(reply: WorkerReply): Error {
  const e = (reply.error ?? {}) as { kind?: unknown; message?: unknown; detail?: unknown };
  const message = typeof e.message === 'string' ? e.message : 'The OpenVINO worker failed.';
  const detail = typeof e.detail === 'string' ? e.detail : undefined;
  if (typeof e.kind === 'string' && (USER_ERROR_KINDS as readonly string[]).includes(e.kind)) {
    return new UserError(e.kind as ErrorKind, message, detail);
  }
  return new BugError('Crashed', `The OpenVINO worker failed: ${message}`, detail);
}

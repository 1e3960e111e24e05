import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ServerMessage } from '../../core/api/protocol';
import { Prng } from '../../core/util/prng';
import { buildCore, buildRenderer } from '../../scripts/build.mjs';
import { startServe } from '../unit/helpers/serve';

// A live `sparsescope serve` must survive anything one client sends: every malformed-frame
// type of RFC 6455 plus random bytes, each on its own connection; then a real sweep through
// the same process must still run to completion.

let serve: { url: string; child: ChildProcess };
let port = 0;
let token = '';

beforeAll(async () => {
  await buildCore();
  await buildRenderer();
  const home = mkdtempSync(path.join(os.tmpdir(), 'sparsescope-fuzz-home-'));
  serve = await startServe({ ...process.env, SPARSESCOPE_HOME: home });
  const url = new URL(serve.url);
  port = Number(url.port);
  token = url.searchParams.get('token')!;
}, 180_000);

afterAll(() => {
  serve?.child.kill('SIGTERM');
});

/** One WebSocket frame, masked like a client's unless asked otherwise. */
function frame(
  opcode: number,
  payload: Uint8Array,
  o: { fin?: boolean; rsv?: number; mask?: boolean; claimedLength?: number } = {},
): Buffer {
  const { fin = true, rsv = 0, mask = true } = o;
  const length = o.claimedLength ?? payload.length;
  const head: number[] = [(fin ? 0x80 : 0) | (rsv << 4) | opcode];
  const m = mask ? 0x80 : 0;
  if (length < 126) head.push(m | length);
  else if (length < 65536) head.push(m | 126, length >> 8, length & 255);
  else {
    head.push(m | 127);
    for (let i = 7; i >= 0; i--) head.push(Math.floor(length / 2 ** (8 * i)) & 255);
  }
  const key = [0x12, 0x34, 0x56, 0x78];
  const body = Buffer.from(payload.map((b, i) => (mask ? b ^ key[i % 4]! : b)));
  return Buffer.concat([Buffer.from(head), mask ? Buffer.from(key) : Buffer.alloc(0), body]);
}

const closeFrame = (code: number) => frame(0x8, new Uint8Array([code >> 8, code & 255]));

/** Open a raw WebSocket connection (handshake done), send bytes, wait until the server hangs up or 1 s. */
function sendRaw(bytes: Buffer): Promise<'closed' | 'open'> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let upgraded = false;
    const timer = setTimeout(() => {
      socket.destroy();
      resolve('open');
    }, 1000);
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      if (upgraded) resolve('closed');
      else reject(new Error('the server refused the WebSocket handshake'));
    });
    socket.on('data', (data: Buffer) => {
      if (!upgraded && data.toString().startsWith('HTTP/1.1 101')) {
        upgraded = true;
        socket.write(bytes);
      }
    });
    socket.write(
      [
        'GET /api/ws HTTP/1.1',
        `Host: 127.0.0.1:${port}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
        'Sec-WebSocket-Version: 13',
        `x-sparsescope-token: ${token}`,
        '',
        '',
      ].join('\r\n'),
    );
  });
}

const text = (s: string) => new TextEncoder().encode(s);

const MALFORMED: Array<[string, Buffer]> = [
  ['a message over the 1 MiB limit', frame(0x1, text('x'.repeat(16)), { claimedLength: 2 ** 21 })],
  ['an unmasked client frame', frame(0x1, text('{"kind":"request"}'), { mask: false })],
  ['reserved data opcode 0x3', frame(0x3, text('hi'))],
  ['reserved control opcode 0xB', frame(0xb, text('hi'))],
  ['invalid UTF-8 in a text frame', frame(0x1, new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]))],
  ['close code 999', closeFrame(999)],
  ['reserved close code 1004', closeFrame(1004)],
  ['close code 5000', closeFrame(5000)],
  ['RSV1 set without an extension', frame(0x1, text('hi'), { rsv: 4 })],
  ['a fragmented ping', frame(0x9, text('p'), { fin: false })],
  ['a control frame over 125 bytes', frame(0x9, new Uint8Array(200))],
  ['a continuation with nothing to continue', frame(0x0, text('more'))],
  [
    'a text frame then an unfinished binary one',
    Buffer.concat([frame(0x1, text('a'), { fin: false }), frame(0x2, text('b'))]),
  ],
];

/** Send raw bytes over HTTP and return what the server answers (until it closes or 2 s). */
function rawHttp(raw: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let reply = '';
    const done = () => resolve(reply);
    const timer = setTimeout(() => {
      socket.destroy();
      done();
    }, 2000);
    socket.on('data', (d: Buffer) => {
      reply += d.toString();
      if (/\r\n\r\n/.test(reply)) {
        clearTimeout(timer);
        socket.destroy();
        done();
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      done();
    });
    socket.write(raw);
  });
}

/** One request over a proper client; resolves with its response. */
function call(ws: WebSocket, method: string, params: unknown[]): Promise<ServerMessage> {
  const id = `fuzz-${Math.random().toString(36).slice(2)}`;
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const m = JSON.parse(String(data)) as ServerMessage;
      if (m.kind === 'response' && m.id === id) {
        ws.off('message', onMessage);
        resolve(m);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ kind: 'request', id, method, params }));
  });
}

describe('sparsescope serve under hostile WebSocket clients', () => {
  it('closes each misbehaving client and keeps serving', async () => {
    for (const [name, bytes] of MALFORMED) {
      expect(await sendRaw(bytes), name).toBe('closed');
      expect(serve.child.exitCode, `serve died on ${name}`).toBeNull();
    }
    const prng = new Prng(7);
    for (let i = 0; i < 60; i++) {
      const junk = Buffer.from(Array.from({ length: 1 + prng.int(300) }, () => prng.int(256)));
      await sendRaw(junk);
      expect(serve.child.exitCode, `serve died on random frame ${i}`).toBeNull();
    }
  }, 180_000);

  it('answers bad messages on a good connection with errors, without stacks', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/ws`, {
      headers: { 'x-sparsescope-token': token },
    });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const answers: ServerMessage[] = [];
    ws.on('message', (d) => answers.push(JSON.parse(String(d)) as ServerMessage));
    ws.send('{"kind": "request", "id": "x", "method": "listRuns", "params": [}');
    ws.send('['.repeat(10_000));
    ws.send(Buffer.from([1, 2, 3]), { binary: true });
    const bad = await call(ws, 'startSweep', [{ version: 1, variants: 'nope' }]);
    await new Promise((r) => setTimeout(r, 300));
    const errors = [...answers, bad].filter((m) => m.kind === 'response' && !m.ok);
    expect(errors.length).toBeGreaterThanOrEqual(4);
    for (const e of errors) {
      if (e.kind !== 'response' || e.ok) continue;
      expect(e.error.name).toMatch(/^(BadRequest|BadConfig)$/);
      expect(JSON.stringify(e.error)).not.toMatch(/\s+at .+\(.*:\d+:\d+\)/);
    }
    ws.close();
  }, 60_000);

  it('answers hostile HTTP requests with 4xx and keeps serving', async () => {
    const base = `127.0.0.1:${port}`;
    const good = { 'x-sparsescope-token': token };
    const cases: Array<[string, string, number]> = [
      ['no token', `GET / HTTP/1.1\r\nHost: ${base}\r\n\r\n`, 401],
      ['wrong token', `GET / HTTP/1.1\r\nHost: ${base}\r\nx-sparsescope-token: nope\r\n\r\n`, 401],
      [
        'foreign Origin',
        `GET / HTTP/1.1\r\nHost: ${base}\r\nOrigin: http://evil.example\r\nx-sparsescope-token: ${token}\r\n\r\n`,
        403,
      ],
      [
        'foreign Host',
        `GET / HTTP/1.1\r\nHost: evil.example\r\nx-sparsescope-token: ${token}\r\n\r\n`,
        403,
      ],
      [
        'an oversized body',
        `POST / HTTP/1.1\r\nHost: ${base}\r\nx-sparsescope-token: ${token}\r\nContent-Length: 10000000\r\n\r\n${'x'.repeat(1000)}`,
        413,
      ],
      [
        'a chunked body',
        `POST / HTTP/1.1\r\nHost: ${base}\r\nx-sparsescope-token: ${token}\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n`,
        413,
      ],
      ['a malformed request line', 'GARBAGE\r\n\r\n', 400],
      [
        'oversized headers',
        `GET / HTTP/1.1\r\nHost: ${base}\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
        431,
      ],
      [
        'a path out of the UI folder',
        `GET /..%2f..%2f..%2fetc%2fpasswd HTTP/1.1\r\nHost: ${base}\r\nx-sparsescope-token: ${token}\r\n\r\n`,
        200,
      ],
    ];
    for (const [name, raw, status] of cases) {
      const reply = await rawHttp(raw);
      expect(reply.slice(0, 12), name).toBe(`HTTP/1.1 ${status}`);
      expect(reply, name).not.toContain('root:x:0:0');
    }
    // Guessing tokens is slowed to 20 a minute per address, but the right token still works.
    for (let i = 0; i < 25; i++)
      await rawHttp(`GET / HTTP/1.1\r\nHost: ${base}\r\nx-sparsescope-token: guess${i}\r\n\r\n`);
    expect(
      (
        await rawHttp(`GET / HTTP/1.1\r\nHost: ${base}\r\nx-sparsescope-token: guess\r\n\r\n`)
      ).slice(0, 12),
    ).toBe('HTTP/1.1 429');
    const ok = await fetch(`http://${base}/`, { headers: good });
    expect(ok.status).toBe(200);
    // Unknown methods and wrong parameter types over the socket: errors, not crashes.
    const ws = new WebSocket(`ws://${base}/api/ws`, { headers: good });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    for (const [method, params] of [
      ['nope', []],
      ['openModel', [42]],
      ['getRun', ['../../etc']],
      ['listDirectory', ['/etc']],
    ] as const) {
      const r = await call(ws, method, [...params]);
      expect(r.kind === 'response' && !r.ok, method).toBe(true);
    }
    ws.close();
    expect(serve.child.exitCode).toBeNull();
  }, 60_000);

  it('still runs a real sweep to completion afterwards', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/ws`, {
      headers: { 'x-sparsescope-token': token },
    });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const generated = await call(ws, 'generateModel', [
      { preset: 'tiny', sparsity: 0, precision: 'fp32' },
    ]);
    expect(generated.kind === 'response' && generated.ok).toBe(true);
    const model =
      generated.kind === 'response' && generated.ok ? (generated.result as { path: string }) : null;
    const finished = new Promise<void>((resolve) =>
      ws.on('message', (d) => {
        const m = JSON.parse(String(d)) as ServerMessage;
        if (m.kind === 'event' && m.event.type === 'sweep-status' && m.event.status === 'finished')
          resolve();
      }),
    );
    const started = await call(ws, 'startSweep', [
      {
        version: 1,
        variants: [{ label: 'dense', model: model!.path }],
        engines: ['ort'],
        streams: [1],
        threads: [1],
        seq: [8],
        batch: [1],
        niter: 5,
      },
    ]);
    expect(started.kind === 'response' && started.ok).toBe(true);
    await finished;
    const runs = await call(ws, 'listRuns', []);
    expect(
      runs.kind === 'response' && runs.ok && (runs.result as { status: string }[])[0]?.status,
    ).toBe('finished');
    expect(serve.child.exitCode).toBeNull();
    ws.close();
  }, 120_000);
});

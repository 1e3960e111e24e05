import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { AppInfo } from '../../../core/api/contract';
import type { ServerMessage } from '../../../core/api/protocol';
import { startWebServer, type WebServer } from '../../../core/host/web-server';
import { createWorkbenchHost } from '../../../core/host/workbench';

let server: WebServer;
let base: string;

function request(
  pathAndQuery: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${pathAndQuery}`, { method, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  const staticDir = mkdtempSync(path.join(os.tmpdir(), 'ss-static-'));
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>SparseScope</title>');
  mkdirSync(path.join(staticDir, 'assets'));
  writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  server = await startWebServer({
    host: createWorkbenchHost({ hostKind: 'web' }),
    staticDir,
    token: 'secret-token',
  });
  base = `http://127.0.0.1:${server.port}`;
});

afterAll(async () => {
  await server.close();
});

describe('web host', () => {
  it('binds to loopback by default and prints a URL carrying the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=secret-token`);
  });

  it('answers 401 to /api paths and pages without the token', async () => {
    expect((await request('/api/anything')).status).toBe(401);
    expect((await request('/api/ws')).status).toBe(401);
    expect((await request('/')).status).toBe(401);
    expect((await request('/', { 'x-sparsescope-token': 'wrong' })).status).toBe(401);
  });

  it('trades the query token for an HttpOnly cookie, then serves the app', async () => {
    const first = await request('/?token=secret-token');
    expect(first.status).toBe(302);
    expect(first.headers.location).toBe('/');
    const cookie = String(first.headers['set-cookie']);
    // Named by port: two instances on one machine do not overwrite each other's cookie.
    expect(cookie).toContain(`sparsescope_token_${server.port}=secret-token`);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const page = await request('/', { cookie: cookie.split(';')[0]! });
    expect(page.status).toBe(200);
    expect(page.body).toContain('SparseScope');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('refuses a wrong query token', async () => {
    expect((await request('/?token=nope')).status).toBe(401);
  });

  it('refuses foreign origins and foreign Host headers even with the token', async () => {
    const auth = { 'x-sparsescope-token': 'secret-token' };
    expect((await request('/', { ...auth, origin: 'http://evil.example' })).status).toBe(403);
    expect((await request('/', { ...auth, host: 'evil.example' })).status).toBe(403);
    expect((await request('/', { ...auth, origin: base })).status).toBe(200);
  });

  it('does not serve files outside the renderer folder', async () => {
    const auth = { 'x-sparsescope-token': 'secret-token' };
    expect((await request('/assets/app.js', auth)).status).toBe(200);
    expect((await request('/assets/missing.js', auth)).status).toBe(404);
    // An escaping path resolves inside the folder (here: the SPA fallback), never to /etc.
    const escape = await request('/..%2f..%2fetc%2fpasswd', auth);
    expect(escape.body).not.toContain('root:');
    expect(escape.body).toContain('<title>SparseScope</title>');
  });

  it('speaks WorkbenchApi over the WebSocket: results and errors as data', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/ws`, {
      headers: { cookie: `sparsescope_token_${server.port}=secret-token` },
    });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const replies = new Map<string, ServerMessage>();
    const waitFor = (id: string) =>
      new Promise<ServerMessage>((resolve) => {
        const check = () => (replies.has(id) ? resolve(replies.get(id)!) : setTimeout(check, 5));
        check();
      });
    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString()) as ServerMessage;
      if (msg.kind === 'response') replies.set(msg.id, msg);
    });
    ws.send(JSON.stringify({ kind: 'request', id: 'a', method: 'getAppInfo', params: [] }));
    ws.send(JSON.stringify({ kind: 'request', id: 'b', method: 'deleteEverything', params: [] }));
    ws.send('not json');
    const a = await waitFor('a');
    const b = await waitFor('b');
    ws.close();
    expect(a.kind === 'response' && a.ok).toBe(true);
    const info = (a as { result: AppInfo }).result;
    expect(info.appName).toBe('SparseScope');
    expect(info.machine.logicalCores).toBe(os.availableParallelism());
    expect(b).toMatchObject({ ok: false, error: { name: 'BadRequest' } });
  });

  it('refuses a WebSocket without the token or from a foreign origin', async () => {
    const attempt = (headers: Record<string, string>) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/ws`, { headers });
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('error', () => resolve(-1));
        ws.on('open', () => resolve(101));
      });
    expect(await attempt({})).toBe(401);
    expect(
      await attempt({
        cookie: `sparsescope_token_${server.port}=secret-token`,
        origin: 'http://evil.example',
      }),
    ).toBe(403);
  });
});

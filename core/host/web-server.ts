import { randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { toErrorData, UserError } from '../api/errors';
import type { ServerMessage } from '../api/protocol';
import { readJson } from '../util/json-reader';
import { CONTENT_SECURITY_POLICY } from './csp';
import { dispatch } from './dispatch';
import type { Host } from './host';
import { readStatic } from './static-files';

export interface WebServerOptions {
  host: Host;
  /** Folder of the built renderer (index.html and assets). */
  staticDir: string;
  /** Interface to bind; loopback unless the user asks otherwise. */
  bindHost?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Access token; a fresh random one when omitted. */
  token?: string;
}

export interface WebServer {
  /** The URL to open, token included. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** The access cookie is named by port, so two instances on one machine keep their own. */
const cookieName = (port: number): string => `sparsescope_token_${port}`;
const MAX_MESSAGE_BYTES = 1 << 20;
/** The host serves files and speaks over the WebSocket: no HTTP request needs a body. */
const MAX_BODY_BYTES = 64 << 10;
/** Wrong tokens tolerated from one address per minute before it is told to wait. */
const MAX_FAILED_TOKENS = 20;
const FAILED_TOKEN_WINDOW_MS = 60_000;

/**
 * Serve the renderer and the WorkbenchApi over HTTP + WebSocket. Every request needs the
 * token (query string once, then the cookie it sets, or an `x-sparsescope-token` header);
 * requests whose Origin or Host is not this server are refused, which blocks other web pages
 * and DNS rebinding.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? randomBytes(24).toString('hex');
  const bindHost = options.bindHost ?? '127.0.0.1';
  const sockets = new Set<WebSocket>();
  let allowedHosts = new Set<string>();
  let port = 0;
  const loopback = ['127.0.0.1', '::1', 'localhost'].includes(bindHost);

  // Guessing the token is slowed to MAX_FAILED_TOKENS a minute per address.
  const failures = new Map<string, { count: number; since: number }>();
  const throttled = (req: http.IncomingMessage): boolean => {
    const f = failures.get(req.socket.remoteAddress ?? '');
    if (!f) return false;
    if (Date.now() - f.since > FAILED_TOKEN_WINDOW_MS) {
      failures.delete(req.socket.remoteAddress ?? '');
      return false;
    }
    return f.count >= MAX_FAILED_TOKENS;
  };
  const failed = (req: http.IncomingMessage): void => {
    const key = req.socket.remoteAddress ?? '';
    const f = failures.get(key) ?? { count: 0, since: Date.now() };
    f.count++;
    failures.set(key, f);
  };
  const offeredToken = (req: http.IncomingMessage): string | undefined =>
    headerValue(req.headers['x-sparsescope-token']) ??
    cookieValue(req.headers.cookie, cookieName(port));
  const authorized = (req: http.IncomingMessage): boolean => {
    const offered = offeredToken(req);
    const ok = offered !== undefined && sameSecret(offered, token);
    // A request without any token is a first visit, not a guess; a wrong one counts.
    if (!ok && offered !== undefined) failed(req);
    return ok;
  };
  const sameOrigin = (req: http.IncomingMessage): boolean => {
    // On loopback the Host header must name us (blocks DNS rebinding); on other interfaces
    // the user chose exposure, so only the Origin check applies.
    if (loopback && !allowedHosts.has(req.headers.host ?? '')) return false;
    const origin = req.headers.origin;
    return origin === undefined || origin === `http://${req.headers.host}`;
  };

  const server = http.createServer((req, res) => {
    void handleHttp(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`Internal error: ${(err as Error).message}`);
    });
  });

  async function handleHttp(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const length = Number(req.headers['content-length'] ?? 0);
    if (length > MAX_BODY_BYTES || req.headers['transfer-encoding'] !== undefined) {
      res.setHeader('connection', 'close');
      return plain(res, 413, 'Payload too large: the host takes no request bodies over HTTP.');
    }
    if (!sameOrigin(req)) return plain(res, 403, 'Forbidden: foreign origin or host.');
    const queryToken = url.searchParams.get('token');
    if (queryToken !== null && req.method === 'GET' && !url.pathname.startsWith('/api/')) {
      if (!sameSecret(queryToken, token)) {
        if (throttled(req)) return tooMany(res);
        failed(req);
        return plain(res, 401, 'Unauthorized: wrong token.');
      }
      url.searchParams.delete('token');
      res.writeHead(302, {
        location: url.pathname + url.search,
        'set-cookie': `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`,
      });
      res.end();
      return;
    }
    if (!authorized(req)) {
      if (throttled(req)) return tooMany(res);
      return plain(
        res,
        401,
        'Unauthorized: open the URL that `sparsescope serve` printed (it carries the access token).',
      );
    }
    if (url.pathname.startsWith('/api/'))
      return plain(res, 404, 'Not found: the API speaks over the WebSocket at /api/ws.');
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return plain(res, 405, 'Method not allowed.');
    const file = await readStatic(options.staticDir, url.pathname);
    if (!file) return plain(res, 404, `Not found: ${url.pathname}`);
    res.writeHead(200, {
      'content-type': file.contentType,
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  // Whatever one client sends — a malformed request, a broken frame, a reset connection —
  // ends that client's connection only, never the process (and the sweeps running in it).
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const status =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? '431 Request Header Fields Too Large'
        : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
  });
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const refuse = (status: string) => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
    };
    if (url.pathname !== '/api/ws') return refuse('404 Not Found');
    if (!sameOrigin(req)) return refuse('403 Forbidden');
    if (!authorized(req))
      return refuse(throttled(req) ? '429 Too Many Requests' : '401 Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws));
  });

  wss.on('connection', (ws: WebSocket) => {
    sockets.add(ws);
    const send = (message: ServerMessage) => {
      if (ws.readyState !== ws.OPEN) return;
      ws.send(JSON.stringify(message), (err) => err && ws.terminate());
    };
    const unsubscribe = options.host.subscribe((event) => send({ kind: 'event', event }));
    ws.on('error', () => ws.terminate());
    ws.on('message', (data, isBinary) => {
      let parsed: unknown;
      try {
        if (isBinary)
          throw new UserError('BadRequest', 'WebSocket message: expected text, got binary.');
        parsed = readJson(
          String(data),
          { source: 'WebSocket message', kind: 'BadRequest' },
          { maxLength: MAX_MESSAGE_BYTES, maxDepth: 32 },
        );
      } catch (err) {
        send({ kind: 'response', id: '', ok: false, error: toErrorData(err) });
        return;
      }
      void dispatch(options.host, parsed).then(send);
    });
    ws.on('close', () => {
      unsubscribe();
      sockets.delete(ws);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, bindHost, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const urlHost = bindHost.includes(':') ? `[${bindHost}]` : bindHost;
  allowedHosts = new Set([`${urlHost}:${port}`, `127.0.0.1:${port}`, `localhost:${port}`]);

  return {
    url: `http://${urlHost}:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Guessing is slowed; the right token still gets in (a guesser cannot lock the user out). */
function tooMany(res: http.ServerResponse): void {
  plain(res, 429, 'Too many wrong tokens from this address: wait a minute.');
}

function plain(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text + '\n');
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

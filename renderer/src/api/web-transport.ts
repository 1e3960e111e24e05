import type { Transport } from '../../../core/api/client';
import type { WorkbenchEvent } from '../../../core/api/contract';
import { UserError } from '../../../core/api/errors';
import type { ResponseMessage, ServerMessage } from '../../../core/api/protocol';

/**
 * The web host's WebSocket (/api/ws) as a Transport. The access token travels as the cookie
 * the server set when the page was opened with ?token=…; reconnects on the next call after a
 * drop, and fails the calls in flight when the connection closes.
 */
export function webTransport(url = defaultSocketUrl()): Transport {
  const pending = new Map<string, (response: ResponseMessage) => void>();
  const failures = new Map<string, (err: UserError) => void>();
  const listeners = new Set<(event: WorkbenchEvent) => void>();
  let socket: Promise<WebSocket> | null = null;

  const connect = (): Promise<WebSocket> =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.onopen = () => resolve(ws);
      ws.onerror = () => reject(disconnected('Could not connect to the SparseScope host.'));
      ws.onclose = () => {
        socket = null;
        for (const [id, fail] of failures) {
          fail(disconnected('The connection to the SparseScope host closed.'));
          pending.delete(id);
        }
        failures.clear();
      };
      ws.onmessage = (msg) => {
        const data = JSON.parse(String(msg.data)) as ServerMessage;
        if (data.kind === 'event') {
          for (const l of listeners) l(data.event);
          return;
        }
        pending.get(data.id)?.(data);
        pending.delete(data.id);
        failures.delete(data.id);
      };
    });

  return {
    send: async (request) => {
      socket ??= connect().catch((err: unknown) => {
        socket = null;
        throw err;
      });
      const ws = await socket;
      return new Promise<ResponseMessage>((resolve, reject) => {
        pending.set(request.id, resolve);
        failures.set(request.id, reject);
        ws.send(JSON.stringify(request));
      });
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function disconnected(message: string): UserError {
  return new UserError(
    'Disconnected',
    message,
    'Is `sparsescope serve` (or `npm start`) still running?',
  );
}

function defaultSocketUrl(): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/api/ws`;
}

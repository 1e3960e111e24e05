import type {
  ApiErrorData,
  MethodName,
  WorkbenchApi,
  WorkbenchEvent,
} from '../../../core/api/contract';
import type { ServerMessage } from '../../../core/api/protocol';
import { ApiError } from './api-error';

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: ApiError) => void;
}

/**
 * WorkbenchApi over the web host's WebSocket (/api/ws). The access token travels as the
 * cookie the server set when the page was opened with ?token=…; reconnects after a drop.
 */
export function createWebApi(url = defaultSocketUrl()): WorkbenchApi {
  const pending = new Map<string, Pending>();
  const listeners = new Set<(event: WorkbenchEvent) => void>();
  let counter = 0;
  let socket: Promise<WebSocket> | null = null;

  const connect = (): Promise<WebSocket> =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.onopen = () => resolve(ws);
      ws.onerror = () =>
        reject(new ApiError(disconnected('Could not connect to the SparseScope host.')));
      ws.onclose = () => {
        socket = null;
        for (const [id, p] of pending) {
          p.reject(new ApiError(disconnected('The connection to the SparseScope host closed.')));
          pending.delete(id);
        }
      };
      ws.onmessage = (msg) => {
        const data = JSON.parse(String(msg.data)) as ServerMessage;
        if (data.kind === 'event') {
          for (const l of listeners) l(data.event);
          return;
        }
        const p = pending.get(data.id);
        if (!p) return;
        pending.delete(data.id);
        if (data.ok) p.resolve(data.result);
        else p.reject(new ApiError(data.error));
      };
    });

  const call = async (method: MethodName, params: unknown[]): Promise<unknown> => {
    socket ??= connect().catch((err: unknown) => {
      socket = null;
      throw err;
    });
    const ws = await socket;
    const id = `web-${++counter}`;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      ws.send(JSON.stringify({ kind: 'request', id, method, params }));
    });
  };

  return new Proxy({} as WorkbenchApi, {
    get: (_target, name) => {
      if (name === 'onEvent') {
        return (listener: (event: WorkbenchEvent) => void) => {
          listeners.add(listener);
          return () => listeners.delete(listener);
        };
      }
      return (...params: unknown[]) => call(name as MethodName, params);
    },
  });
}

function disconnected(message: string): ApiErrorData {
  return {
    name: 'Disconnected',
    message,
    detail: 'Is `sparsescope serve` (or `npm start`) still running?',
  };
}

function defaultSocketUrl(): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/api/ws`;
}

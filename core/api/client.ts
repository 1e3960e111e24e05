import { METHOD_NAMES, type WorkbenchApi, type WorkbenchEvent } from './contract';
import { fromErrorData, type ApiErrorData } from './errors';
import type { RequestMessage, ResponseMessage } from './protocol';

/** How a client reaches a host: one request at a time, plus the host's event stream. */
export interface Transport {
  /**
   * Deliver a request and resolve with the host's response. Host-side failures arrive as
   * `ok: false` responses; reject only when the transport itself fails (with a UserError).
   */
  send(request: RequestMessage): Promise<ResponseMessage>;
  /** Subscribe to host events; returns the unsubscribe function. */
  subscribe(listener: (event: WorkbenchEvent) => void): () => void;
}

export interface ClientOptions {
  /** Prefix of request ids, naming the transport in logs ("web", "ipc", "local"). */
  idPrefix: string;
  /**
   * What a failed call rejects with. Default: the UserError/BugError the data describes.
   * Electron's preload rejects with the plain data instead, because Error subclasses lose
   * their fields crossing the context bridge.
   */
  rejectWith?: (error: ApiErrorData) => unknown;
}

/**
 * The one way to build a WorkbenchApi, for every transport: a frozen object with exactly the
 * contract's methods and `onEvent` — no Proxy, so `api.then` is undefined and `await api` is
 * harmless.
 */
export function createClient(transport: Transport, options: ClientOptions): WorkbenchApi {
  const rejectWith = options.rejectWith ?? fromErrorData;
  // Ids only need to be unique among this host's clients: a start time and a counter.
  const session = `${options.idPrefix}-${Date.now().toString(36)}`;
  let counter = 0;
  const api: Record<string, unknown> = {};
  for (const method of METHOD_NAMES) {
    api[method] = async (...params: unknown[]) => {
      const id = `${session}-${++counter}`;
      const response = await transport.send({ kind: 'request', id, method, params });
      if (response.ok) return response.result;
      throw rejectWith(response.error);
    };
  }
  api.onEvent = (listener: (event: WorkbenchEvent) => void) => transport.subscribe(listener);
  return Object.freeze(api) as WorkbenchApi;
}

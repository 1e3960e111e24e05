import { createClient, type Transport } from '../../../core/api/client';
import type { WorkbenchApi } from '../../../core/api/contract';
import { describeError } from '../../../core/api/errors';
import { webTransport } from './web-transport';

declare global {
  interface Window {
    /** Present in Electron: the preload's WorkbenchApi. Absent in web mode. */
    sparsescope?: WorkbenchApi;
  }
}

/**
 * The preload's API as a transport: its calls reject with plain error data (Error objects do
 * not survive the context bridge), which the client's codec turns back into errors.
 */
function bridgeTransport(bridged: WorkbenchApi): Transport {
  return {
    send: async (request) => {
      const method = bridged[request.method] as (...p: unknown[]) => Promise<unknown>;
      try {
        return {
          kind: 'response',
          id: request.id,
          ok: true,
          result: await method(...request.params),
        };
      } catch (err) {
        return { kind: 'response', id: request.id, ok: false, error: describeError(err) };
      }
    },
    subscribe: (listener) => bridged.onEvent(listener),
  };
}

/** The one WorkbenchApi of this page, whichever transport the host provides. */
export const api: WorkbenchApi = window.sparsescope
  ? createClient(bridgeTransport(window.sparsescope), { idPrefix: 'page' })
  : createClient(webTransport(), { idPrefix: 'web' });

import { METHOD_NAMES, type WorkbenchApi, type WorkbenchEvent } from '../core/api/contract';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, type ResponseMessage } from '../core/api/protocol';

/** The slice of ipcRenderer the preload uses; narrow so it can be faked in tests. */
export interface IpcRendererLike {
  invoke(channel: string, message: unknown): Promise<unknown>;
  on(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
}

/**
 * Build exactly the WorkbenchApi over IPC: one function per contract method plus onEvent.
 * Failures reject with the error *data* {name, message, detail}: plain objects cross the
 * context bridge intact, Error subclasses do not.
 */
export function createPreloadApi(ipc: IpcRendererLike): WorkbenchApi {
  let counter = 0;
  const api: Record<string, unknown> = {};
  for (const method of METHOD_NAMES) {
    api[method] = async (...params: unknown[]) => {
      const id = `ipc-${++counter}`;
      const response = (await ipc.invoke(IPC_CALL_CHANNEL, {
        kind: 'request',
        id,
        method,
        params,
      })) as ResponseMessage;
      if (response.ok) return response.result;
      throw response.error;
    };
  }
  api.onEvent = (listener: (event: WorkbenchEvent) => void) => {
    const forward = (_event: unknown, payload: unknown) => listener(payload as WorkbenchEvent);
    ipc.on(IPC_EVENT_CHANNEL, forward);
    return () => void ipc.removeListener(IPC_EVENT_CHANNEL, forward);
  };
  return Object.freeze(api) as WorkbenchApi;
}

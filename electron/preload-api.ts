import { createClient } from '../core/api/client';
import type { WorkbenchApi, WorkbenchEvent } from '../core/api/contract';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, type ResponseMessage } from '../core/api/protocol';

/** The slice of ipcRenderer the preload uses; narrow so it can be faked in tests. */
export interface IpcRendererLike {
  invoke(channel: string, message: unknown): Promise<unknown>;
  on(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
}

/**
 * Exactly the WorkbenchApi over IPC. Failures reject with the error *data*
 * {name, message, detail}: plain objects cross the context bridge intact, Error subclasses
 * do not (the renderer turns the data back into errors with the same codec).
 */
export function createPreloadApi(ipc: IpcRendererLike): WorkbenchApi {
  return createClient(
    {
      send: (request) => ipc.invoke(IPC_CALL_CHANNEL, request) as Promise<ResponseMessage>,
      subscribe: (listener) => {
        const forward = (_event: unknown, payload: unknown) => listener(payload as WorkbenchEvent);
        ipc.on(IPC_EVENT_CHANNEL, forward);
        return () => void ipc.removeListener(IPC_EVENT_CHANNEL, forward);
      },
    },
    { idPrefix: 'ipc', rejectWith: (error) => error },
  );
}

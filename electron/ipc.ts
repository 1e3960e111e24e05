import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { IPC_CALL_CHANNEL } from '../core/api/protocol';
import type { ResponseMessage } from '../core/api/protocol';
import { dispatch } from '../core/host/dispatch';
import type { Host } from '../core/host/host';
import { isAppUrl } from './security';

/**
 * The one IPC channel: requests from our own app frames go to the host's dispatch (which
 * validates method and parameters); anything from another frame is refused as data.
 */
export function registerIpc(ipcMain: IpcMain, host: Host): void {
  ipcMain.handle(IPC_CALL_CHANNEL, (event: IpcMainInvokeEvent, message: unknown) =>
    handleCall(event, message, host),
  );
}

export async function handleCall(
  event: Pick<IpcMainInvokeEvent, 'senderFrame'>,
  message: unknown,
  host: Host,
): Promise<ResponseMessage> {
  const frameUrl = event.senderFrame?.url ?? '';
  if (!isAppUrl(frameUrl)) {
    const id =
      typeof (message as { id?: unknown })?.id === 'string' ? (message as { id: string }).id : '';
    return {
      kind: 'response',
      id,
      ok: false,
      error: {
        name: 'Forbidden',
        message: 'Request refused: it did not come from the SparseScope window.',
        detail: frameUrl || '(no frame)',
      },
    };
  }
  return dispatch(host, message);
}

/**
 * Wire messages shared by both transports. A request carries an id; the host answers with a
 * response of the same id holding either a result or an error (as data). Events carry no id
 * but may name the request they report on (progress).
 */
import type { ApiErrorData, MethodName, WorkbenchEvent } from './contract';

export interface RequestMessage {
  kind: 'request';
  id: string;
  method: MethodName;
  params: unknown[];
}

export type ResponseMessage =
  | { kind: 'response'; id: string; ok: true; result: unknown }
  | { kind: 'response'; id: string; ok: false; error: ApiErrorData };

export interface EventMessage {
  kind: 'event';
  event: WorkbenchEvent;
}

export type ServerMessage = ResponseMessage | EventMessage;

/** Electron IPC channel names: the preload and main accept these and nothing else. */
export const IPC_CALL_CHANNEL = 'sparsescope:call';
export const IPC_EVENT_CHANNEL = 'sparsescope:event';
/** The preload tells main which files the user dropped onto the window (desktop only). */
export const IPC_DROPPED_CHANNEL = 'sparsescope:dropped';

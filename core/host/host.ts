import type { MethodName, WorkbenchEvent, WorkbenchMethods } from '../api/contract';

/** What a handler gets besides its parameters: who asked, and how to report progress. */
export interface CallContext {
  requestId: string;
  progress(fraction: number | null, message: string): void;
}

export type Handlers = {
  [M in MethodName]: (
    ctx: CallContext,
    ...params: WorkbenchMethods[M]['params']
  ) => Promise<WorkbenchMethods[M]['result']>;
};

/**
 * The host side of the contract: handlers plus an event hub. Transports (Electron IPC, web
 * socket, in-process) call `dispatch` with wire requests and forward events to their clients.
 */
export class Host {
  private readonly listeners = new Set<(event: WorkbenchEvent) => void>();

  constructor(readonly handlers: Handlers) {}

  emit(event: WorkbenchEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  subscribe(listener: (event: WorkbenchEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  contextFor(requestId: string): CallContext {
    return {
      requestId,
      progress: (fraction, message) =>
        this.emit({ type: 'progress', requestId, fraction, message }),
    };
  }
}

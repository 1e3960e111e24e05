import type { ApiErrorData } from './contract';

/**
 * An error meant for people: a name for code, a plain message, optional detail.
 * Thrown inside core; turned into ApiErrorData at the transport edge.
 */
export class UserError extends Error {
  constructor(
    readonly kind: string,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = kind;
  }
}

/** Convert anything thrown into error data that can cross a transport. */
export function toErrorData(err: unknown): ApiErrorData {
  if (err instanceof UserError) {
    return err.detail === undefined
      ? { name: err.kind, message: err.message }
      : { name: err.kind, message: err.message, detail: err.detail };
  }
  if (err instanceof Error) {
    return { name: 'InternalError', message: err.message, detail: err.stack ?? err.name };
  }
  return { name: 'InternalError', message: String(err) };
}

import type { ApiErrorData } from '../../../core/api/contract';

/** A failed API call as the renderer sees it: the host's error data, unchanged. */
export class ApiError extends Error {
  readonly data: ApiErrorData;
  constructor(data: ApiErrorData) {
    super(data.message);
    this.name = data.name;
    this.data = data;
  }
}

/** Plain words for anything a call may reject with. */
export function describeError(err: unknown): ApiErrorData {
  if (err instanceof ApiError) return err.data;
  if (typeof err === 'object' && err !== null && 'message' in err && 'name' in err) {
    const e = err as { name: unknown; message: unknown; detail?: unknown };
    return {
      name: String(e.name),
      message: String(e.message),
      ...(typeof e.detail === 'string' ? { detail: e.detail } : {}),
    };
  }
  return { name: 'Error', message: String(err) };
}

import type { WorkbenchApi } from '../../../core/api/contract';
import { ApiError, describeError } from './api-error';
import { createWebApi } from './web-client';

declare global {
  interface Window {
    /** Present in Electron: the preload's WorkbenchApi. Absent in web mode. */
    sparsescope?: WorkbenchApi;
  }
}

/** Electron's rejections are plain error data; give every caller the same ApiError. */
function normalizeErrors(api: WorkbenchApi): WorkbenchApi {
  return new Proxy(api, {
    get: (target, name) => {
      const value = Reflect.get(target, name) as unknown;
      if (name === 'onEvent' || typeof value !== 'function') return value;
      return (...params: unknown[]) =>
        (value as (...p: unknown[]) => Promise<unknown>)(...params).catch((err: unknown) => {
          throw err instanceof ApiError ? err : new ApiError(describeError(err));
        });
    },
  });
}

/** The one WorkbenchApi of this page, whichever transport the host provides. */
export const api: WorkbenchApi = window.sparsescope
  ? normalizeErrors(window.sparsescope)
  : createWebApi();

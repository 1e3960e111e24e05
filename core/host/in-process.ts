import { randomUUID } from 'node:crypto';
import type { MethodName, WorkbenchApi } from '../api/contract';
import { UserError } from '../api/errors';
import { dispatch } from './dispatch';
import type { Host } from './host';

/** A WorkbenchApi that goes through the same dispatch as the real transports, in one process. */
export function inProcessApi(host: Host): WorkbenchApi {
  const call = async (method: MethodName, params: unknown[]) => {
    const response = await dispatch(host, { kind: 'request', id: randomUUID(), method, params });
    if (response.ok) return response.result;
    throw new UserError(response.error.name, response.error.message, response.error.detail);
  };
  return new Proxy({} as WorkbenchApi, {
    get: (_target, name) =>
      name === 'onEvent'
        ? host.subscribe.bind(host)
        : (...params: unknown[]) => call(name as MethodName, params),
  });
}

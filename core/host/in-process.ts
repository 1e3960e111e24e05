import { createClient } from '../api/client';
import type { WorkbenchApi } from '../api/contract';
import { dispatch } from './dispatch';
import type { Host } from './host';

/** A WorkbenchApi that goes through the same dispatch as the real transports, in one process. */
export function inProcessApi(host: Host): WorkbenchApi {
  return createClient(
    { send: (request) => dispatch(host, request), subscribe: (l) => host.subscribe(l) },
    { idPrefix: 'local' },
  );
}

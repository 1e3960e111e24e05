import type { AppInfo } from '../api/contract';
import { machineInfo } from '../bench/machine';
import { listEngines } from '../engines/registry';
import { appVersion } from '../util/paths';
import { Host, type Handlers } from './host';

export interface WorkbenchOptions {
  hostKind: AppInfo['host'];
}

/** WorkbenchApi implemented over core: the one place that maps methods to core functions. */
export function createWorkbenchHost(options: WorkbenchOptions): Host {
  const handlers: Handlers = {
    getAppInfo: async () => ({
      appName: 'SparseScope',
      appVersion: appVersion(),
      host: options.hostKind,
      engines: listEngines(),
      machine: machineInfo(),
    }),
  };
  return new Host(handlers);
}

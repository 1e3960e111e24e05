import type { AppInfo } from '../api/contract';
import { machineInfo } from '../bench/machine';
import { listEngines } from '../engines/registry';
import { appVersion } from '../util/paths';
import { Host, type Handlers } from './host';
import { ModelLibrary } from './model-library';
import { QUICK_START_MODELS, quickStartConfig } from './quick-start';
import { RunLibrary } from './run-library';
import { workspaceDir } from './workspace';

export interface WorkbenchOptions {
  hostKind: AppInfo['host'];
}

/** WorkbenchApi implemented over core: the one place that maps methods to core functions. */
export function createWorkbenchHost(options: WorkbenchOptions): Host {
  const home = workspaceDir();
  const models = new ModelLibrary(home);
  // Events go through `host`, declared below; no event is emitted before it exists.
  const runs = new RunLibrary(home, (event) => host.emit(event));
  const handlers: Handlers = {
    getAppInfo: async () => ({
      appName: 'SparseScope',
      appVersion: appVersion(),
      host: options.hostKind,
      engines: listEngines(),
      machine: machineInfo(),
    }),
    listModels: async () => models.list(),
    openModel: async (_ctx, file) => models.open(file),
    generateModel: async (ctx, request) =>
      models.generate(request, (message) => ctx.progress(null, message)),
    createVariant: async (ctx, id, request) =>
      models.createVariant(id, request, (message) => ctx.progress(null, message)),
    quickStart: async (ctx) => {
      const made = [];
      for (const [i, m] of QUICK_START_MODELS.entries()) {
        ctx.progress(
          i / QUICK_START_MODELS.length,
          `Generating ${m.label} (${i + 1}/${QUICK_START_MODELS.length})`,
        );
        made.push(await models.generate(m.request, (message) => ctx.progress(null, message)));
      }
      ctx.progress(1, 'Starting the sweep');
      return runs.start(quickStartConfig(made, listEngines(), machineInfo().logicalCores));
    },
    modelInfo: async (_ctx, id, seq) => models.info(id, seq),
    listDirectory: async (_ctx, dir) => models.listDirectory(dir),
    startSweep: async (_ctx, config) => runs.start(config),
    cancelSweep: async (_ctx, id) => (runs.cancel(id), null),
    resumeSweep: async (_ctx, id) => runs.resume(id),
    listRuns: async () => runs.list(),
    getRun: async (_ctx, id) => runs.get(id),
    deleteRun: async (_ctx, id) => (await runs.remove(id), null),
    importRuns: async (_ctx, files) => runs.importFiles(files),
  };
  const host = new Host(handlers);
  return host;
}

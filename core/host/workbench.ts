import path from 'node:path';
import type { AppInfo } from '../api/contract';
import { machineInfo } from '../bench/machine';
import { listEngines } from '../engines/registry';
import { appVersion } from '../util/paths';
import { Host, type Handlers } from './host';
import { GraphViews } from './graph-view';
import { ModelLibrary } from './model-library';
import { ProfileLibrary } from './profile-library';
import { QUICK_START_RECIPES } from './quick-start';
import { RunLibrary } from './run-library';
import { ConfigFiles } from './config-files';
import { workspaceDir } from './workspace';
import { FolderPolicy } from './folder-policy';
import { ReportLibrary } from './report-library';
import { chromiumPdf } from '../report/pdf-chromium';
import type { PdfPrinter } from '../report/render-report';
import { SettingsStore } from './settings';

export interface WorkbenchOptions {
  hostKind: AppInfo['host'];
  /** Folders besides the workspace that clients may read and write (`serve --folder`). */
  folders?: string[];
  /** How reports become PDF: Electron's printToPDF in the desktop app; headless Chromium by default. */
  printPdf?: PdfPrinter;
}

/** The host plus what only the process that owns it may do (the desktop app's dialogs). */
export interface WorkbenchHost extends Host {
  /** Let clients use a folder the user picked in a native dialog; remembered in settings. */
  allowFolder(folder: string): Promise<void>;
  /** A file the user opened from a native dialog or the command line: allowed and recent. */
  noteOpened(file: string): Promise<void>;
  settings: SettingsStore;
}

/** WorkbenchApi implemented over core: the one place that maps methods to core functions. */
export function createWorkbenchHost(options: WorkbenchOptions): WorkbenchHost {
  const home = workspaceDir();
  // What the host must tell people (a damaged index it rebuilt …): kept for clients that
  // connect later (getAppInfo), sent now to those connected, and logged.
  const notices: string[] = [];
  const notice = (message: string): void => {
    notices.push(message);
    console.warn(`sparsescope: ${message}`);
    host.emit({ type: 'log', level: 'warn', message, time: Date.now() });
  };
  const models = new ModelLibrary(home, notice);
  const settings = new SettingsStore(home, notice);
  const policy = new FolderPolicy([home, ...(options.folders ?? []), ...settings.folders()]);
  const model = (file: string) => policy.readable(file, 'model file');
  // Events go through `host`, declared below; no event is emitted before it exists.
  const runs = new RunLibrary(home, (event) => host.emit(event));
  const configs = new ConfigFiles(
    home,
    () => models.list(),
    () => machineInfo().logicalCores,
  );
  const profiles = new ProfileLibrary(home, async (id) => {
    const m = await models.get(id);
    return { path: m.path, label: m.label };
  });
  const reports = new ReportLibrary(
    home,
    runs,
    profiles,
    options.printPdf ?? chromiumPdf,
    notice,
    (file) => {
      try {
        policy.readable(file, 'model file');
        return true;
      } catch {
        return false;
      }
    },
  );
  const graphs = new GraphViews(
    async (id) => models.get(id),
    (id) => profiles.get(id),
  );
  const handlers: Handlers = {
    getAppInfo: async () => {
      await models.list(); // the model list has been read (and any damage noticed)
      return {
        appName: 'SparseScope',
        appVersion: appVersion(),
        host: options.hostKind,
        engines: listEngines(),
        machine: machineInfo(),
        notices: [...notices],
      };
    },
    listModels: async () => models.list(),
    openModel: async (_ctx, file) => {
      const entry = await models.open(model(file));
      await settings.addRecent(entry.path);
      return entry;
    },
    generateModel: async (ctx, request) =>
      models.generate(request, (message) => ctx.progress(null, message)),
    createVariant: async (ctx, id, request) =>
      models.createVariant(id, request, (message) => ctx.progress(null, message)),
    quickStart: async (ctx, preset) => {
      const recipe = QUICK_START_RECIPES[preset ?? 'default'];
      const made = [];
      for (const [i, m] of recipe.models.entries()) {
        ctx.progress(
          i / recipe.models.length,
          `Generating ${m.label} (${i + 1}/${recipe.models.length})`,
        );
        made.push(await models.generate(m.request, (message) => ctx.progress(null, message)));
      }
      ctx.progress(1, 'Starting the sweep');
      return runs.start(recipe.config(made, listEngines(), machineInfo().logicalCores));
    },
    modelInfo: async (_ctx, id, seq) => models.info(id, seq),
    listDirectory: async (_ctx, dir, show) => models.listDirectory(dir, show ?? 'models', policy),
    startSweep: async (_ctx, config) => runs.start(config, model),
    cancelSweep: async (_ctx, id) => (runs.cancel(id), null),
    resumeSweep: async (_ctx, id, options) => runs.resume(id, options),
    listRuns: async () => runs.list(),
    getRun: async (_ctx, id) => runs.get(id),
    deleteRun: async (_ctx, id) => (await runs.remove(id), null),
    importRuns: async (_ctx, files) =>
      runs.importFiles(files.map((f) => policy.readable(f, 'result file'))),
    getSettings: async () => settings.get(),
    updateSettings: async (_ctx, patch) => {
      const resultsFolder =
        patch.resultsFolder && policy.folder(patch.resultsFolder, 'results folder');
      return settings.update(resultsFolder ? { ...patch, resultsFolder } : patch);
    },
    getConfigCatalog: async () => configs.catalog(),
    checkConfig: async (_ctx, request) =>
      configs.check(
        request.path ? { ...request, path: policy.readable(request.path, 'config file') } : request,
      ),
    readConfigFile: async (_ctx, file) =>
      configs.read(policy.readable(configs.resolve(file), 'config file')),
    writeConfigFile: async (_ctx, file, text) =>
      configs.write(policy.writable(configs.resolve(file), 'config file'), text),
    startConfigRun: async (_ctx, request) => runs.start(configs.sweepFor(request), model),
    profile: async (_ctx, request) => {
      if ('path' in request.model) model(request.model.path);
      return profiles.run(request, (fraction, message) =>
        host.emit({ type: 'profile-progress', jobId: request.jobId, fraction, message }),
      );
    },
    cancelProfile: async (_ctx, jobId) => (profiles.cancel(jobId), null),
    importProfile: async (_ctx, file) => profiles.importFile(policy.readable(file, 'profile file')),
    listProfiles: async () => profiles.list(),
    getProfile: async (_ctx, id) => profiles.get(id),
    deleteProfile: async (_ctx, id) => (await profiles.remove(id), null),
    exportProfile: async (_ctx, id, format) => profiles.export(id, format),
    graphView: async (_ctx, id, request) => graphs.view(id, request),
    weightStats: async (_ctx, id, graphId, tensor) => graphs.weightStats(id, graphId, tensor),
    previewReport: async (_ctx, request) => reports.preview(request),
    exportReport: async (_ctx, request, format) => {
      const folder = settings.get().resultsFolder;
      return reports.export(request, format, folder && policy.folder(folder, 'results folder'));
    },
    listReports: async () => reports.list(),
    getReportFile: async (_ctx, id) => reports.file(id),
    deleteReport: async (_ctx, id) => (await reports.remove(id), null),
  };
  const host = Object.assign(new Host(handlers), {
    settings,
    allowFolder: async (folder: string) => {
      policy.allow(folder);
      await settings.addFolder(policy.readable(folder, 'folder'));
    },
    noteOpened: async (file: string) => {
      policy.allow(path.dirname(path.resolve(file)));
      await settings.addRecent(path.resolve(file));
    },
  });
  return host;
}

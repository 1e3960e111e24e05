import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { AppCommand } from '../core/api/names';

/** What the menu's items do; main.ts wires them to dialogs and to the page. */
export interface MenuActions {
  /** Show a native open dialog for that kind of file, then tell the page. */
  open(kind: OpenKind): void;
  /** Open a recent file again. */
  openRecent(file: string): void;
  /** Ask the page to do something (find, toggle theme, …). */
  command(command: AppCommand): void;
  openExternal(url: string): void;
}

export type OpenKind = 'model' | 'profile' | 'config' | 'results';

const isMac = process.platform === 'darwin';

/**
 * The application menu (pure: a template from the recent files and the actions, so it is
 * tested without Electron). Every File action is also on the pages, so web mode, which has
 * no menu, loses nothing.
 */
export function menuTemplate(
  recent: readonly string[],
  actions: MenuActions,
): MenuItemConstructorOptions[] {
  const open = (
    label: string,
    kind: OpenKind,
    accelerator?: string,
  ): MenuItemConstructorOptions => ({
    label,
    ...(accelerator ? { accelerator } : {}),
    click: () => actions.open(kind),
  });
  return [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        open('Open Model…', 'model', 'CmdOrCtrl+O'),
        open('Open Profile…', 'profile'),
        open('Open Config…', 'config'),
        open('Import Results…', 'results'),
        {
          label: 'Open Recent',
          submenu: recent.length
            ? recent.map((file) => ({ label: file, click: () => actions.openRecent(file) }))
            : [{ label: 'No recent files', enabled: false }],
        },
        { type: 'separator' },
        {
          label: 'Export Report…',
          accelerator: 'CmdOrCtrl+E',
          click: () => actions.command('export-report'),
        },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
        { type: 'separator' },
        { label: 'Find…', accelerator: 'CmdOrCtrl+F', click: () => actions.command('find') },
      ],
    },
    {
      label: 'View',
      submenu: [
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { role: 'resetZoom' },
        { type: 'separator' },
        {
          label: 'Toggle Dark Theme',
          accelerator: 'CmdOrCtrl+Shift+D',
          click: () => actions.command('toggle-theme'),
        },
        {
          label: 'Graph Direction (Top-Down / Left-Right)',
          click: () => actions.command('graph-direction'),
        },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        { label: 'About SparseScope', click: () => actions.command('about') },
        {
          label: 'ONNX Operator Reference',
          click: () => actions.openExternal('https://onnx.ai/onnx/operators/'),
        },
      ],
    },
  ];
}

export function buildMenu(recent: readonly string[], actions: MenuActions): Menu {
  return Menu.buildFromTemplate(menuTemplate(recent, actions));
}

/** What each open dialog accepts, and which command tells the page about the file. */
export const OPEN_KINDS: Record<
  OpenKind,
  { title: string; filters: Array<{ name: string; extensions: string[] }>; command: AppCommand }
> = {
  model: {
    title: 'Open a model',
    filters: [{ name: 'Models (ONNX, OpenVINO IR)', extensions: ['onnx', 'xml'] }],
    command: 'opened-model',
  },
  profile: {
    title: 'Open a profile',
    filters: [{ name: 'Profiles', extensions: ['json', 'csv', 'xml', 'txt', 'log'] }],
    command: 'opened-profile',
  },
  config: {
    title: 'Open a config',
    filters: [{ name: 'Configs (JSON)', extensions: ['json'] }],
    command: 'opened-config',
  },
  results: {
    title: 'Import results',
    filters: [
      { name: 'benchmark_app / DeepSparse results', extensions: ['json', 'csv', 'log', 'txt'] },
    ],
    command: 'opened-results',
  },
};

/** The command for a file opened from the OS (file association, second instance, drop). */
export function commandForFile(file: string): AppCommand | null {
  const ext = file.toLowerCase().split('.').pop();
  if (ext === 'onnx' || ext === 'xml') return 'opened-model';
  if (ext === 'json') return 'opened-config';
  return null;
}

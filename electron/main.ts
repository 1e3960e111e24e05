import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell } from 'electron';
import type { AppCommand } from '../core/api/names';
import { IPC_EVENT_CHANNEL } from '../core/api/protocol';
import { CONTENT_SECURITY_POLICY } from '../core/host/csp';
import { contentTypeOf } from '../core/host/static-files';
import { createWorkbenchHost } from '../core/host/workbench';
import { distPath } from '../core/util/paths';
import { filesInArgv, registerDroppedFiles } from './desktop-files';
import { registerIpc } from './ipc';
import { electronPdfPrinter } from './print-pdf';
import { buildMenu, commandForFile, OPEN_KINDS, type OpenKind } from './menu';
import {
  APP_ORIGIN,
  APP_SCHEME,
  appUrlToFile,
  createSecureWindow,
  hardenContents,
} from './security';

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

// One SparseScope per user: a second start hands its files to the first and quits.
const primary = app.requestSingleInstanceLock();
if (!primary) app.quit();

const rendererDir = distPath('renderer');
const host = createWorkbenchHost({
  hostKind: 'electron',
  printPdf: electronPdfPrinter(BrowserWindow),
});

async function serveAppFile(request: Request): Promise<Response> {
  const file = appUrlToFile(request.url, rendererDir);
  const body = file ? await readFile(file).catch(() => null) : null;
  if (!file || !body) return new Response('Not found', { status: 404 });
  return new Response(new Uint8Array(body), {
    headers: {
      'content-type': contentTypeOf(file),
      'content-security-policy': CONTENT_SECURITY_POLICY,
    },
  });
}

function send(command: AppCommand, file: string | null = null): void {
  for (const win of BrowserWindow.getAllWindows()) {
    win.webContents.send(IPC_EVENT_CHANNEL, { type: 'command', command, path: file });
  }
}

/** A file the user chose (dialog, OS, second instance): allowed, remembered, shown. */
async function opened(file: string, command: AppCommand | null): Promise<void> {
  if (!command) return;
  await host.noteOpened(file);
  refreshMenu();
  send(command, path.resolve(file));
}

async function openWithDialog(kind: OpenKind): Promise<void> {
  const { title, filters, command } = OPEN_KINDS[kind];
  const win = BrowserWindow.getFocusedWindow();
  const options = { title, filters, properties: ['openFile' as const] };
  const picked = win
    ? await dialog.showOpenDialog(win, options)
    : await dialog.showOpenDialog(options);
  const file = picked.filePaths[0];
  if (!picked.canceled && file) await opened(file, command);
}

function refreshMenu(): void {
  Menu.setApplicationMenu(
    buildMenu(host.settings.get().recentFiles, {
      open: (kind) => void openWithDialog(kind),
      openRecent: (file) => void opened(file, commandForFile(file)),
      command: (command) => send(command),
      openExternal: (url) => void shell.openExternal(url),
    }),
  );
}

function createWindow(): BrowserWindow {
  const saved = host.settings.window();
  const win = createSecureWindow(
    path.join(distPath('electron'), 'preload.cjs'),
    saved ? { x: saved.x, y: saved.y, width: saved.width, height: saved.height } : {},
  );
  win.once('ready-to-show', () => {
    if (saved?.maximized) win.maximize();
    win.show();
  });
  win.on('close', () => {
    const b = win.getNormalBounds();
    void host.settings.setWindow({ ...b, maximized: win.isMaximized() });
  });
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

app.on('web-contents-created', (_event, contents) => hardenContents(contents));

// Files from the OS: double-click on a .onnx/.xml (macOS sends open-file), a second start.
app.on('open-file', (event, file) => {
  event.preventDefault();
  void app.whenReady().then(() => opened(file, commandForFile(file)));
});
app.on('second-instance', (_event, argv) => {
  const win = BrowserWindow.getAllWindows()[0];
  if (win) {
    if (win.isMinimized()) win.restore();
    win.focus();
  }
  for (const file of filesInArgv(argv)) void opened(file, commandForFile(file));
});

void app.whenReady().then(() => {
  protocol.handle(APP_SCHEME, serveAppFile);
  // No permission (camera, notifications, …) is ever needed.
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) =>
    callback(false),
  );
  registerIpc(ipcMain, host);
  registerDroppedFiles(ipcMain, (file) => opened(file, commandForFile(file)));
  host.subscribe((event) => {
    for (const win of BrowserWindow.getAllWindows()) win.webContents.send(IPC_EVENT_CHANNEL, event);
  });
  refreshMenu();
  const win = createWindow();
  // Files named on the command line of the first start, once the page is there.
  win.webContents.once('did-finish-load', () => {
    for (const file of filesInArgv(process.argv)) void opened(file, commandForFile(file));
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

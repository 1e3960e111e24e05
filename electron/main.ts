import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { app, BrowserWindow, ipcMain, Menu, protocol, session, shell } from 'electron';
import { IPC_EVENT_CHANNEL } from '../core/api/protocol';
import { CONTENT_SECURITY_POLICY } from '../core/host/csp';
import { contentTypeOf } from '../core/host/static-files';
import { createWorkbenchHost } from '../core/host/workbench';
import { distPath } from '../core/util/paths';
import { registerIpc } from './ipc';
import { buildMenu } from './menu';
import { APP_ORIGIN, APP_SCHEME, appUrlToFile, hardenContents, windowOptions } from './security';

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

const rendererDir = distPath('renderer');
const host = createWorkbenchHost({ hostKind: 'electron' });

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

function createWindow(): BrowserWindow {
  const win = new BrowserWindow(windowOptions(path.join(distPath('electron'), 'preload.cjs')));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

app.on('web-contents-created', (_event, contents) => hardenContents(contents));

void app.whenReady().then(() => {
  protocol.handle(APP_SCHEME, serveAppFile);
  // No permission (camera, notifications, …) is ever needed.
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) =>
    callback(false),
  );
  registerIpc(ipcMain, host);
  host.subscribe((event) => {
    for (const win of BrowserWindow.getAllWindows()) win.webContents.send(IPC_EVENT_CHANNEL, event);
  });
  Menu.setApplicationMenu(buildMenu((url) => void shell.openExternal(url)));
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

import path from 'node:path';
import { BrowserWindow, type BrowserWindowConstructorOptions, type WebContents } from 'electron';

/** The renderer is served from this privileged custom scheme, never from file:// or http. */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://sparsescope`;

/**
 * The one window: the renderer gets no Node, an isolated world, a sandbox and only our
 * preload. The preferences are written out here, at the constructor, so static checkers
 * (Electronegativity) can see every one of them.
 */
export function createSecureWindow(
  preloadPath: string,
  bounds: Partial<Pick<BrowserWindowConstructorOptions, 'x' | 'y' | 'width' | 'height'>> = {},
): BrowserWindow {
  return new BrowserWindow({
    width: 1360,
    height: 880,
    ...bounds,
    minWidth: 900,
    minHeight: 600,
    title: 'SparseScope',
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
}

/** True only for pages of our own app origin. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    // Custom schemes have an opaque origin in WHATWG URL, so compare scheme and host.
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === 'sparsescope';
  } catch {
    return false;
  }
}

/** Deny navigation away from the app, new windows and webviews for one WebContents. */
export function hardenContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Map an app:// URL to a file inside the renderer build, refusing escapes. */
export function appUrlToFile(url: string, rendererDir: string): string | null {
  let pathname: string;
  try {
    if (!isAppUrl(url)) return null;
    const parsed = new URL(url);
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  const file = path.resolve(rendererDir, '.' + path.posix.normalize('/' + pathname));
  if (file !== rendererDir && !file.startsWith(rendererDir + path.sep)) return null;
  return file === rendererDir ? path.join(rendererDir, 'index.html') : file;
}

import { describe, expect, it, vi } from 'vitest';

const created = vi.hoisted(() => [] as Array<Record<string, unknown>>);
vi.mock('electron', () => ({
  BrowserWindow: class {
    constructor(options: Record<string, unknown>) {
      created.push(options);
    }
  },
}));
import { METHOD_NAMES } from '../../../core/api/contract';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../../core/api/protocol';
import { createWorkbenchHost } from '../../../core/host/workbench';
import { handleCall } from '../../../electron/ipc';
import { createPreloadApi, type IpcRendererLike } from '../../../electron/preload-api';
import {
  appUrlToFile,
  createSecureWindow,
  hardenContents,
  isAppUrl,
} from '../../../electron/security';

describe('Electron window security', () => {
  it('window options enforce isolation, sandbox and no Node', () => {
    createSecureWindow('/app/preload.cjs', { width: 1000 });
    const options = created.at(-1)!;
    expect(options).toMatchObject({ width: 1000, show: false });
    const prefs = options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
      preload: '/app/preload.cjs',
    });
  });

  it('denies navigation away from the app, window.open and webviews', () => {
    const handlers: Record<string, (event: { preventDefault(): void }, url?: string) => void> = {};
    let openHandler: (() => { action: string }) | undefined;
    const contents = {
      on: (name: string, fn: (event: { preventDefault(): void }, url?: string) => void) => {
        handlers[name] = fn;
      },
      setWindowOpenHandler: (fn: () => { action: string }) => {
        openHandler = fn;
      },
    };
    hardenContents(contents as never);
    const nav = (name: string, url?: string) => {
      const event = { preventDefault: vi.fn() };
      handlers[name]!(event, url);
      return event.preventDefault.mock.calls.length > 0;
    };
    expect(nav('will-navigate', 'https://evil.example/')).toBe(true);
    expect(nav('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(nav('will-navigate', 'app://sparsescope/index.html#/models')).toBe(false);
    expect(nav('will-redirect', 'http://127.0.0.1:1/')).toBe(true);
    expect(nav('will-attach-webview')).toBe(true);
    expect(openHandler!()).toEqual({ action: 'deny' });
  });

  it('maps app:// URLs into the renderer folder only', () => {
    expect(isAppUrl('app://sparsescope/index.html')).toBe(true);
    expect(isAppUrl('app://other/index.html')).toBe(false);
    expect(appUrlToFile('app://sparsescope/assets/a.js', '/r')).toBe('/r/assets/a.js');
    expect(appUrlToFile('app://sparsescope/../../etc/passwd', '/r')).toBe('/r/etc/passwd');
    expect(appUrlToFile('app://sparsescope/%2e%2e/%2e%2e/etc/passwd', '/r')).toBe('/r/etc/passwd');
    expect(appUrlToFile('https://sparsescope/x', '/r')).toBeNull();
  });
});

describe('Electron IPC', () => {
  const host = createWorkbenchHost({ hostKind: 'electron' });

  it('serves requests from the app frame', async () => {
    const res = await handleCall(
      { senderFrame: { url: 'app://sparsescope/index.html' } } as never,
      { kind: 'request', id: 'x', method: 'getAppInfo', params: [] },
      host,
    );
    expect(res).toMatchObject({ id: 'x', ok: true });
  });

  it('refuses senders that are not the app frame', async () => {
    for (const url of ['https://evil.example/', 'file:///tmp/x.html', '']) {
      const res = await handleCall(
        { senderFrame: url ? { url } : null } as never,
        { kind: 'request', id: 'y', method: 'getAppInfo', params: [] },
        host,
      );
      expect(res).toMatchObject({ id: 'y', ok: false, error: { name: 'Forbidden' } });
    }
  });

  it('refuses unknown methods from the app frame', async () => {
    const res = await handleCall(
      { senderFrame: { url: 'app://sparsescope/index.html' } } as never,
      { kind: 'request', id: 'z', method: 'require', params: ['fs'] },
      host,
    );
    expect(res).toMatchObject({ ok: false, error: { name: 'BadRequest' } });
  });
});

describe('preload', () => {
  function fakeIpc() {
    const invoked: Array<[string, unknown]> = [];
    const listeners = new Map<string, Set<(e: unknown, p: unknown) => void>>();
    const ipc: IpcRendererLike = {
      invoke: async (channel, message) => {
        invoked.push([channel, message]);
        const m = message as { id: string };
        return {
          kind: 'response',
          id: m.id,
          ok: false,
          error: { name: 'X', message: 'nope', detail: 'd' },
        };
      },
      on: (channel, fn) => {
        if (!listeners.has(channel)) listeners.set(channel, new Set());
        listeners.get(channel)!.add(fn);
      },
      removeListener: (channel, fn) => listeners.get(channel)?.delete(fn),
    };
    return { ipc, invoked, listeners };
  }

  it('exposes exactly the contract methods plus onEvent', () => {
    const api = createPreloadApi(fakeIpc().ipc);
    expect(Object.keys(api).sort()).toEqual([...METHOD_NAMES, 'onEvent'].sort());
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('uses only the call channel and rejects with error data', async () => {
    const { ipc, invoked } = fakeIpc();
    const api = createPreloadApi(ipc);
    await expect(api.getAppInfo()).rejects.toEqual({ name: 'X', message: 'nope', detail: 'd' });
    expect(invoked.map(([c]) => c)).toEqual([IPC_CALL_CHANNEL]);
  });

  it('subscribes to the event channel and unsubscribes', () => {
    const { ipc, listeners } = fakeIpc();
    const api = createPreloadApi(ipc);
    const seen: unknown[] = [];
    const off = api.onEvent((e) => seen.push(e));
    expect([...listeners.keys()]).toEqual([IPC_EVENT_CHANNEL]);
    for (const fn of listeners.get(IPC_EVENT_CHANNEL)!)
      fn({}, { type: 'log', level: 'info', message: 'hi', time: 1 });
    off();
    expect(listeners.get(IPC_EVENT_CHANNEL)!.size).toBe(0);
    expect(seen).toHaveLength(1);
  });
});

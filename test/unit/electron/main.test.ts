import { beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC_CALL_CHANNEL } from '../../../core/api/protocol';

// The Electron binary is absent on CI machines: main.ts runs against a mock of its API.
const calls = vi.hoisted(() => ({
  windows: [] as Array<{ options: Record<string, unknown>; loaded: string[] }>,
  handled: [] as string[],
  schemes: [] as unknown[],
  protocolHandlers: [] as string[],
  permissionHandler: null as null | ((wc: unknown, p: string, cb: (ok: boolean) => void) => void),
  appHandlers: {} as Record<string, (...args: unknown[]) => void>,
}));

vi.mock('electron', () => {
  class BrowserWindow {
    webContents = { send: vi.fn() };
    record: { options: Record<string, unknown>; loaded: string[] };
    constructor(options: Record<string, unknown>) {
      this.record = { options, loaded: [] };
      calls.windows.push(this.record);
    }
    once() {}
    show() {}
    loadURL(url: string) {
      this.record.loaded.push(url);
      return Promise.resolve();
    }
    static getAllWindows() {
      return [];
    }
  }
  return {
    app: {
      on: (name: string, fn: (...args: unknown[]) => void) => {
        calls.appHandlers[name] = fn;
      },
      whenReady: () => Promise.resolve(),
      quit: vi.fn(),
    },
    BrowserWindow,
    ipcMain: { handle: (channel: string) => calls.handled.push(channel) },
    protocol: {
      registerSchemesAsPrivileged: (s: unknown[]) => calls.schemes.push(...s),
      handle: (scheme: string) => calls.protocolHandlers.push(scheme),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: typeof calls.permissionHandler) => {
          calls.permissionHandler = fn;
        },
      },
    },
    shell: { openExternal: vi.fn() },
    Menu: { buildFromTemplate: vi.fn(() => ({})), setApplicationMenu: vi.fn() },
  };
});

beforeAll(async () => {
  await import('../../../electron/main');
  await new Promise((r) => setTimeout(r, 10));
});

describe('Electron main process (electron mocked)', () => {
  it('opens one secure window on the app:// origin', () => {
    expect(calls.windows).toHaveLength(1);
    const prefs = calls.windows[0]!.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(String(prefs.preload)).toMatch(/dist[\\/]electron[\\/]preload\.cjs$/);
    expect(calls.windows[0]!.loaded).toEqual(['app://sparsescope/index.html']);
  });

  it('registers exactly one IPC channel and the app scheme', () => {
    expect(calls.handled).toEqual([IPC_CALL_CHANNEL]);
    expect(calls.protocolHandlers).toEqual(['app']);
    expect(calls.schemes).toMatchObject([
      { scheme: 'app', privileges: { standard: true, secure: true } },
    ]);
  });

  it('denies every permission request and hardens every web contents', () => {
    let granted: boolean | undefined;
    calls.permissionHandler!(null, 'media', (ok) => (granted = ok));
    expect(granted).toBe(false);
    expect(typeof calls.appHandlers['web-contents-created']).toBe('function');
  });
});

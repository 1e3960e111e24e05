import { beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC_CALL_CHANNEL, IPC_DROPPED_CHANNEL } from '../../../core/api/protocol';

// The Electron binary is absent on CI machines: main.ts runs against a mock of its API.
const calls = vi.hoisted(() => ({
  windows: [] as Array<{ options: Record<string, unknown>; loaded: string[] }>,
  handled: [] as string[],
  schemes: [] as unknown[],
  protocolHandlers: [] as string[],
  permissionHandler: null as null | ((wc: unknown, p: string, cb: (ok: boolean) => void) => void),
  appHandlers: {} as Record<string, (...args: unknown[]) => void>,
  onChannels: [] as string[],
  menus: [] as unknown[],
}));

vi.mock('electron', () => {
  class BrowserWindow {
    webContents = { send: vi.fn(), once: vi.fn() };
    record: { options: Record<string, unknown>; loaded: string[] };
    constructor(options: Record<string, unknown>) {
      this.record = { options, loaded: [] };
      calls.windows.push(this.record);
    }
    once() {}
    on() {}
    show() {}
    loadURL(url: string) {
      this.record.loaded.push(url);
      return Promise.resolve();
    }
    static getAllWindows() {
      return [];
    }
    static getFocusedWindow() {
      return null;
    }
  }
  return {
    app: {
      on: (name: string, fn: (...args: unknown[]) => void) => {
        calls.appHandlers[name] = fn;
      },
      whenReady: () => Promise.resolve(),
      quit: vi.fn(),
      requestSingleInstanceLock: () => true,
    },
    dialog: { showOpenDialog: vi.fn() },
    BrowserWindow,
    ipcMain: {
      handle: (channel: string) => calls.handled.push(channel),
      on: (channel: string) => calls.onChannels.push(channel),
    },
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
    Menu: {
      buildFromTemplate: vi.fn((t: unknown) => t),
      setApplicationMenu: (m: unknown) => calls.menus.push(m),
    },
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

  it('registers exactly one call channel, the dropped-files channel and the app scheme', () => {
    expect(calls.handled).toEqual([IPC_CALL_CHANNEL]);
    expect(calls.onChannels).toEqual([IPC_DROPPED_CHANNEL]);
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

  it('installs the File/Edit/View/Help menu and takes files from the OS and a second start', () => {
    const template = calls.menus[0] as Array<{ label?: string; role?: string }>;
    expect(template.map((m) => m.label ?? m.role)).toEqual(
      expect.arrayContaining(['File', 'Edit', 'View', 'windowMenu', 'help']),
    );
    expect(typeof calls.appHandlers['open-file']).toBe('function');
    expect(typeof calls.appHandlers['second-instance']).toBe('function');
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({ Menu: { buildFromTemplate: (t: unknown) => t } }));

const { menuTemplate, commandForFile } = await import('../../../electron/menu');
const { acceptDropped, filesInArgv } = await import('../../../electron/desktop-files');

type Item = {
  label?: string;
  role?: string;
  accelerator?: string;
  click?: () => void;
  submenu?: Item[];
  enabled?: boolean;
};

function find(items: Item[], label: string): Item {
  for (const i of items) {
    if (i.label === label) return i;
    const inner = i.submenu ? findOrNull(i.submenu, label) : null;
    if (inner) return inner;
  }
  throw new Error(`no menu item ${label}`);
}
function findOrNull(items: Item[], label: string): Item | null {
  try {
    return find(items, label);
  } catch {
    return null;
  }
}

describe('application menu', () => {
  const actions = { open: vi.fn(), openRecent: vi.fn(), command: vi.fn(), openExternal: vi.fn() };
  const template = menuTemplate(['/w/a.onnx'], actions) as Item[];

  it('has File actions with shortcuts, recent files, Edit → Find, View → zoom and theme, Help → About', () => {
    find(template, 'Open Model…').click!();
    expect(actions.open).toHaveBeenCalledWith('model');
    expect(find(template, 'Open Model…').accelerator).toBe('CmdOrCtrl+O');
    find(template, '/w/a.onnx').click!();
    expect(actions.openRecent).toHaveBeenCalledWith('/w/a.onnx');
    find(template, 'Find…').click!();
    expect(actions.command).toHaveBeenCalledWith('find');
    find(template, 'Toggle Dark Theme').click!();
    expect(actions.command).toHaveBeenCalledWith('toggle-theme');
    find(template, 'About SparseScope').click!();
    expect(actions.command).toHaveBeenCalledWith('about');
    const view = find(template, 'View')
      .submenu!.map((i) => i.role)
      .filter(Boolean);
    expect(view).toEqual(expect.arrayContaining(['zoomIn', 'zoomOut', 'resetZoom']));
  });

  it('says so when there are no recent files', () => {
    const empty = menuTemplate([], actions) as Item[];
    expect(find(empty, 'No recent files').enabled).toBe(false);
  });

  it('routes files from the OS by kind', () => {
    expect(commandForFile('/m/bert.onnx')).toBe('opened-model');
    expect(commandForFile('/m/model.XML')).toBe('opened-model');
    expect(commandForFile('/c/perf.json')).toBe('opened-config');
    expect(commandForFile('/x/readme.txt')).toBeNull();
  });
});

describe('files from drops and command lines', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'desktop-files-'));
  const model = path.join(dir, 'm.onnx');
  writeFileSync(model, 'x');
  const app = { senderFrame: { url: 'app://sparsescope/index.html' } };

  it('accepts a dropped file only from our window, as an absolute path to a regular file', () => {
    expect(acceptDropped(app, model)).toBe(true);
    expect(acceptDropped({ senderFrame: { url: 'https://evil.example/' } }, model)).toBe(false);
    expect(acceptDropped(app, 'm.onnx')).toBe(false);
    expect(acceptDropped(app, dir)).toBe(false);
    expect(acceptDropped(app, '/dev/zero')).toBe(false);
    expect(acceptDropped(app, 42)).toBe(false);
  });

  it('finds model and config files on a command line, skipping flags and the app path', () => {
    expect(filesInArgv(['/usr/bin/sparsescope', '--inspect', model, '/no/such.onnx', dir])).toEqual(
      [model],
    );
  });
});

import type { WorkbenchEvent } from '../../../../core/api/contract';
import type { GraphDirection } from '../../../../core/api/names';
import type { AreaId } from '../../store/areas';

declare global {
  interface Window {
    /** Present in the desktop app only: hands a dropped file to the app (see electron/preload.ts). */
    sparsescopeDesktop?: { dropFile(file: File): boolean };
  }
}

/**
 * What the desktop app's menus and the OS ask the page to do. Every action here is also on
 * the pages themselves, so web mode (no menus, no events of this type) loses nothing.
 */
/** The store actions the commands use (the store passes itself; no import cycle). */
export interface CommandTarget {
  theme: 'light' | 'dark';
  graphDirection: GraphDirection;
  setArea(area: AreaId): void;
  setTheme(theme: 'light' | 'dark'): void;
  setGraphDirection(direction: GraphDirection): void;
  openModel(path: string): Promise<void>;
  importProfile(path: string): Promise<void>;
  openConfigFile(path: string): Promise<void>;
  importRuns(paths: string[]): Promise<void>;
  showAbout(open: boolean): void;
}

export function onDesktopCommand(event: WorkbenchEvent, s: CommandTarget): void {
  if (event.type !== 'command') return;
  const file = event.path;
  switch (event.command) {
    case 'opened-model':
      s.setArea('models');
      if (file) void s.openModel(file);
      return;
    case 'opened-profile':
      s.setArea('profile');
      if (file) void s.importProfile(file);
      return;
    case 'opened-config':
      s.setArea('config');
      if (file) void s.openConfigFile(file);
      return;
    case 'opened-results':
      s.setArea('sweeps');
      if (file) void s.importRuns([file]);
      return;
    case 'export-report':
      s.setArea('reports');
      return;
    case 'find':
      // The pages' own Ctrl+F handlers (the menu accelerator takes the key first).
      window.dispatchEvent(
        new KeyboardEvent('keydown', { key: 'f', ctrlKey: true, bubbles: true }),
      );
      return;
    case 'toggle-theme':
      s.setTheme(s.theme === 'dark' ? 'light' : 'dark');
      return;
    case 'graph-direction':
      s.setGraphDirection(s.graphDirection === 'tb' ? 'lr' : 'tb');
      return;
    case 'about':
      s.showAbout(true);
      return;
  }
}

/**
 * Files dropped onto the window: the desktop app opens them (it knows their path on the
 * host); a browser cannot tell SparseScope where a dropped file lives, so it says so.
 */
export function onDropFiles(files: FileList, addNotice: (message: string) => void): void {
  if (window.sparsescopeDesktop) {
    for (const f of Array.from(files)) window.sparsescopeDesktop.dropFile(f);
    return;
  }
  addNotice(
    'Dropping files works in the desktop app. In the browser, use Open model… (Models), Import (Profile, Sweeps) or Open (Config): a browser does not tell SparseScope where a dropped file is on the host.',
  );
}

import path from 'node:path';
import { z } from 'zod';
import type { Settings, SettingsPatch } from '../api/contract';
import { ENGINE_IDS } from '../api/names';
import { IndexFile } from './index-file';

/**
 * The workspace's settings (settings.json, versioned, one writer at a time, atomic): what
 * people choose in the app (theme, default engine, results folder) and what the desktop
 * app remembers for them (recent files, folders picked in its dialogs, window state). Only
 * the first three can be changed by a client; the rest is the host's own bookkeeping.
 */

const SETTINGS_VERSION = 1;
const MAX_RECENT = 10;

const settingsSchema = z.object({
  version: z.literal(SETTINGS_VERSION),
  theme: z.enum(['light', 'dark']).nullable(),
  defaultEngine: z.enum(ENGINE_IDS).nullable(),
  resultsFolder: z.string().nullable(),
  recentFiles: z.array(z.string()).max(MAX_RECENT),
  folders: z.array(z.string()),
  window: z
    .object({
      x: z.number().int(),
      y: z.number().int(),
      width: z.number().int().positive(),
      height: z.number().int().positive(),
      maximized: z.boolean(),
    })
    .nullable(),
});
type Stored = z.infer<typeof settingsSchema>;

const DEFAULTS: Stored = {
  version: SETTINGS_VERSION,
  theme: null,
  defaultEngine: null,
  resultsFolder: null,
  recentFiles: [],
  folders: [],
  window: null,
};

export class SettingsStore {
  private readonly file: IndexFile<Stored>;
  private value: Stored;

  constructor(home: string, warn: (message: string) => void = () => {}) {
    this.file = new IndexFile(
      path.join(home, 'settings.json'),
      settingsSchema,
      'The settings file',
    );
    const { value, damaged } = this.file.read();
    this.value = value ?? { ...DEFAULTS };
    if (damaged) warn(`${damaged} Settings are back to their defaults.`);
  }

  /** What clients see (recent files included: the app shows them in its File menu and pages). */
  get(): Settings {
    const { theme, defaultEngine, resultsFolder, recentFiles } = this.value;
    return { theme, defaultEngine, resultsFolder, recentFiles: [...recentFiles] };
  }

  folders(): string[] {
    return [...this.value.folders];
  }

  window(): Stored['window'] {
    return this.value.window;
  }

  async update(patch: SettingsPatch): Promise<Settings> {
    await this.save({ ...this.value, ...patch });
    return this.get();
  }

  /** A file the user opened: first in the recent list. */
  async addRecent(file: string): Promise<void> {
    const recentFiles = [file, ...this.value.recentFiles.filter((f) => f !== file)].slice(
      0,
      MAX_RECENT,
    );
    await this.save({ ...this.value, recentFiles });
  }

  /** A folder the user picked in a native dialog (host side only). */
  async addFolder(folder: string): Promise<void> {
    if (this.value.folders.includes(folder)) return;
    await this.save({ ...this.value, folders: [...this.value.folders, folder] });
  }

  async setWindow(window: NonNullable<Stored['window']>): Promise<void> {
    await this.save({ ...this.value, window });
  }

  private async save(next: Stored): Promise<void> {
    this.value = next;
    await this.file.write(next);
  }
}

import type { StateCreator } from 'zustand';
import type { ApiErrorData, Settings, SettingsPatch } from '../../../core/api/contract';
import type { EngineId } from '../../../core/api/names';
import { describeError } from '../../../core/api/errors';
import { api } from '../api/client';
import type { Theme, UiSlice } from './ui-slice';

export interface SettingsSlice {
  /** The host's settings (settings.json in the workspace); null until read. */
  settings: Settings | null;
  settingsError: ApiErrorData | null;
  loadSettings(): Promise<void>;
  /** Change settings on the host; resolves false (and keeps the error) when it refuses. */
  saveSettings(patch: SettingsPatch): Promise<boolean>;
  /** The user picked a theme: shown at once and kept in the host's settings. */
  setTheme(theme: Theme): void;
}

export const createSettingsSlice: StateCreator<SettingsSlice & UiSlice, [], [], SettingsSlice> = (
  set,
  get,
) => ({
  settings: null,
  settingsError: null,
  loadSettings: async () => {
    try {
      const settings = await api.getSettings();
      set({ settings, settingsError: null });
      // The host's theme wins over the page's cached one (another window may have changed it).
      if (settings.theme && settings.theme !== get().theme) get().applyTheme(settings.theme);
    } catch (err) {
      set({ settingsError: describeError(err) });
    }
  },
  saveSettings: async (patch) => {
    try {
      const settings = await api.updateSettings(patch);
      set({ settings, settingsError: null });
      return true;
    } catch (err) {
      set({ settingsError: describeError(err) });
      return false;
    }
  },
  setTheme: (theme) => {
    get().applyTheme(theme);
    void get().saveSettings({ theme });
  },
});

/** The engine a form starts with: the user's default when set, else the form's own. */
export function defaultEngineOr(settings: Settings | null, fallback: EngineId): EngineId {
  return settings?.defaultEngine ?? fallback;
}

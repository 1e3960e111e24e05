import type { StateCreator } from 'zustand';
import type {
  ApiErrorData,
  ConfigCatalog,
  ConfigCheck,
  ConfigRunRequest,
  RunSummary,
} from '../../../core/api/contract';
import { describeError } from '../../../core/api/errors';
import type { ConfigKind } from '../../../core/api/names';
import { MAX_CONFIG_CHARS } from '../../../core/views/config-text';
import { api } from '../api/client';

/**
 * The Config editor's state. The JSON text is the one source of truth: the form reads from it
 * and writes into it, and every change is checked by the host (the zod schemas), at most one
 * check in flight, the newest text winning.
 */
export interface ConfigSlice {
  configCatalog: ConfigCatalog | null;
  configText: string;
  /** The text as last opened or saved; null for a config never saved. */
  configSavedText: string | null;
  /** The file it was opened from or saved to. */
  configPath: string | null;
  /** Check the text as this kind; null = recognise it from the text. */
  configKindChoice: ConfigKind | null;
  /** The newest check and the text it was made of (it may lag the text by a moment). */
  configCheck: { text: string; result: ConfigCheck } | null;
  configError: ApiErrorData | null;
  configBusy: string | null;
  loadConfigCatalog(): Promise<void>;
  setConfigText(text: string): void;
  setConfigKindChoice(kind: ConfigKind | null): void;
  /** Start editing a new, unsaved config (a preset, or the Sweeps builder's "Edit as JSON"). */
  newConfig(text: string, kind: ConfigKind | null): void;
  openConfigFile(path: string): Promise<void>;
  saveConfigFile(path: string): Promise<void>;
  startConfigRun(bench: ConfigRunRequest['bench']): Promise<RunSummary | null>;
}

const CHECK_DELAY_MS = 250;

export const createConfigSlice: StateCreator<ConfigSlice> = (set, get) => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight = false;
  let again = false;
  const runCheck = async () => {
    if (inFlight) {
      again = true; // the check in flight starts the next one when it ends
      return;
    }
    const { configText: text, configKindChoice: kind, configPath: path } = get();
    // configCheck is cleared whenever the kind or the file changes, so its text is the key.
    if (get().configCheck?.text === text) return;
    if (text.trim() === '') {
      set({ configCheck: { text, result: { kind, issues: [] } } });
      return;
    }
    if (text.length > MAX_CONFIG_CHARS) {
      const message = `The config has ${text.length.toLocaleString('en')} characters; a config file holds at most ${MAX_CONFIG_CHARS.toLocaleString('en')}.`;
      const issue = { severity: 'error' as const, path: null, message, from: 0, to: 1 };
      set({ configCheck: { text, result: { kind, issues: [{ ...issue, line: 1, column: 1 }] } } });
      return;
    }
    inFlight = true;
    try {
      const result = await api.checkConfig({ text, kind, path });
      // A check of an older text still places marks; one made as another kind or file does not.
      if (get().configKindChoice === kind && get().configPath === path)
        set({ configCheck: { text, result } });
    } catch (err) {
      set({ configError: describeError(err) });
    } finally {
      inFlight = false;
    }
    if (again || get().configText !== text) {
      again = false;
      void runCheck();
    }
  };
  const scheduleCheck = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void runCheck(), CHECK_DELAY_MS);
  };
  const busy = async <T>(message: string, work: () => Promise<T>): Promise<T | null> => {
    set({ configBusy: message, configError: null });
    try {
      return await work();
    } catch (err) {
      set({ configError: describeError(err) });
      return null;
    } finally {
      set({ configBusy: null });
    }
  };
  return {
    configCatalog: null,
    configText: '',
    configSavedText: null,
    configPath: null,
    configKindChoice: null,
    configCheck: null,
    configError: null,
    configBusy: null,
    loadConfigCatalog: async () => {
      await busy('Loading schemas and presets', async () =>
        set({ configCatalog: await api.getConfigCatalog() }),
      );
    },
    setConfigText: (text) => {
      set({ configText: text });
      scheduleCheck();
    },
    setConfigKindChoice: (kind) => {
      set({ configKindChoice: kind, configCheck: null });
      scheduleCheck();
    },
    newConfig: (text, kind) => {
      set({
        configText: text,
        configSavedText: null,
        configPath: null,
        configKindChoice: kind,
        configCheck: null,
        configError: null,
      });
      scheduleCheck();
    },
    openConfigFile: async (path) => {
      const file = await busy(`Opening ${path}`, () => api.readConfigFile(path));
      if (!file) return;
      set({
        configText: file.text,
        configSavedText: file.text,
        configPath: file.path,
        configKindChoice: null,
        configCheck: null,
      });
      scheduleCheck();
    },
    saveConfigFile: async (path) => {
      const text = get().configText;
      const file = await busy(`Saving ${path}`, () => api.writeConfigFile(path, text));
      if (file) set({ configSavedText: file.text, configPath: file.path, configCheck: null });
      scheduleCheck();
    },
    startConfigRun: (bench) => {
      const { configText: text, configKindChoice: kind, configPath: path } = get();
      return busy('Starting', () => api.startConfigRun({ text, kind, path, bench }));
    },
  };
};

import type { StateCreator } from 'zustand';
import type { ApiErrorData, AppInfo, WorkbenchEvent } from '../../../core/api/contract';
import { describeError } from '../../../core/api/errors';
import { api } from '../api/client';

export interface AppSlice {
  appInfo: AppInfo | null;
  appInfoError: ApiErrorData | null;
  /** Host warnings people must see (a rebuilt model list, a damaged sweep …), newest last. */
  notices: string[];
  /** The About box (Help → About in the desktop app, the Machine page's link in web mode). */
  aboutOpen: boolean;
  loadAppInfo(): Promise<void>;
  dismissNotice(message: string): void;
  addNotice(message: string): void;
  showAbout(open: boolean): void;
  onAppEvent(event: WorkbenchEvent): void;
}

export const createAppSlice: StateCreator<AppSlice> = (set, get) => ({
  appInfo: null,
  appInfoError: null,
  notices: [],
  aboutOpen: false,
  addNotice: (message) => {
    if (!get().notices.includes(message)) set({ notices: [...get().notices, message] });
  },
  showAbout: (aboutOpen) => set({ aboutOpen }),
  loadAppInfo: async () => {
    set({ appInfoError: null });
    try {
      const appInfo = await api.getAppInfo();
      const notices = [...new Set([...get().notices, ...appInfo.notices])];
      set({ appInfo, notices });
    } catch (err) {
      set({ appInfoError: describeError(err) });
    }
  },
  dismissNotice: (message) => set({ notices: get().notices.filter((n) => n !== message) }),
  onAppEvent: (event) => {
    if (event.type === 'log' && event.level !== 'info' && !get().notices.includes(event.message))
      set({ notices: [...get().notices, event.message] });
  },
});

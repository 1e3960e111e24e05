import type { StateCreator } from 'zustand';
import type { ApiErrorData, AppInfo } from '../../../core/api/contract';
import { describeError } from '../../../core/api/errors';
import { api } from '../api/client';

export interface AppSlice {
  appInfo: AppInfo | null;
  appInfoError: ApiErrorData | null;
  loadAppInfo(): Promise<void>;
}

export const createAppSlice: StateCreator<AppSlice> = (set) => ({
  appInfo: null,
  appInfoError: null,
  loadAppInfo: async () => {
    set({ appInfoError: null });
    try {
      set({ appInfo: await api.getAppInfo() });
    } catch (err) {
      set({ appInfoError: describeError(err) });
    }
  },
});

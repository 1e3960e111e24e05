import type { StateCreator } from 'zustand';
import type {
  ApiErrorData,
  ProfileExportFormat,
  ProfileFile,
  ProfileRequest,
  ProfileSummary,
  WorkbenchEvent,
} from '../../../core/api/contract';
import { describeError } from '../../../core/api/errors';
import { api } from '../api/client';

export interface ProfileJob {
  jobId: string;
  fraction: number | null;
  message: string;
}

export interface ProfileSlice {
  profiles: ProfileSummary[];
  profilesLoaded: boolean;
  /** The profile the Profile page shows (null = the newest). */
  profileId: string | null;
  /** Loaded profiles by id (a 20k-node profile is fetched once). */
  profileFiles: Record<string, ProfileFile>;
  /** The node the page (and later the graph view) has in focus, by its runtime name. */
  focusedNode: string | null;
  profileJob: ProfileJob | null;
  profileError: ApiErrorData | null;
  loadProfiles(): Promise<void>;
  selectProfile(id: string | null): Promise<void>;
  loadProfile(id: string): Promise<ProfileFile | null>;
  runProfile(request: Omit<ProfileRequest, 'jobId'>): Promise<void>;
  cancelProfile(): Promise<void>;
  importProfile(path: string): Promise<void>;
  deleteProfile(id: string): Promise<void>;
  exportProfile(id: string, format: ProfileExportFormat): Promise<void>;
  focusNode(name: string | null): void;
  onProfileEvent(event: WorkbenchEvent): void;
}

/** Save text the host made as a file in the browser (web mode and Electron alike). */
function download(fileName: string, mimeType: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export const createProfileSlice: StateCreator<ProfileSlice> = (set, get) => {
  const guard = async (work: () => Promise<void>) => {
    set({ profileError: null });
    try {
      await work();
    } catch (err) {
      set({ profileError: describeError(err) });
    }
  };
  return {
    profiles: [],
    profilesLoaded: false,
    profileId: null,
    profileFiles: {},
    focusedNode: null,
    profileJob: null,
    profileError: null,
    loadProfiles: () =>
      guard(async () => set({ profiles: await api.listProfiles(), profilesLoaded: true })),
    loadProfile: async (id) => {
      const have = get().profileFiles[id];
      if (have) return have;
      try {
        const file = await api.getProfile(id);
        set({ profileFiles: { ...get().profileFiles, [id]: file } });
        return file;
      } catch (err) {
        set({ profileError: describeError(err) });
        return null;
      }
    },
    selectProfile: async (id) => {
      set({ profileId: id, focusedNode: null });
      if (id) await get().loadProfile(id);
    },
    runProfile: (request) =>
      guard(async () => {
        const jobId = `profile-${Date.now().toString(36)}`;
        set({ profileJob: { jobId, fraction: 0, message: 'Starting' } });
        try {
          const summary = await api.profile({ ...request, jobId });
          await get().loadProfiles();
          await get().selectProfile(summary.id);
        } finally {
          set({ profileJob: null });
        }
      }),
    cancelProfile: () =>
      guard(async () => {
        const job = get().profileJob;
        if (job) await api.cancelProfile(job.jobId);
      }),
    importProfile: (path) =>
      guard(async () => {
        const summary = await api.importProfile(path);
        await get().loadProfiles();
        await get().selectProfile(summary.id);
      }),
    deleteProfile: (id) =>
      guard(async () => {
        await api.deleteProfile(id);
        const { [id]: _gone, ...rest } = get().profileFiles;
        set({ profileFiles: rest, profileId: get().profileId === id ? null : get().profileId });
        await get().loadProfiles();
      }),
    exportProfile: (id, format) =>
      guard(async () => {
        const e = await api.exportProfile(id, format);
        download(e.fileName, e.mimeType, e.text);
      }),
    focusNode: (name) => set({ focusedNode: name }),
    onProfileEvent: (event) => {
      const job = get().profileJob;
      if (event.type === 'profile-progress' && job && event.jobId === job.jobId)
        set({ profileJob: { ...job, fraction: event.fraction, message: event.message } });
    },
  };
};

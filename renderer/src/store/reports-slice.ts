import type { StateCreator } from 'zustand';
import type {
  ApiErrorData,
  ReportEntry,
  ReportFormat,
  ReportRequest,
} from '../../../core/api/contract';
import { describeError } from '../../../core/api/errors';
import { api } from '../api/client';

/** What the Export dialog reports on (A first), and which page opened it. */
export interface ExportTarget {
  runs: string[];
  profiles: string[];
  /** Names of the inputs, for the dialog's heading. */
  names: string[];
  from: 'results' | 'profile' | 'graph' | 'reports';
}

export interface ReportsSlice {
  /** Exported reports, newest first. */
  reports: ReportEntry[];
  reportsLoaded: boolean;
  reportsError: ApiErrorData | null;
  /** The Export dialog's inputs while it is open, else null. */
  exportTarget: ExportTarget | null;
  /** The format being exported right now (a PDF takes seconds), else null. */
  exporting: ReportFormat | null;
  loadReports(): Promise<void>;
  openExport(target: ExportTarget): void;
  closeExport(): void;
  /** Export, store and save the file; the new entry, or null when it failed (reportsError says why). */
  exportReport(request: ReportRequest, format: ReportFormat): Promise<ReportEntry | null>;
  downloadReport(id: string): Promise<void>;
  deleteReport(id: string): Promise<void>;
}

/** Save a file the host sent (base64) through the browser's download (web mode and Electron alike). */
function save(fileName: string, mimeType: string, base64: string): void {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export const createReportsSlice: StateCreator<ReportsSlice> = (set, get) => {
  const guard = async (work: () => Promise<void>) => {
    set({ reportsError: null });
    try {
      await work();
    } catch (err) {
      set({ reportsError: describeError(err) });
    }
  };
  return {
    reports: [],
    reportsLoaded: false,
    reportsError: null,
    exportTarget: null,
    exporting: null,
    loadReports: () =>
      guard(async () => set({ reports: await api.listReports(), reportsLoaded: true })),
    openExport: (target) => set({ exportTarget: target, reportsError: null }),
    closeExport: () => set({ exportTarget: null }),
    exportReport: async (request, format) => {
      let made: ReportEntry | null = null;
      set({ exporting: format });
      await guard(async () => {
        made = await api.exportReport(request, format);
        await get().downloadReport(made.id);
        await get().loadReports();
      });
      set({ exporting: null });
      return made;
    },
    downloadReport: (id) =>
      guard(async () => {
        const file = await api.getReportFile(id);
        save(file.fileName, file.mimeType, file.base64);
      }),
    deleteReport: (id) =>
      guard(async () => {
        await api.deleteReport(id);
        await get().loadReports();
      }),
  };
};

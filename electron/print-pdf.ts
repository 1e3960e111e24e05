import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import { PDF_PRINT_OPTIONS, type PdfPrinter } from '../core/report/render-report';

/** The part of Electron's BrowserWindow this printer uses (tests pass a mock). */
export type WindowFactory = new (options: BrowserWindowConstructorOptions) => Pick<
  BrowserWindow,
  'loadFile' | 'destroy'
> & {
  webContents: Pick<BrowserWindow['webContents'], 'printToPDF'>;
};

/**
 * Reports to PDF in the desktop app with Electron's own `printToPDF`: the HTML goes to a
 * temp file (a data: URL is capped at 2 MB, a 500-cell report is larger) shown in a hidden
 * window with JavaScript off and no preload, printed A4 with backgrounds, then the window
 * and the file are removed.
 */
export function electronPdfPrinter(Window: WindowFactory): PdfPrinter {
  return async (html) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sparsescope-report-'));
    const file = path.join(dir, 'report.html');
    const win = new Window({
      show: false,
      webPreferences: {
        javascript: false,
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        webSecurity: true,
      },
    });
    try {
      await writeFile(file, html);
      await win.loadFile(file);
      const pdf = await win.webContents.printToPDF({ pageSize: 'A4', ...PDF_PRINT_OPTIONS });
      return new Uint8Array(pdf);
    } finally {
      win.destroy();
      await rm(dir, { recursive: true, force: true });
    }
  };
}

import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { electronPdfPrinter, type WindowFactory } from '../../../electron/print-pdf';

// Electron's printToPDF, with the BrowserWindow mocked (no Electron binary on CI machines).
describe('electronPdfPrinter', () => {
  it('prints the HTML from a temp file in a hidden window without JavaScript, then cleans up', async () => {
    const seen: {
      options?: unknown;
      file?: string;
      html?: string;
      print?: unknown;
      destroyed?: boolean;
    } = {};
    class FakeWindow {
      constructor(options: unknown) {
        seen.options = options;
      }
      loadFile(file: string) {
        seen.file = file;
        seen.html = readFileSync(file, 'utf8');
        return Promise.resolve();
      }
      destroy() {
        seen.destroyed = true;
      }
      webContents = {
        printToPDF: (options: unknown) => {
          seen.print = options;
          return Promise.resolve(Buffer.from('%PDF-1.4 fake'));
        },
      };
    }
    const print = electronPdfPrinter(FakeWindow as unknown as WindowFactory);
    const pdf = await print('<!doctype html><p>report</p>');
    expect(Buffer.from(pdf).toString()).toBe('%PDF-1.4 fake');
    expect(seen.html).toBe('<!doctype html><p>report</p>');
    expect(seen.options).toMatchObject({
      show: false,
      webPreferences: {
        javascript: false,
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
      },
    });
    expect(seen.print).toMatchObject({
      pageSize: 'A4',
      printBackground: true,
      preferCSSPageSize: true,
    });
    expect(seen.destroyed).toBe(true);
    expect(existsSync(seen.file!)).toBe(false);
  });

  it('closes the window and removes the file when printing fails', async () => {
    let destroyed = false;
    let file = '';
    class FailingWindow {
      loadFile(f: string) {
        file = f;
        return Promise.resolve();
      }
      destroy() {
        destroyed = true;
      }
      webContents = { printToPDF: () => Promise.reject(new Error('printing failed')) };
    }
    const print = electronPdfPrinter(FailingWindow as unknown as WindowFactory);
    await expect(print('<p>x</p>')).rejects.toThrow('printing failed');
    expect(destroyed).toBe(true);
    expect(existsSync(file)).toBe(false);
  });
});

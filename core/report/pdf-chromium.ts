import { launchHeadlessChromium } from '../util/headless-chromium';
import { PDF_PRINT_OPTIONS } from './render-report';

/**
 * Print a report's HTML to PDF in headless Chromium (driven by playwright-core): A4, the
 * report's own print CSS, backgrounds kept (the heatmap colours), page numbers. JavaScript
 * is off and every request is refused: the report needs neither. A clear UserError names
 * what is missing when Chromium or playwright-core is not there.
 */
export async function chromiumPdf(html: string): Promise<Uint8Array> {
  const browser = await launchHeadlessChromium(
    'PDF export',
    'export HTML and print it from a browser',
  );
  try {
    const context = await browser.newContext({ javaScriptEnabled: false });
    await context.route('**/*', (route) => route.abort());
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    const pdf = await page.pdf({ format: 'A4', ...PDF_PRINT_OPTIONS });
    return new Uint8Array(pdf);
  } finally {
    await browser.close();
  }
}

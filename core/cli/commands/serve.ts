import { existsSync } from 'node:fs';
import path from 'node:path';
import { createWorkbenchHost } from '../../host/workbench';
import { startWebServer } from '../../host/web-server';
import { openInBrowser } from '../../host/open-browser';
import { distPath } from '../../util/paths';
import type { Command } from '../command';
import { numberFlag } from '../flags';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Serve the SparseScope UI in web mode (loopback by default, token required)',
  usage: 'sparsescope serve [--port N] [--host H] [--no-open]',
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    'no-open': { type: 'boolean' },
  },
  async run(values, _positionals, io) {
    const port = numberFlag(values, 'port', { min: 0, max: 65535, integer: true }) ?? 0;
    const staticDir = distPath('renderer');
    if (!existsSync(path.join(staticDir, 'index.html'))) {
      io.stderr(
        `The UI is not built (${staticDir} has no index.html). Run \`npm run build\` first.\n`,
      );
      return 2;
    }
    const server = await startWebServer({
      host: createWorkbenchHost({ hostKind: 'web' }),
      staticDir,
      bindHost: typeof values.host === 'string' ? values.host : '127.0.0.1',
      port,
    });
    io.stdout(`SparseScope is serving at ${server.url}\n`);
    io.stdout('Open that URL in a browser (it carries the access token). Ctrl-C stops.\n');
    if (!values['no-open']) openInBrowser(server.url);
    await new Promise<void>((resolve) => {
      const stop = () => void server.close().then(resolve);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  },
};

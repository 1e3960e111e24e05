import { existsSync } from 'node:fs';
import path from 'node:path';
import { createWorkbenchHost } from '../../host/workbench';
import { startWebServer } from '../../host/web-server';
import { openInBrowser } from '../../host/open-browser';
import { distPath } from '../../util/paths';
import { UsageError, type Command } from '../command';
import { numberFlag } from '../flags';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Serve the SparseScope UI in web mode (loopback by default, token required)',
  usage: [
    'sparsescope serve [--port N] [--host H --allow-remote] [--folder DIR]... [--no-open]',
    '  Clients may use files only in the workspace and the folders given with --folder.',
    '  Binding another interface than loopback exposes the host to the network: it needs',
    '  --allow-remote, and the token is then all that protects it.',
  ].join('\n'),
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    'allow-remote': { type: 'boolean' },
    folder: { type: 'string', multiple: true },
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
    const bindHost = typeof values.host === 'string' ? values.host : '127.0.0.1';
    if (!isLoopback(bindHost)) {
      if (!values['allow-remote']) {
        throw new UsageError(
          `--host ${bindHost} would expose SparseScope beyond this machine: add --allow-remote if that is what you want.`,
        );
      }
      io.stderr(
        `Warning: serving on ${bindHost}, reachable from other machines. Anyone with the URL's token can run models and read the folders you allowed.\n`,
      );
    }
    const folders = (values.folder as string[] | undefined) ?? [];
    for (const f of folders) {
      if (!existsSync(f)) throw new UsageError(`--folder ${f}: no such folder.`);
    }
    const server = await startWebServer({
      host: createWorkbenchHost({ hostKind: 'web', folders }),
      staticDir,
      bindHost,
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

function isLoopback(host: string): boolean {
  return ['127.0.0.1', '::1', 'localhost'].includes(host) || /^127\./.test(host);
}

import type { Command } from '../command';
import { benchCommand } from './bench';
import { compareCommand } from './compare';
import { configCommand } from './config';
import { graphCommand } from './graph';
import { importCommand } from './import';
import { infoCommand } from './info';
import { machineCommand } from './machine';
import { makeModelCommand } from './make-model';
import { noiseCommand } from './noise';
import { profileCommand } from './profile';
import { pruneCommand } from './prune';
import { quantizeCommand } from './quantize';
import { reportCommand } from './report';
import { serveCommand } from './serve';
import { sweepCommand } from './sweep';
import { verifyCommand } from './verify';

/** Every `sparsescope` subcommand, in the order `--help` lists them. */
export const COMMANDS: Command[] = [
  infoCommand,
  machineCommand,
  serveCommand,
  makeModelCommand,
  pruneCommand,
  quantizeCommand,
  importCommand,
  benchCommand,
  profileCommand,
  graphCommand,
  sweepCommand,
  noiseCommand,
  configCommand,
  verifyCommand,
  compareCommand,
  reportCommand,
];

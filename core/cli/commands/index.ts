import type { Command } from '../command';
import { machineCommand } from './machine';
import { serveCommand } from './serve';

/** Every `sparsescope` subcommand, in the order `--help` lists them. */
export const COMMANDS: Command[] = [machineCommand, serveCommand];

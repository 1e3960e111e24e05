import { UserError } from '../api/errors';
import type { Engine, EngineId } from './engine';
import { builtinEngine } from './builtin/builtin-engine';
import { ortEngine } from './ort/ort-engine';

/** The engine behind an id; throws UserError('EngineUnavailable') for one that cannot run here. */
export function createEngine(id: EngineId): Engine {
  switch (id) {
    case 'ort':
      return ortEngine;
    case 'builtin':
      return builtinEngine;
    default:
      throw new UserError(
        'EngineUnavailable',
        `Unknown engine "${String(id)}": expected ort or builtin.`,
      );
  }
}

import { toErrorData } from '../../api/errors';
import { ENGINE_IDS, type EngineId } from '../../api/names';
import { checkSupported } from '../../engines/builtin/planner';
import { createEngine } from '../../engines/create-engine';
import { listEngines } from '../../engines/registry';
import type { GraphModel } from '../../model/graph';

/** Whether one engine can run the model, and how that was found out. */
export interface EngineSupport {
  id: EngineId;
  /** true: runs it; false: cannot (note says why); null: not checked (note says how to). */
  ok: boolean | null;
  note: string;
}

const failure = (err: unknown): string => {
  const e = toErrorData(err);
  return e.detail ? `${e.message} ${e.detail}` : e.message;
};

/**
 * Which engines can run a model, before anyone benchmarks it. By default only what costs
 * nothing: builtin's op and type check (what it claims; per-op limits such as rotary
 * attention show at load). `load` (--check-engines) loads the model in every engine available
 * here, the only way onnxruntime and OpenVINO say — it takes as long and as much memory as
 * creating those sessions, which `info` otherwise never does.
 */
export async function engineSupport(
  modelPath: string,
  model: GraphModel,
  load: boolean,
): Promise<EngineSupport[]> {
  if (!load) {
    let builtin: EngineSupport;
    try {
      checkSupported(model);
      builtin = { id: 'builtin', ok: true, note: 'every op and input/output type is supported' };
    } catch (err) {
      builtin = { id: 'builtin', ok: false, note: failure(err) };
    }
    const others = ENGINE_IDS.filter((id) => id !== 'builtin').map((id) => ({
      id,
      ok: null,
      note: 'not checked: --check-engines loads the model in each engine',
    }));
    return [builtin, ...others];
  }
  const available = new Map(listEngines().map((e) => [e.id, e]));
  const out: EngineSupport[] = [];
  for (const id of ENGINE_IDS) {
    const info = available.get(id);
    if (!info?.available) {
      out.push({ id, ok: false, note: `not available here: ${info?.note ?? 'unknown engine'}` });
      continue;
    }
    try {
      if (id === 'builtin') checkSupported(model);
      const session = await createEngine(id).load(modelPath, {
        threads: 1,
        ...(id === 'ort' ? { graphOptimizationLevel: 'disabled' as const } : {}),
      });
      await session.close();
      out.push({ id, ok: true, note: 'loads the model' });
    } catch (err) {
      out.push({ id, ok: false, note: failure(err) });
    }
  }
  return out;
}

export function renderEngineSupport(list: EngineSupport[]): string[] {
  const mark = (ok: boolean | null): string => (ok === true ? 'yes' : ok === false ? 'no ' : '?  ');
  return [
    '',
    'Engines:',
    ...list.map((e) => `  ${e.id.padEnd(9)} ${mark(e.ok)}  ${e.note.replace(/\s+/g, ' ').trim()}`),
  ];
}

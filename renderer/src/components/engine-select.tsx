import { useState } from 'react';
import type { EngineId } from '../../../core/api/names';
import { useStore } from '../store/index';
import { defaultEngineOr } from '../store/settings-slice';

const NO_ENGINES: never[] = [];

/**
 * The engine a form runs on: the user's pick, else the default engine from Settings, else the
 * form's own `fallback`.
 */
export function useEngineChoice(fallback: EngineId): [EngineId, (id: EngineId) => void] {
  const settings = useStore((s) => s.settings);
  const [picked, setPicked] = useState<EngineId | null>(null);
  return [picked ?? defaultEngineOr(settings, fallback), setPicked];
}

/** The host's engines as options; one it cannot run is listed, disabled, with why. */
export function EngineOptions() {
  const engines = useStore((s) => s.appInfo?.engines) ?? NO_ENGINES;
  return engines.map((e) => (
    <option key={e.id} value={e.id} disabled={!e.available}>
      {e.id}
      {e.available ? '' : ' (not available)'}
    </option>
  ));
}

import { useState } from 'react';
import type { GenerateModelRequest } from '../../../../core/api/contract';
import { MODEL_PRECISIONS, MODEL_PRESETS } from '../../../../core/api/names';

/** Generate a BERT-like encoder on the host: preset, sparsity, precision, seed. */
export function GenerateForm({
  busy,
  onGenerate,
}: {
  busy: boolean;
  onGenerate(r: GenerateModelRequest): void;
}) {
  const [preset, setPreset] = useState<GenerateModelRequest['preset']>('mini');
  const [sparsityPct, setSparsityPct] = useState(0);
  const [precision, setPrecision] = useState<GenerateModelRequest['precision']>('fp32');
  const [seed, setSeed] = useState(0);
  const valid = sparsityPct >= 0 && sparsityPct <= 99 && Number.isInteger(seed) && seed >= 0;
  return (
    <form
      className="row"
      aria-label="Generate a model"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) onGenerate({ preset, sparsity: sparsityPct / 100, precision, seed });
      }}
    >
      <label>
        Preset
        <select
          value={preset}
          onChange={(e) => setPreset(e.target.value as GenerateModelRequest['preset'])}
        >
          {MODEL_PRESETS.map((p) => (
            <option key={p}>{p}</option>
          ))}
        </select>
      </label>
      <label>
        Sparsity (%)
        <input
          type="number"
          min={0}
          max={99}
          step={1}
          value={sparsityPct}
          onChange={(e) => setSparsityPct(Number(e.target.value))}
        />
      </label>
      <label>
        Precision
        <select
          value={precision}
          onChange={(e) => setPrecision(e.target.value as GenerateModelRequest['precision'])}
        >
          {MODEL_PRECISIONS.map((p) => (
            <option key={p}>{p}</option>
          ))}
        </select>
      </label>
      <label>
        Seed
        <input
          type="number"
          min={0}
          step={1}
          value={seed}
          onChange={(e) => setSeed(Number(e.target.value))}
        />
      </label>
      <button type="submit" disabled={busy || !valid}>
        Generate
      </button>
    </form>
  );
}

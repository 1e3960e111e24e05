import { useState } from 'react';
import type { ModelEntry } from '../../../../core/api/contract';
import type { PruneScope, QuantizeMode } from '../../../../core/api/names';
import { useStore } from '../../store/index';

/** Derive a variant of a model on the host: prune to X% or quantise weights to int8. */
export function VariantForm({ model }: { model: ModelEntry }) {
  const createVariant = useStore((s) => s.createVariant);
  const busy = useStore((s) => s.modelsBusy !== null);
  const [kind, setKind] = useState<'prune' | 'quantize'>('prune');
  const [sparsityPct, setSparsityPct] = useState(80);
  const [scope, setScope] = useState<PruneScope>('per-layer');
  const [mode, setMode] = useState<QuantizeMode>('dynamic');
  const quantized = model.info.linearWeights.some((w) => w.quantized);
  return (
    <form
      className="row"
      aria-label="Create a variant"
      onSubmit={(e) => {
        e.preventDefault();
        void createVariant(
          model.id,
          kind === 'prune' ? { kind, sparsity: sparsityPct / 100, scope } : { kind, mode },
        );
      }}
    >
      <label>
        Variant
        <select value={kind} onChange={(e) => setKind(e.target.value as 'prune' | 'quantize')}>
          <option value="prune">prune (magnitude)</option>
          <option value="quantize" disabled={quantized}>
            quantize to int8
          </option>
        </select>
      </label>
      {kind === 'prune' ? (
        <>
          <label>
            Target sparsity (%)
            <input
              type="number"
              min={0}
              max={99}
              value={sparsityPct}
              onChange={(e) => setSparsityPct(Number(e.target.value))}
            />
          </label>
          <label>
            Scope
            <select value={scope} onChange={(e) => setScope(e.target.value as PruneScope)}>
              <option value="per-layer">per layer</option>
              <option value="global">global</option>
            </select>
          </label>
        </>
      ) : (
        <label>
          Mode
          <select value={mode} onChange={(e) => setMode(e.target.value as QuantizeMode)}>
            <option value="dynamic">dynamic (MatMulInteger)</option>
            <option value="qdq">QDQ</option>
          </select>
        </label>
      )}
      <button
        type="submit"
        disabled={busy || (kind === 'prune' && !(sparsityPct >= 0 && sparsityPct <= 99))}
      >
        Create variant
      </button>
      {kind === 'prune' && (
        <span className="muted">Pruning without fine-tuning changes accuracy.</span>
      )}
    </form>
  );
}

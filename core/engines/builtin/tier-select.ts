import { TIER_IDS, type TierId } from './kernel-info';
import { nativeAddon, type NativeIsa } from './native-addon';
import type { RuntimeSetup } from './runtime';
import { NativeTier } from './tiers/native-tier';
import { WasmTier } from './tiers/wasm-tier';
import { relaxedSimd } from './wasm-kernels';

/** What a session asks for: the fastest tier here (auto), any native build, or one tier. */
export type TierRequest = 'auto' | 'native' | TierId;

export const TIER_REQUESTS: readonly TierRequest[] = ['auto', 'native', ...TIER_IDS];

/** Native ISA builds from the fastest down. */
const NATIVE_ORDER: NativeIsa['isa'][] = ['avx512', 'avx2', 'generic'];

/**
 * Pick the kernel tier for a session: the request (or SPARSESCOPE_BUILTIN_TIER, or auto),
 * falling back to the best tier that works here. The notes say which tier ran and why any
 * faster one did not, so every result records it.
 */
export function selectTier(
  request: TierRequest | undefined,
  threads: number,
): { setup: RuntimeSetup; tier: TierId; notes: string[] } {
  const env = process.env.SPARSESCOPE_BUILTIN_TIER as TierRequest | undefined;
  const want: TierRequest = request ?? (env && TIER_REQUESTS.includes(env) ? env : 'auto');
  const notes: string[] = [];
  const relaxed = relaxedSimd();
  const relaxedOk = relaxed.ok;
  const wasmSetup = (useRelaxed: boolean): RuntimeSetup => ({
    threads,
    relaxed: useRelaxed,
    native: null,
    makeTier: () => new WasmTier(useRelaxed),
  });

  if (want !== 'wasm' && want !== 'wasm-relaxed') {
    const loaded = nativeAddon();
    if ('addon' in loaded) {
      const { addon } = loaded;
      const wanted = want.startsWith('native-') ? [want.slice('native-'.length)] : NATIVE_ORDER;
      const pick = wanted
        .map((name) => addon.isas.findIndex((i) => i.isa === name && i.supported))
        .find((i) => i >= 0);
      if (pick !== undefined) {
        const isa = addon.isas[pick]!;
        const tier: TierId = `native-${isa.isa}`;
        notes.push(
          `kernels: ${tier} (Node-API addon, ${isa.lanes} float lanes${isa.vnni ? ', VNNI int8 dot product' : ''}${isa.amx ? ', AMX int8 tiles' : ''}); ops without a native kernel use wasm${relaxedOk ? ' relaxed SIMD' : ' SIMD'}`,
        );
        return {
          tier,
          notes,
          setup: {
            threads,
            relaxed: relaxedOk,
            native: { addon, isa: pick },
            makeTier: () => new NativeTier(pick, isa, relaxedOk),
          },
        };
      }
      notes.push(`native tier ${want}: not supported by this CPU`);
    } else notes.push(`native tier unavailable: ${loaded.reason}`);
  }
  const useRelaxed = want !== 'wasm' && relaxedOk;
  const tier: TierId = useRelaxed ? 'wasm-relaxed' : 'wasm';
  if (want === 'wasm-relaxed' && !relaxedOk)
    notes.push(`wasm-relaxed unavailable: ${(relaxed as { reason: string }).reason}`);
  notes.push(
    `kernels: ${tier} (WebAssembly SIMD${useRelaxed ? ' with relaxed SIMD: fused multiply-add' : ''})`,
  );
  return { tier, notes, setup: wasmSetup(useRelaxed) };
}

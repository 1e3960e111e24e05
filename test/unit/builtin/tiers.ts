import { TIER_IDS, type TierId } from '../../../core/engines/builtin/kernel-info';
import { nativeAddon } from '../../../core/engines/builtin/native-addon';
import { selectTier } from '../../../core/engines/builtin/tier-select';

/** Every kernel tier, whether or not this machine has it: tests skip the missing ones. */
export { TIER_IDS };

/** Whether this machine and build run `tier` (native builds need the addon and the ISA). */
export function tierAvailable(tier: TierId | 'native'): boolean {
  const got = selectTier(tier, 1).tier;
  return tier === 'native' ? got.startsWith('native-') : got === tier;
}

/** Skip the running test when `tier` is not available here (the note says why). */
export function requireTier(tier: TierId | 'native', ctx: { skip: (note?: string) => void }): void {
  if (!tierAvailable(tier)) ctx.skip(`${tier} is not available on this machine or build`);
}

/** Whether dense int8 products of `tier` run on AMX tiles in this process. */
export function amxActive(tier: TierId): boolean {
  const got = nativeAddon();
  if (!('addon' in got) || !tier.startsWith('native-')) return false;
  return got.addon.isas.some((i) => `native-${i.isa}` === tier && i.amx === 1);
}

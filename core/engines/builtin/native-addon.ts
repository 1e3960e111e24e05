import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { distPath } from '../../util/paths';

/** One ISA build inside the addon, as its info() reports it. */
export interface NativeIsa {
  isa: 'avx512' | 'avx2' | 'generic';
  supported: boolean;
  lanes: number;
  f32Panel: number;
  f32Mr: number;
  f32Kc: number;
  i8Panel: number;
  vnni: number;
  /** 1 when dense int8 products run on AMX tiles in this process (K a multiple of 64). */
  amx: number;
}

interface RawAddon {
  abi: number;
  bind(view: Uint8Array): number;
  call(isa: number, kernel: number, argsOffset: number): void;
  info(): NativeIsa[];
}

/** The loaded addon for this thread (Node-API instance data is per thread). */
export interface NativeAddon {
  path: string;
  isas: NativeIsa[];
  /**
   * Run kernel `kernel` of ISA build `isa` on `memory`, its arguments at `argsOffset`. The
   * addon holds one bound memory per thread; sessions sharing a thread rebind on switch.
   */
  call(memory: WebAssembly.Memory, isa: number, kernel: number, argsOffset: number): void;
}

export const ADDON_FILE = 'sparsescope-kernels.node';

/** SS_ABI in native/kernels.h: the kernel list, argument layouts and formats this code uses. */
export const NATIVE_ABI = 7;

let loaded: { addon: NativeAddon } | { reason: string } | undefined;

/** Why the last build produced no addon, from dist/native/build-info.json. */
function buildReason(): string {
  const info = distPath('native', 'build-info.json');
  if (!existsSync(info)) return 'not built (run `node scripts/build.mjs native`)';
  try {
    const parsed = JSON.parse(readFileSync(info, 'utf8')) as { ok?: boolean; reason?: string };
    return parsed.ok ? 'built, but the addon file is missing' : `not built: ${parsed.reason}`;
  } catch {
    return 'not built (unreadable build-info.json)';
  }
}

/** The native kernel addon, or why there is none. Loaded once per thread. */
export function nativeAddon(): { addon: NativeAddon } | { reason: string } {
  if (loaded) return loaded;
  if (process.env.SPARSESCOPE_NATIVE === 'off')
    return (loaded = { reason: 'SPARSESCOPE_NATIVE=off' });
  const file = distPath('native', ADDON_FILE);
  if (!existsSync(file)) return (loaded = { reason: buildReason() });
  let raw: RawAddon;
  try {
    raw = createRequire(import.meta.url)(file) as RawAddon;
  } catch (err) {
    return (loaded = { reason: `the addon does not load: ${(err as Error).message}` });
  }
  // A shared memory is reserved at its maximum size up front, so growing never moves it and
  // one bind per memory is enough; the check keeps that assumption honest.
  if (raw.abi !== NATIVE_ABI)
    return (loaded = {
      reason: `the addon was built from other sources (ABI ${raw.abi}, expected ${NATIVE_ABI}); run \`node scripts/build.mjs native\``,
    });
  const bases = new WeakMap<WebAssembly.Memory, number>();
  let bound: WebAssembly.Memory | null = null;
  const addon: NativeAddon = {
    path: file,
    isas: raw.info(),
    call(memory, isa, kernel, off) {
      if (memory !== bound) {
        const base = raw.bind(new Uint8Array(memory.buffer));
        const first = bases.get(memory);
        if (first === undefined) bases.set(memory, base);
        else if (first !== base)
          throw new Error('the shared wasm memory moved: native kernels would use stale addresses');
        bound = memory;
      }
      raw.call(isa, kernel, off);
    },
  };
  return (loaded = { addon });
}

import { describe, expect, it } from 'vitest';
import { Arena } from '../../../core/engines/builtin/arena';

describe('arena', () => {
  it('hands out 64-byte aligned blocks, whatever the sizes and frees before them', () => {
    const arena = new Arena(new WebAssembly.Memory({ initial: 1 }), 1000);
    const live: number[] = [];
    // Odd sizes, then frees in the middle so later blocks come from coalesced holes.
    for (const bytes of [1, 17, 100, 4, 63, 65, 3000, 5, 129]) live.push(arena.alloc(bytes));
    arena.release(live[2]!);
    arena.release(live[3]!);
    arena.release(live[6]!);
    for (const bytes of [7, 90, 33, 2500]) live.push(arena.alloc(bytes));
    for (const off of live) expect(off % 64).toBe(0);
  });

  it('reuses a freed block and keeps live blocks apart', () => {
    const arena = new Arena(new WebAssembly.Memory({ initial: 1 }), 0);
    const a = arena.alloc(10);
    const b = arena.alloc(10);
    expect(b - a).toBe(64);
    arena.release(a);
    expect(arena.alloc(64)).toBe(a);
    expect(() => arena.release(a + 1)).toThrow(/double free/);
  });
});

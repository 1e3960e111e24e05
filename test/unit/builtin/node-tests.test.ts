import { beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_OPS } from '../../../core/engines/builtin/builtin-engine';
import { ensureWasm } from './ensure-wasm';
import { HAVE_NODE_TESTS, runNodeSuite } from './node-suite';
import { requireTier, TIER_IDS } from './tiers';

beforeAll(ensureWasm, 120_000);

describe.each(TIER_IDS)('ONNX backend node tests on tier %s', (tier) => {
  it.skipIf(!HAVE_NODE_TESTS)(
    'every test whose ops are all claimed passes verify',
    async (ctx) => {
      requireTier(tier, ctx);
      const r = await runNodeSuite({ rtol: 1e-4, atol: 1e-5 }, undefined, tier);
      console.log(
        `builtin node tests (${tier}): ${BUILTIN_OPS.length} op types claimed; ${r.claimed.length} tests claimed, ${r.passed.length} passed\n` +
          `op types in the test set not claimed (${r.unclaimedOps.length}): ${r.unclaimedOps.join(' ')}`,
      );
      for (const f of r.skipped) console.log(`not applicable ${f.test}: ${f.why}`);
      for (const f of r.failures) console.log(`FAIL ${f.test}: ${f.why}`);
      expect(r.failures).toEqual([]);
      expect(r.passed.length).toBe(r.claimed.length);
      expect(r.claimed.length).toBeGreaterThan(150);
    },
    300_000,
  );
});

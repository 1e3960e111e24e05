import { describe, it } from 'vitest';
import { describeBertMatrix } from './bert-matrix';

// base has 110M parameters: its 9 variants take minutes to generate, too slow for the unit run.
const SKIP_REASON =
  'BERT base matrix skipped: set SPARSESCOPE_SLOW=1 to run it (110M parameters, minutes)';

if (process.env.SPARSESCOPE_SLOW === '1') {
  describeBertMatrix('base', { timeoutMs: 300_000 });
} else {
  console.info(SKIP_REASON);
  describe('generated BERT base', () => {
    it.skip(SKIP_REASON, () => {});
  });
}

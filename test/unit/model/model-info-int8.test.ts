import { describe, expect, it } from 'vitest';
import { BERT_PRESETS } from '../../../core/model/generate/bert-options';
import { generateBert } from '../../../core/model/generate/bert';
import { modelInfo } from '../../../core/model/model-info';

describe('FLOPs of quantised models', () => {
  it('count the same matmuls as FP32 (DynamicQuantizeLinear scales propagate as scalars)', () => {
    const flops = (precision: 'fp32' | 'int8-qdq' | 'int8-dynamic') =>
      modelInfo(generateBert({ ...BERT_PRESETS.tiny, precision }), { seq: 128 }).flops;
    const fp32 = flops('fp32');
    for (const p of ['int8-qdq', 'int8-dynamic'] as const) {
      const q = flops(p);
      expect(q.uncounted).toEqual([]);
      expect(q.total).toBe(fp32.total);
    }
  });
});

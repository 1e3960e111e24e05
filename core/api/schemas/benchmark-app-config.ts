import { z } from 'zod';
import { RUN_LIMITS } from '../limits';
import { documented, keyMeta, upTo } from './key-docs';

/**
 * OpenVINO benchmark_app's `-load_config` / `-dump_config` JSON: device → property → value,
 * values as strings or numbers, e.g. the seed notebook's
 *
 *   {"CPU": {"NUM_STREAMS": 4, "INFERENCE_NUM_THREADS": 4, "CPU_SPARSE_WEIGHTS_DECOMPRESSION_RATE": "0.75"}}
 *
 * Known CPU properties are typed; any other property or device is allowed and kept unchanged
 * (SparseScope passes it through and says so). Only BENCHMARK_APP_KNOBS change what SparseScope runs.
 */

/** The CPU properties SparseScope acts on → the bench knob each sets. */
export const BENCHMARK_APP_KNOBS = {
  NUM_STREAMS: 'streams',
  INFERENCE_NUM_THREADS: 'threads',
  CPU_SPARSE_WEIGHTS_DECOMPRESSION_RATE: 'sparseRate',
} as const;
export type BenchmarkAppKnobKey = keyof typeof BENCHMARK_APP_KNOBS;

/** A number written as a JSON number or as a string ("4", "0.75"), as benchmark_app accepts. */
function numberLike(integer: boolean, min: number, max: number) {
  const error = `${integer ? 'an integer' : 'a number'} from ${min} to ${max.toLocaleString('en')}, as a number or a string such as ${integer ? '"4"' : '"0.75"'}`;
  const inRange = (n: number) =>
    Number.isFinite(n) && n >= min && n <= max && (!integer || Number.isInteger(n));
  const bounded = z.number({ error }).min(min, { error }).max(max, { error });
  const asNumber = integer ? bounded.int({ error }) : bounded;
  const asString = z
    .string({ error })
    .regex(integer ? /^\s*\d+\s*$/ : /^\s*\d+(\.\d+)?([eE][+-]?\d+)?\s*$/, { error, abort: true })
    .refine((s) => inRange(Number(s)), { error });
  return z.union([asNumber, asString], { error });
}

/** The number a knob's value stands for (the schema has checked it). */
export function knobNumber(value: number | string): number {
  return typeof value === 'number' ? value : Number(value.trim());
}

/** OpenVINO's YES/NO properties; JSON booleans are accepted too. */
const YES_NO = '"YES" or "NO" (or true / false)';
const yesNo = z.union([z.enum(['YES', 'NO'], { error: YES_NO }), z.boolean({ error: YES_NO })], {
  error: YES_NO,
});

function oneOf<T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: values.map((v) => `"${v}"`).join(', ') });
}

const PASSED =
  'Passed through: the openvino engine hands it to OpenVINO as written; ort and builtin ignore it.';

const cpuSchema = z
  .looseObject(
    {
      NUM_STREAMS: documented(numberLike(true, 1, RUN_LIMITS.streams).optional(), {
        text: 'Independent inference streams (SparseScope: worker threads with their own session). OpenVINO also takes "AUTO"; SparseScope needs a count.',
        range: `${upTo(RUN_LIMITS.streams)}, as a number or a string`,
        default: '1',
        benchmarkApp: '-nstreams',
        form: true,
      }),
      INFERENCE_NUM_THREADS: documented(numberLike(true, 1, RUN_LIMITS.threads).optional(), {
        text: 'Total inference threads, split evenly over the streams.',
        range: `${upTo(RUN_LIMITS.threads)}, as a number or a string`,
        default: 'all logical cores',
        benchmarkApp: '-nthreads',
        form: true,
      }),
      CPU_SPARSE_WEIGHTS_DECOMPRESSION_RATE: documented(numberLike(false, 0, 1).optional(), {
        text: 'Minimum sparsity of a MatMul weight for sparse execution (OpenVINO: 4th-gen Xeon with AMX, int8; SparseScope builtin: any CPU).',
        range: '0–1 (OpenVINO documents 0.5–1.0), as a number or a string',
        default: 'absent: never',
        benchmarkApp: 'none (only through -load_config)',
        form: true,
      }),
      PERFORMANCE_HINT: documented(
        oneOf(['LATENCY', 'THROUGHPUT', 'CUMULATIVE_THROUGHPUT']).optional(),
        {
          text: `Let OpenVINO choose streams and threads for latency or throughput. ${PASSED}`,
          range: 'LATENCY, THROUGHPUT, CUMULATIVE_THROUGHPUT',
          default: "benchmark_app's -hint (THROUGHPUT)",
          benchmarkApp: '-hint',
        },
      ),
      PERFORMANCE_HINT_NUM_REQUESTS: documented(numberLike(true, 0, RUN_LIMITS.nireq).optional(), {
        text: `Upper bound of requests the hint plans for (0 = no bound). ${PASSED}`,
        range: upTo(RUN_LIMITS.nireq, 0),
        default: '0',
        benchmarkApp: 'none',
      }),
      INFERENCE_PRECISION_HINT: documented(oneOf(['f32', 'bf16', 'f16']).optional(), {
        text: `Precision OpenVINO computes in where the model allows. ${PASSED}`,
        range: 'f32, bf16, f16',
        default: 'the best the CPU supports',
        benchmarkApp: '-infer_precision',
      }),
      EXECUTION_MODE_HINT: documented(oneOf(['PERFORMANCE', 'ACCURACY']).optional(), {
        text: `Trade accuracy for speed (PERFORMANCE) or not (ACCURACY). ${PASSED}`,
        range: 'PERFORMANCE, ACCURACY',
        default: 'PERFORMANCE',
        benchmarkApp: 'none',
      }),
      ENABLE_CPU_PINNING: documented(yesNo.optional(), {
        text: `Pin inference threads to cores. ${PASSED}`,
        range: 'YES, NO',
        default: 'YES on Linux',
        benchmarkApp: '-pin',
      }),
      ENABLE_HYPER_THREADING: documented(yesNo.optional(), {
        text: `Use both logical cores of a physical core. ${PASSED}`,
        range: 'YES, NO',
        default: 'depends on the hint',
        benchmarkApp: 'none',
      }),
      SCHEDULING_CORE_TYPE: documented(oneOf(['ANY_CORE', 'PCORE_ONLY', 'ECORE_ONLY']).optional(), {
        text: `Which cores of a hybrid CPU run inference. ${PASSED}`,
        range: 'ANY_CORE, PCORE_ONLY, ECORE_ONLY',
        default: 'ANY_CORE',
        benchmarkApp: 'none',
      }),
      SNIPPETS_MODE: documented(oneOf(['ENABLE', 'DISABLE', 'IGNORE_CALLBACK']).optional(), {
        text: `OpenVINO's snippets code generation (MHA fusion and others). ${PASSED}`,
        range: 'ENABLE, DISABLE, IGNORE_CALLBACK',
        default: 'ENABLE',
        benchmarkApp: 'none',
      }),
      CPU_DENORMALS_OPTIMIZATION: documented(yesNo.optional(), {
        text: `Flush denormal floats to zero. ${PASSED}`,
        range: 'YES, NO',
        default: 'NO',
        benchmarkApp: 'none',
      }),
    },
    { error: 'an object of CPU properties, such as {"NUM_STREAMS": "4"}' },
  )
  .refine(
    (c) =>
      c.NUM_STREAMS === undefined ||
      c.INFERENCE_NUM_THREADS === undefined ||
      knobNumber(c.INFERENCE_NUM_THREADS) >= knobNumber(c.NUM_STREAMS),
    {
      message: 'INFERENCE_NUM_THREADS ≥ NUM_STREAMS: each stream needs at least one thread',
      path: ['INFERENCE_NUM_THREADS'],
    },
  );

/** Names of the typed CPU properties, in the schema's order. */
export const KNOWN_CPU_PROPERTIES = Object.keys(cpuSchema.shape);

export const benchmarkAppConfigSchema = z
  .object(
    {
      CPU: documented(cpuSchema.optional(), {
        text: 'Properties of the CPU device. Other properties are kept and passed through.',
        range: 'an object of properties',
        default: 'none',
        benchmarkApp: '-d CPU',
        form: true,
      }),
    },
    { error: 'a JSON object of devices, such as {"CPU": {"NUM_STREAMS": "4"}}' },
  )
  // Other devices (GPU, NPU, AUTO …): any properties, kept unchanged, used by no SparseScope engine.
  .catchall(
    z.record(z.string(), z.unknown(), { error: 'an object of device properties' }).meta(
      keyMeta({
        text: `Properties of another device. ${PASSED}`,
        range: 'an object of properties',
        default: 'none',
        benchmarkApp: '-d DEVICE',
      }),
    ),
  );
export type BenchmarkAppConfigDoc = z.infer<typeof benchmarkAppConfigSchema>;

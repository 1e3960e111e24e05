import type { ModelArchitecture } from '../../api/names';
import type { GraphModel } from '../graph';
import { generateBertDetailed } from './bert';
import type { BertOptions, ResolvedBertOptions } from './bert-options';
import { generateGpt2Detailed, type ResolvedGpt2Options } from './gpt2';
import type { LinearReport } from './linear';
import { generateTensordotBertDetailed } from './tensordot-bert';

/** What every generator returns: the model, its resolved options and what make-model reports. */
export interface GeneratedModel {
  model: GraphModel;
  options: ResolvedBertOptions | ResolvedGpt2Options;
  params: number;
  linears: LinearReport[];
}

/** One line per architecture, for make-model's summary and --help. */
export const ARCHITECTURE_TITLES: Record<ModelArchitecture, string> = {
  bert: 'BERT-like encoder',
  'bert-tensordot': 'BERT-like encoder, dense layers as keras/tf2onnx Tensordot',
  gpt2: 'GPT-2-style decoder with past/present KV cache and LM head',
};

/**
 * Generate a model of the given architecture from the shared shape options (GPT-2 ignores
 * typeVocab). Same architecture, options and seed give the same bytes.
 */
export function generateModelDetailed(
  architecture: ModelArchitecture,
  opts: BertOptions,
): GeneratedModel {
  switch (architecture) {
    case 'bert':
      return generateBertDetailed(opts);
    case 'bert-tensordot':
      return generateTensordotBertDetailed(opts);
    case 'gpt2': {
      const { typeVocab: _unused, ...rest } = opts;
      return generateGpt2Detailed(rest);
    }
  }
}

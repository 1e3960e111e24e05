import path from 'node:path';
import type { GraphModel } from '../graph';
import type { Importer } from '../importer';
import { irError } from './ir-error';
import { buildGraph, type BuildContext } from './ir-graph';
import { producerVersionOf, readNetMetadata } from './ir-metadata';
import { parseIntStrict } from './ir-shapes';
import { sniffIr } from './ir-sniff';
import { readWeights } from './ir-weights';
import { parseXmlTree } from './xml-tree';

/** IR versions whose layout (layers/ports/edges, Const offset+size into .bin) we read. */
const SUPPORTED_VERSIONS = new Set([10, 11]);

/**
 * OpenVINO IR (`model.xml` + `model.bin` beside it), versions 10 and 11.
 *
 * Mapping onto graph.ts: Parameter layers → graph inputs, Result layers → graph outputs,
 * Const layers → initializers viewing the .bin, every other layer → a node whose opType is
 * the layer type and whose domain is its op set ("opset8"). `opsets` records each op set
 * seen as `{ opset8: 8 }`, so domain lookups work the same way as for ONNX.
 */
export const openvinoIrImporter: Importer = {
  id: 'openvino-ir',
  extensions: ['.xml'],

  sniff(head: Uint8Array, _fileName: string): true | string {
    return sniffIr(head);
  },

  async open(filePath: string, bytes: Uint8Array): Promise<GraphModel> {
    const text = new TextDecoder('utf-8').decode(bytes);
    const root = parseXmlTree(text, filePath);
    if (root.name !== 'net')
      throw irError(filePath, 'the XML root', 'a <net> element (OpenVINO IR)', `<${root.name}>`);

    const rawVersion = root.attrs.version;
    const version = rawVersion === undefined ? null : parseIntStrict(rawVersion);
    if (version === null || !SUPPORTED_VERSIONS.has(version)) {
      throw irError(
        filePath,
        '<net version>',
        'IR version 10 or 11',
        rawVersion === undefined ? 'no version attribute' : JSON.stringify(rawVersion),
      );
    }

    const weights = await readWeights(filePath);
    const ctx: BuildContext = { file: filePath, weights, opsets: {} };
    const graphName = root.attrs.name ?? path.parse(filePath).name;
    const { graph } = buildGraph(root, graphName, ctx);
    const metadata = readNetMetadata(root);

    return {
      format: 'openvino-ir',
      path: filePath,
      producer: 'OpenVINO',
      producerVersion: producerVersionOf(metadata),
      irVersion: version,
      opsets: ctx.opsets,
      metadata,
      graph,
    };
  },
};

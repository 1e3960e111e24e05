import { UserError } from '../../api/errors';
import type { TensorFact } from '../../api/schemas/profile';
import { importError } from '../../bench/import/import-common';
import { toDType } from '../../model/openvino-ir/element-types';
import {
  child,
  childrenNamed,
  layerPlace,
  parseXmlTree,
  type XmlElement,
} from '../../model/openvino-ir/xml-tree';
import { orderOnlyTimeline } from './counters-common';
import { openvinoKernel } from './openvino-kernel';
import type { ProfileImporter } from './profile-importer';
import { MAX_TIME_MS, NO_CONFIG, NO_MODEL, type RawNode } from '../raw-profile';

/**
 * OpenVINO's execution graph (benchmark_app `-exec_graph_path`, or
 * `ov::serialize(compiled_model.get_runtime_model(), …)`): an IR-like XML whose layers are the
 * runtime nodes the CPU plugin ran, each with `<data>` attributes (src/core/include/openvino/
 * runtime/exec_model_info.hpp): execOrder, execTimeMcs (µs of one inference, or
 * "not_executed"), originalLayersNames (the model's layers it covers, ","-separated),
 * primitiveType (the kernel, like benchmark_app's execType), runtimePrecision, outputPrecisions,
 * outputLayouts, and in older files layerType (otherwise the layer's own type attribute).
 */

function facts(layer: XmlElement, side: 'input' | 'output'): TensorFact[] {
  const ports = child(layer, side);
  if (!ports) return [];
  return childrenNamed(ports, 'port').map((p) => {
    const dims = childrenNamed(p, 'dim').map((d) => Number(d.text));
    const shape = dims.every((d) => Number.isSafeInteger(d) && d >= 0) ? dims : null;
    const t = p.attrs.precision ? toDType(p.attrs.precision) : null;
    return { dtype: t && t.ok ? t.dtype : null, shape };
  });
}

function splitOriginals(raw: string | undefined): string[] {
  if (raw === undefined) return [];
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export const openvinoExecGraphImporter: ProfileImporter = {
  id: 'openvino-exec-graph',
  label: 'OpenVINO execution graph XML',
  extensions: ['.xml'],
  sniff(head) {
    if (!/<net\b/.test(head)) return 'no <net> element';
    if (/\bexecTimeMcs=|\bprimitiveType=|\boriginalLayersNames=/.test(head)) return true;
    return 'a <net> without execTimeMcs / primitiveType / originalLayersNames (a model, not an execution graph)';
  },
  parse(text, ctx) {
    let root: XmlElement;
    try {
      root = parseXmlTree(text, ctx.fileName);
    } catch (err) {
      // The XML reader reports like the IR importer; a profile file's error kind is BadResults.
      if (err instanceof UserError) throw new UserError('BadResults', err.message, err.detail);
      throw err;
    }
    if (root.name !== 'net') throw importError(ctx, 'root element', '<net>', `got <${root.name}>`);
    const layersEl = child(root, 'layers');
    if (!layersEl) throw importError(ctx, '<net>', 'a <layers> element');
    const layers = childrenNamed(layersEl, 'layer');
    if (layers.length === 0) throw importError(ctx, '<layers>', 'at least one <layer>');
    let withTimes = 0;
    const rows = layers.map((layer, i) => {
      const place = layerPlace(layer);
      const data = child(layer, 'data');
      const a = data?.attrs ?? {};
      const type = (a.layerType ?? layer.attrs.type ?? '').trim();
      if (type === '')
        throw importError(ctx, place, 'a type="…" attribute (or <data layerType="…">)');
      const rawTime = a.execTimeMcs;
      let us = 0;
      let executed = false;
      if (rawTime !== undefined) {
        withTimes++;
        if (rawTime.trim() !== 'not_executed') {
          us = Number(rawTime);
          if (!/^\s*\d+(\.\d+)?\s*$/.test(rawTime) || !(us <= MAX_TIME_MS * 1000))
            throw importError(
              ctx,
              `${place}, execTimeMcs`,
              'a whole number of µs or "not_executed"',
              `got ${JSON.stringify(rawTime.slice(0, 40))}`,
            );
          executed = true;
        }
      }
      const orderRaw = a.execOrder;
      const order = orderRaw === undefined ? i : Number(orderRaw);
      if (!Number.isFinite(order))
        throw importError(
          ctx,
          `${place}, execOrder`,
          'a number',
          `got ${JSON.stringify(orderRaw?.slice(0, 40))}`,
        );
      const node: RawNode = {
        name: layer.attrs.name?.trim() || `layer_${layer.attrs.id ?? i}`,
        opType: type,
        originals:
          a.originalLayersNames === undefined ? null : splitOriginals(a.originalLayersNames),
        status: executed ? 'executed' : 'not_run',
        kernel: openvinoKernel(a.primitiveType ?? '', type, a.runtimePrecision ?? null),
        samplesMs: [us / 1000],
        cpuMs: null,
        threads: null,
        inputNames: null,
        outputNames: null,
        inputs: facts(layer, 'input'),
        outputs: facts(layer, 'output'),
      };
      return { node, order, i };
    });
    if (withTimes === 0)
      throw importError(
        ctx,
        '<layers>',
        'execTimeMcs on the layers (dump the graph after inference, with PERF_COUNT on)',
      );
    // Execution order first; layers that never run (constants: execOrder 0 or absent) keep file order.
    rows.sort((x, y) => x.order - y.order || x.i - y.i);
    const nodes = rows.map((r) => r.node);
    const totalUs = nodes.reduce((s, n) => s + n.samplesMs[0]! * 1000, 0);
    return {
      source: 'openvino-exec-graph',
      sourceFiles: [ctx.fileName],
      createdAt: ctx.fallbackTimestamp,
      engine: 'openvino',
      engineVersion: null,
      model: NO_MODEL,
      config: NO_CONFIG,
      iterations: 1,
      latenciesMs: null,
      nodes,
      timeline: orderOnlyTimeline(nodes),
      runtimeGraph: { kind: 'openvino-exec-graph', path: ctx.fileName },
      notes: [
        `execTimeMcs is one inference (the last before the graph was dumped); Σ = ${totalUs} µs`,
      ],
    };
  },
};

import { irError } from './ir-error';
import type { IrLayer, IrPort } from './ir-layers';

/** The layer and output port that produce a value. */
export interface Producer {
  layer: IrLayer;
  port: IrPort;
}

/**
 * Order layers so every producer precedes its consumers (engines run nodes in list order,
 * as ONNX requires). Depth-first from each layer in document order, so an IR that is
 * already sorted — the usual case — keeps its order exactly. Iterative, because real models
 * have chains thousands of layers long. A cycle is an error: IR graphs are acyclic (loops
 * live in sub-graph bodies with explicit back edges).
 */
export function sortLayers(
  file: string,
  layers: Map<string, IrLayer>,
  inputsOf: Map<string, string>,
  producers: Map<string, Producer>,
): IrLayer[] {
  const deps = (layer: IrLayer): IrLayer[] => {
    const out: IrLayer[] = [];
    for (const p of layer.inputs) {
      const v = inputsOf.get(`${layer.id}:${p.id}`);
      const prod = v === undefined ? undefined : producers.get(v);
      if (prod) out.push(prod.layer);
    }
    return out;
  };

  const state = new Map<string, 'visiting' | 'done'>();
  const order: IrLayer[] = [];
  for (const root of layers.values()) {
    if (state.has(root.id)) continue;
    const stack: { layer: IrLayer; deps: IrLayer[]; next: number }[] = [
      { layer: root, deps: deps(root), next: 0 },
    ];
    state.set(root.id, 'visiting');
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top.next < top.deps.length) {
        const dep = top.deps[top.next++];
        const s = state.get(dep.id);
        if (s === 'visiting') {
          throw irError(
            file,
            dep.place,
            'edges without cycles',
            `a cycle through this layer and ${top.layer.place}`,
          );
        }
        if (s === undefined) {
          state.set(dep.id, 'visiting');
          stack.push({ layer: dep, deps: deps(dep), next: 0 });
        }
      } else {
        state.set(top.layer.id, 'done');
        order.push(top.layer);
        stack.pop();
      }
    }
  }
  return order;
}

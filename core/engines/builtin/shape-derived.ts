import type { Node } from '../../model/graph';

/** What this analysis reads of a plan step (planner.ts's Step). */
interface StepShape {
  node: Node;
  outputs: string[];
}

/**
 * Inputs whose *values* decide an op's output shape. Every other input only passes its
 * shape through, so with these inputs known the output shape is known.
 */
const SHAPE_INPUTS: Record<string, number[]> = {
  Reshape: [1],
  Expand: [1],
  Slice: [1, 2, 3, 4],
  Squeeze: [1],
  Unsqueeze: [1],
  Split: [1],
  ConstantOfShape: [0],
  Range: [0, 1, 2],
  ReduceMean: [1],
};

/**
 * Which steps compute values fixed by the input shapes alone (Shape → Gather → Concat …
 * chains, position ids from Range(seq)). Their outputs can be cached per input-shape
 * signature and skipped on later runs with the same shapes.
 *
 * A value is *shape-fixed* when its shape follows from the input shapes, and *derived* when
 * its contents do: constants are both; Shape of a shape-fixed value is derived; a node with
 * only derived inputs is derived.
 */
export function shapeDerivedSteps(
  steps: readonly StepShape[],
  inputs: string[],
  isConstant: (name: string) => boolean,
): boolean[] {
  const derived = new Set<string>();
  const fixed = new Set<string>(inputs);
  const isDerived = (n: string): boolean => n === '' || isConstant(n) || derived.has(n);
  const isFixed = (n: string): boolean =>
    n === '' || isConstant(n) || fixed.has(n) || derived.has(n);
  return steps.map((s) => {
    const ins = s.node.inputs;
    const allDerived = ins.every(isDerived);
    const isShape = s.node.opType === 'Shape' && isFixed(ins[0] ?? '');
    const d = s.node.opType !== 'Shape' ? allDerived : isShape;
    if (d) s.outputs.forEach((o) => o && derived.add(o));
    const sd = SHAPE_INPUTS[s.node.opType] ?? [];
    const shapeOk = ins.every((n, i) => (sd.includes(i) ? isDerived(n) : isFixed(n)));
    if (d || shapeOk) s.outputs.forEach((o) => o && fixed.add(o));
    return d;
  });
}

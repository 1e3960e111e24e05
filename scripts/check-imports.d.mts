// Types of check-imports.mjs for the tests that import it.
export interface Layer {
  name: string;
  folders: string[];
}
export const CORE_LAYERS: Layer[];
export function importGraph(root: string, areas?: string[]): Map<string, string[]>;
export function layerOf(file: string, layers?: Layer[]): number;
export function findCycles(graph: Map<string, string[]>): string[][];
export function findViolations(
  graph: Map<string, string[]>,
  layers?: Layer[],
): { from: string; to: string; why: string }[];
export function checkImports(root: string): {
  files: number;
  cycles: string[][];
  violations: { from: string; to: string; why: string }[];
};

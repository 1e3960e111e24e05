/** The app's areas, in navigation order. Each later feature replaces its empty state. */
export const AREAS = [
  { id: 'machine', label: 'Machine' },
  { id: 'models', label: 'Models' },
  { id: 'sweeps', label: 'Sweeps' },
  { id: 'results', label: 'Results' },
  { id: 'profile', label: 'Profile' },
  { id: 'graph', label: 'Graph' },
  { id: 'config', label: 'Config' },
  { id: 'reports', label: 'Reports' },
] as const;

export type AreaId = (typeof AREAS)[number]['id'];

export function isAreaId(value: string): value is AreaId {
  return AREAS.some((a) => a.id === value);
}

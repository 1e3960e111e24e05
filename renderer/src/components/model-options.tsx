import { useStore } from '../store/index';

/** The workspace's models as options, valued by id (API calls) or by path (configs that name files). */
export function ModelOptions({ by }: { by: 'id' | 'path' }) {
  const models = useStore((s) => s.models);
  return models.map((m) => (
    <option key={m.id} value={by === 'id' ? m.id : m.path}>
      {m.label}
    </option>
  ));
}

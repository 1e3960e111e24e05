import { useStore } from '../../store/index';

/**
 * The Profile page's way into the Graph area: the profiled model drawn with this profile's
 * overlay; the node focused in the hotspot table (the store's focusedNode) is centred there.
 */
export function ShowInGraphButton({
  profileId,
  modelPath,
}: {
  profileId: string;
  modelPath: string | null;
}) {
  const model = useStore((s) => s.models.find((m) => m.path === modelPath));
  const showGraph = useStore((s) => s.showGraph);
  const setArea = useStore((s) => s.setArea);
  return (
    <button
      type="button"
      disabled={!model}
      title={
        model
          ? undefined
          : 'The profiled model is not in this workspace: open it on the Models page first.'
      }
      onClick={() => {
        if (!model) return;
        void showGraph(model.id, 'original', profileId);
        setArea('graph');
      }}
    >
      Show in graph
    </button>
  );
}

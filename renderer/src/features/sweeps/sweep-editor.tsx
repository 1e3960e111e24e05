import { useState } from 'react';
import { useStore } from '../../store/index';
import { sweepTemplate } from './sweep-template';

/** Start a sweep from a JSON config; the host validates it and names any bad field. */
export function SweepEditor({ text, setText }: { text: string; setText(text: string): void }) {
  const models = useStore((s) => s.models);
  const startSweep = useStore((s) => s.startSweep);
  const [parseError, setParseError] = useState<string | null>(null);

  const start = () => {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (err) {
      setParseError(`The config is not valid JSON: ${(err as Error).message}`);
      return;
    }
    setParseError(null);
    void startSweep(doc);
  };

  return (
    <section className="panel" aria-labelledby="sweep-editor-title">
      <h3 id="sweep-editor-title">Advanced: edit the sweep as JSON</h3>
      <p className="muted">
        Variants × engines × streams × threads × seq × batch × repeats; model paths are host paths
        (relative ones are inside the workspace). Each cell runs in fresh worker threads and is on
        disk as soon as it finishes.
      </p>
      <label>
        Sweep config (JSON)
        <textarea
          className="code"
          rows={16}
          spellCheck={false}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </label>
      <div className="row">
        <button type="button" onClick={start}>
          Start sweep from JSON
        </button>
        <button type="button" onClick={() => setText(sweepTemplate(models))}>
          Template from my models
        </button>
      </div>
      {parseError && (
        <p className="error-box" role="alert">
          {parseError}
        </p>
      )}
    </section>
  );
}

import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ConfigPreset } from '../../../../core/api/contract';
import { CONFIG_KIND_TITLES, CONFIG_KINDS, type ConfigKind } from '../../../../core/api/names';
import { ErrorBox } from '../../components/error-box';
import { useStore } from '../../store/index';
import { FilePicker } from '../models/file-picker';
import { ConfigForm } from './config-form';
import { JsonEditor } from './json-editor';
import { ProblemList } from './problem-list';
import { RunPanel } from './run-panel';
import './config.css';

/**
 * The Config area: one editor for run, sweep and benchmark_app configs — JSON (CodeMirror with
 * the kind's JSON Schema) and a form of the common keys, kept in sync through the text; open,
 * save with a diff against the saved file, presets, and Run.
 */
export function ConfigPage() {
  const s = useStore(
    useShallow((st) => ({
      configCatalog: st.configCatalog,
      configText: st.configText,
      configSavedText: st.configSavedText,
      configPath: st.configPath,
      configKindChoice: st.configKindChoice,
      configCheck: st.configCheck,
      configError: st.configError,
      configBusy: st.configBusy,
      loadConfigCatalog: st.loadConfigCatalog,
      loadModels: st.loadModels,
      setConfigText: st.setConfigText,
      setConfigKindChoice: st.setConfigKindChoice,
      newConfig: st.newConfig,
      openConfigFile: st.openConfigFile,
      saveConfigFile: st.saveConfigFile,
    })),
  );
  const [picker, setPicker] = useState<'open' | 'save' | null>(null);
  const [pending, setPending] = useState<ConfigPreset | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [showDiff, setShowDiff] = useState(false);
  const { loadConfigCatalog, loadModels } = s;
  useEffect(() => {
    void loadConfigCatalog();
    void loadModels();
  }, [loadConfigCatalog, loadModels]);

  const text = s.configText;
  const checked = s.configCheck;
  const current = checked?.text === text ? checked.result : null;
  const kind = current?.kind ?? s.configKindChoice ?? checked?.result.kind ?? null;
  const schema = kind && s.configCatalog ? s.configCatalog.schemas[kind] : null;
  const dirty = s.configSavedText === null ? text.trim() !== '' : text !== s.configSavedText;
  const errors = current?.issues.filter((i) => i.severity === 'error') ?? [];
  const saveReason = !current
    ? 'Checking…'
    : errors.length > 0
      ? `Fix ${errors.length} error${errors.length > 1 ? 's' : ''} first.`
      : null;

  const applyPreset = (p: ConfigPreset) => {
    s.newConfig(p.text, p.kind);
    setNote(p.note);
    setPending(null);
  };
  const choosePreset = (id: string) => {
    const preset = s.configCatalog?.presets.find((p) => p.id === id);
    if (!preset) return;
    if (dirty) setPending(preset);
    else applyPreset(preset);
  };

  return (
    <div className="stack">
      <section className="panel" aria-labelledby="config-title">
        <h2 id="config-title">Config</h2>
        <p className="config-file" aria-label="Config file">
          <code>{s.configPath ?? 'a new config, not saved yet'}</code>
          {dirty && (
            <span className="config-dirty" aria-label="Unsaved changes">
              {' '}
              ● unsaved changes
            </span>
          )}
        </p>
        <div className="row">
          <button type="button" onClick={() => setPicker('open')}>
            Open…
          </button>
          <button
            type="button"
            disabled={!s.configPath || !dirty || saveReason !== null}
            title={saveReason ?? undefined}
            onClick={() => s.configPath && void s.saveConfigFile(s.configPath)}
          >
            Save
          </button>
          <button type="button" disabled={saveReason !== null} onClick={() => setPicker('save')}>
            Save as…
          </button>
          <label>
            Start from a preset
            <select value="" onChange={(e) => choosePreset(e.target.value)}>
              <option value="">Choose…</option>
              {s.configCatalog?.presets.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.title}
                </option>
              ))}
            </select>
          </label>
          <label>
            Check as
            <select
              value={s.configKindChoice ?? ''}
              onChange={(e) => s.setConfigKindChoice((e.target.value || null) as ConfigKind | null)}
            >
              <option value="">recognise from the text</option>
              {CONFIG_KINDS.map((k) => (
                <option key={k} value={k}>
                  {CONFIG_KIND_TITLES[k]}
                </option>
              ))}
            </select>
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={showDiff}
              disabled={s.configSavedText === null}
              onChange={(e) => setShowDiff(e.target.checked)}
            />
            Show changes against the saved file
          </label>
        </div>
        <p className="muted" role="status" aria-label="Config kind">
          {kind ? `A ${CONFIG_KIND_TITLES[kind]}.` : 'Not recognised yet.'}
          {errors.length > 0 && dirty ? ` To save: ${saveReason}` : ''}
        </p>
        {note && <p className="config-note">{note}</p>}
        {pending && (
          <div className="dialog" role="alertdialog" aria-label="Replace unsaved changes">
            <p>
              Replace the unsaved changes with “{pending.title}”? Undo (Ctrl+Z) brings the text
              back.
            </p>
            <div className="row">
              <button type="button" onClick={() => applyPreset(pending)}>
                Replace
              </button>
              <button type="button" onClick={() => setPending(null)}>
                Keep editing
              </button>
            </div>
          </div>
        )}
        {picker && (
          <FilePicker
            show="configs"
            title={picker === 'open' ? 'Open a config file' : 'Save the config as'}
            action={picker === 'open' ? 'Open path' : 'Save here'}
            initialPath={picker === 'save' ? (s.configPath ?? '') : ''}
            onCancel={() => setPicker(null)}
            onPick={(path) => {
              setPicker(null);
              setNote(null);
              void (picker === 'open' ? s.openConfigFile(path) : s.saveConfigFile(path));
            }}
          />
        )}
        {s.configError && <ErrorBox error={s.configError} />}
        {s.configBusy && <p className="muted">{s.configBusy}…</p>}
        <div className="config-columns">
          <JsonEditor
            text={text}
            onChange={s.setConfigText}
            schema={schema}
            issues={checked?.result.issues ?? []}
            issuesText={checked?.text ?? null}
            diffAgainst={showDiff ? s.configSavedText : null}
            label="Config JSON"
          />
          {schema && <ConfigForm schema={schema} text={text} onChange={s.setConfigText} />}
        </div>
        <ProblemList issues={current?.issues ?? null} />
        <RunPanel check={current} checking={!current && text.trim() !== ''} kind={kind} />
      </section>
    </div>
  );
}

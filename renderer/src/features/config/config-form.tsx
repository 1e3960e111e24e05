import { useId, useMemo, useState } from 'react';
import type { Node, ParseError } from 'jsonc-parser';
import { configTree } from '../../../../core/views/config-text';
import {
  applyField,
  fieldChoices,
  fieldText,
  formFields,
  type FormField,
} from '../../../../core/views/config-form';

/**
 * The form view: the common keys of the config's JSON Schema, read from the JSON text and
 * written back into it. A field being typed in keeps what was typed until it loses focus, so
 * "1, 2," on the way to "1, 2, 4" is not thrown away; the JSON shows every accepted keystroke.
 */
export function ConfigForm({
  schema,
  text,
  onChange,
}: {
  schema: Record<string, unknown>;
  text: string;
  onChange(text: string): void;
}) {
  const fields = useMemo(() => formFields(schema), [schema]);
  // One parse per text for every field (a pasted 10 MB text must not be parsed per field).
  const { tree, readOnlyReason } = useMemo(() => {
    const errors: ParseError[] = [];
    const parsed = configTree(text, errors);
    const reason =
      !parsed && text.trim() !== ''
        ? 'The form is off: the text is too long or nested too deeply for a config (see Problems).'
        : errors.length > 0
          ? 'The form is read-only until the JSON parses (see Problems).'
          : null;
    return { tree: parsed, readOnlyReason: reason };
  }, [text]);
  if (fields.length === 0) return null;
  return (
    <form className="config-form" aria-label="Config form" onSubmit={(e) => e.preventDefault()}>
      {readOnlyReason && <p className="muted">{readOnlyReason}</p>}
      {fields.map((f) => (
        <Field
          key={f.path.join('.')}
          field={f}
          text={text}
          tree={tree}
          disabled={readOnlyReason !== null}
          onChange={onChange}
        />
      ))}
    </form>
  );
}

function Field({
  field,
  text,
  tree,
  disabled,
  onChange,
}: {
  field: FormField;
  text: string;
  tree: Node | null;
  disabled: boolean;
  onChange(text: string): void;
}) {
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const write = (input: string | string[]) => {
    const result = applyField(text, field, input);
    if ('error' in result) setError(result.error);
    else {
      setError(null);
      onChange(result.text);
    }
  };
  const help = <small id={`${id}-help`}>{field.help}</small>;

  if (field.control === 'choice-list') {
    const chosen = fieldChoices(text, field, tree);
    return (
      <fieldset className="config-field" aria-describedby={`${id}-help`} disabled={disabled}>
        <legend>{field.label}</legend>
        {field.choices.map((c) => (
          <label key={c} className="check">
            <input
              type="checkbox"
              checked={chosen.includes(c)}
              onChange={() =>
                write(chosen.includes(c) ? chosen.filter((x) => x !== c) : [...chosen, c])
              }
            />
            {c}
          </label>
        ))}
        {help}
      </fieldset>
    );
  }
  const value = draft ?? fieldText(text, field, tree);
  return (
    <div className="config-field">
      <label htmlFor={id}>{field.label}</label>
      {field.control === 'choice' ? (
        <select
          id={id}
          value={value}
          disabled={disabled}
          aria-describedby={`${id}-help`}
          onChange={(e) => write(e.target.value)}
        >
          <option value="">(not set: default)</option>
          {field.choices.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      ) : (
        <input
          id={id}
          type="text"
          inputMode={field.control === 'text' ? 'text' : 'decimal'}
          value={value}
          disabled={disabled}
          placeholder="(not set: default)"
          aria-invalid={error !== null}
          aria-describedby={`${id}-help${error ? ` ${id}-error` : ''}`}
          onChange={(e) => {
            setDraft(e.target.value);
            write(e.target.value);
          }}
          onBlur={() => setDraft(null)}
        />
      )}
      {error && (
        <small id={`${id}-error`} className="config-field-error" role="alert">
          {error}
        </small>
      )}
      {help}
    </div>
  );
}

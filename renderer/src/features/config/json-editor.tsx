import type { CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import { json, jsonLanguage } from '@codemirror/lang-json';
import { forEachDiagnostic, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { unifiedMergeView } from '@codemirror/merge';
import { Compartment, EditorState, type Text } from '@codemirror/state';
import {
  Decoration,
  hoverTooltip,
  ViewPlugin,
  WidgetType,
  type DecorationSet,
  type ViewUpdate,
} from '@codemirror/view';
import { disableErrorLogging } from 'best-effort-json-parser';
import { basicSetup, EditorView } from 'codemirror';
import {
  jsonCompletion,
  jsonSchemaHover,
  stateExtensions,
  updateSchema,
} from 'codemirror-json-schema';
import { useEffect, useRef } from 'react';
import type { ConfigIssue } from '../../../../core/api/contract';
import { editorTheme } from './editor-theme';

type JsonSchema = Parameters<typeof updateSchema>[1];

/** The message of a problem, written at the end of its line: visible without hovering. */
class InlineMessage extends WidgetType {
  constructor(
    readonly text: string,
    readonly severity: Diagnostic['severity'],
  ) {
    super();
  }
  override eq(other: InlineMessage): boolean {
    return other.text === this.text && other.severity === this.severity;
  }
  toDOM(): HTMLElement {
    const span = document.createElement('span');
    span.className = `cm-inline-message cm-inline-message-${this.severity}`;
    span.setAttribute('role', 'note');
    span.textContent = this.text;
    return span;
  }
}

function inlineMessages(doc: Text, state: EditorState): DecorationSet {
  const byLine = new Map<number, { text: string[]; severity: Diagnostic['severity'] }>();
  forEachDiagnostic(state, (d, from) => {
    const line = doc.lineAt(Math.min(from, doc.length)).number;
    const entry = byLine.get(line) ?? { text: [], severity: d.severity };
    entry.text.push(d.message);
    if (d.severity === 'error') entry.severity = 'error';
    byLine.set(line, entry);
  });
  const widgets = [...byLine.entries()]
    .sort(([a], [b]) => a - b)
    .map(([line, e]) =>
      Decoration.widget({
        widget: new InlineMessage(e.text.join(' · '), e.severity),
        side: 1,
      }).range(doc.line(line).to),
    );
  return Decoration.set(widgets);
}

const inlineMessagesPlugin = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = inlineMessages(view.state.doc, view.state);
    }
    update(u: ViewUpdate) {
      this.decorations = inlineMessages(u.state.doc, u.state);
    }
  },
  { decorations: (p) => p.decorations },
);

function toDiagnostics(issues: ConfigIssue[], length: number): Diagnostic[] {
  return issues.map((i) => {
    const from = Math.min(i.from, length);
    return {
      from,
      to: Math.max(from, Math.min(i.to, length)),
      severity: i.severity,
      message: i.message,
    };
  });
}

/** The smallest change turning `a` into `b`, so the editor's undo history and cursor survive. */
function minimalChange(a: string, b: string): { from: number; to: number; insert: string } {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  return { from: start, to: endA, insert: b.slice(start, endB) };
}

// codemirror-json-schema reads half-typed JSON with best-effort-json-parser, which reports
// every half-typed text with console.error; half-typed text is normal in an editor.
disableErrorLogging();
const completeFromSchema = jsonCompletion();
/** codemirror-json-schema answers "nothing" with [], which @codemirror/autocomplete 6.20 rejects: null it is. */
function schemaCompletion(context: CompletionContext): CompletionResult | null {
  const result = completeFromSchema(context);
  return Array.isArray(result) ? null : result;
}

export interface JsonEditorProps {
  /** The text; changes from outside (form, open, preset) are applied as edits. */
  text: string;
  onChange(text: string): void;
  /** JSON Schema for completion and hover. */
  schema: Record<string, unknown> | null;
  /** Problems of `issuesText`, shown when it is the editor's text. */
  issues: ConfigIssue[];
  issuesText: string | null;
  /** The saved text to show the changes against, when the diff is on. */
  diffAgainst: string | null;
  label: string;
}

/** The Config editor's JSON view: CodeMirror 6 with JSON, schema completion and hover, problems, undo, diff. */
export function JsonEditor({
  text,
  onChange,
  schema,
  issues,
  issuesText,
  diffAgainst,
  label,
}: JsonEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const diff = useRef(new Compartment());
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  useEffect(() => {
    const v = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: text,
        extensions: [
          basicSetup,
          // Keep "\r\n" as written: a save must change only what was edited.
          EditorState.lineSeparator.of('\n'),
          json(),
          jsonLanguage.data.of({ autocomplete: schemaCompletion }),
          hoverTooltip(jsonSchemaHover()),
          stateExtensions(),
          inlineMessagesPlugin,
          editorTheme,
          // Configs put a whole device on one line; wrapping keeps it beside the form.
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({ 'aria-label': label }),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) onChangeRef.current(u.state.doc.toString());
          }),
          diff.current.of([]),
        ],
      }),
    });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
    // The editor is made once; later props are applied by the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const v = view.current!;
    const current = v.state.doc.toString();
    if (current !== text) v.dispatch({ changes: minimalChange(current, text) });
  }, [text]);

  useEffect(() => {
    updateSchema(view.current!, (schema ?? undefined) as JsonSchema);
  }, [schema]);

  useEffect(() => {
    const v = view.current!;
    if (issuesText !== v.state.doc.toString()) return; // a check of an older text: keep the marks mapped
    v.dispatch(setDiagnostics(v.state, toDiagnostics(issues, v.state.doc.length)));
  }, [issues, issuesText, text]);

  useEffect(() => {
    view.current!.dispatch({
      effects: diff.current.reconfigure(
        diffAgainst === null
          ? []
          : unifiedMergeView({ original: diffAgainst, mergeControls: false, gutter: true }),
      ),
    });
  }, [diffAgainst]);

  return <div className="json-editor" ref={host} />;
}

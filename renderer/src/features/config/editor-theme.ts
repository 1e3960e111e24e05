import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { EditorView } from '@codemirror/view';
import { tags } from '@lezer/highlight';

/**
 * The JSON editor in the app's colours: every colour is a CSS variable of styles.css or
 * config.css, so the light and dark themes apply without reconfiguring the editor.
 */
const theme = EditorView.theme({
  '&': {
    color: 'var(--text)',
    backgroundColor: 'var(--bg)',
    border: '1px solid var(--border)',
    borderRadius: '6px',
    fontSize: '13px',
  },
  '&.cm-focused': { outline: '2px solid var(--accent)' },
  '.cm-content': {
    fontFamily: "ui-monospace, 'SFMono-Regular', Menlo, monospace",
    caretColor: 'var(--text)',
  },
  '.cm-cursor': { borderLeftColor: 'var(--text)' },
  '.cm-gutters': {
    backgroundColor: 'var(--panel)',
    color: 'var(--muted)',
    borderRight: '1px solid var(--border)',
  },
  '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: 'var(--cm-active-line)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': {
    backgroundColor: 'var(--cm-selection) !important',
  },
  '.cm-tooltip': {
    backgroundColor: 'var(--panel)',
    color: 'var(--text)',
    border: '1px solid var(--border)',
    maxWidth: '48ch',
  },
  '.cm-tooltip-autocomplete ul li[aria-selected]': {
    backgroundColor: 'var(--accent-bg)',
    color: 'var(--text)',
  },
  '.cm-completionInfo': { maxWidth: '48ch', whiteSpace: 'normal' },
  '.cm-changedLine': { backgroundColor: 'var(--cm-inserted) !important' },
  '.cm-deletedChunk': { backgroundColor: 'var(--cm-deleted)' },
});

const highlight = HighlightStyle.define([
  { tag: tags.propertyName, color: 'var(--cm-key)' },
  { tag: tags.string, color: 'var(--cm-string)' },
  { tag: tags.number, color: 'var(--cm-number)' },
  { tag: [tags.bool, tags.null], color: 'var(--cm-keyword)' },
  { tag: tags.invalid, color: 'var(--danger)' },
]);

export const editorTheme = [theme, syntaxHighlighting(highlight)];

// The "Function" editor: CodeMirror 6, kept minimal — the document, history and the default keys,
// line wrapping (no sideways scrolling at phone width) and a small stream highlighter for matdiff
// syntax: comments (#), numbers, function calls, definitions (`s = …`), the transpose ' and the
// operators. The editable element carries aria-labelledby, so the label names it for a screen
// reader and for a test (getByLabel('Function')).
import { EditorState } from '@codemirror/state';
import { EditorView, keymap, placeholder } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { HighlightStyle, StreamLanguage, syntaxHighlighting, type StringStream } from '@codemirror/language';
import { tags } from '@lezer/highlight';

interface LineState {
  /** nothing but spaces since the start of the statement (a name here may be a definition) */
  statementStart: boolean;
}

const NAME = /^[A-Za-z_\u0370-\u03ff][A-Za-z0-9_\u0370-\u03ff]*/;

/** matdiff syntax, token by token (src/parse/lexer.ts is the real reader; this only colours) */
export const matdiffLanguage = StreamLanguage.define<LineState>({
  name: 'matdiff',
  startState: () => ({ statementStart: true }),
  token(stream: StringStream, state: LineState): string | null {
    if (stream.sol()) state.statementStart = true;
    if (stream.eatSpace()) return null;
    const start = state.statementStart;
    state.statementStart = false;
    if (stream.match('#')) {
      stream.skipToEnd();
      return 'comment';
    }
    if (stream.match(/^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/)) return 'number';
    const name = stream.match(NAME) as RegExpMatchArray | null;
    if (name) {
      if (/^\s*\(/.test(stream.string.slice(stream.pos))) return 'function';
      if (start && /^\s*=(?!=)/.test(stream.string.slice(stream.pos))) return 'definition';
      return 'variableName';
    }
    if (stream.match(/^[;]/)) {
      state.statementStart = true;
      return 'separator';
    }
    if (stream.match(/^('|ᵀ)/)) return 'transpose';
    if (stream.match(/^(\.\*|\.\/|\.\^|[-+*/^:=∘⊙·])/)) return 'operator';
    if (stream.match(/^[(),]/)) return 'bracket';
    stream.next();
    return null;
  },
  tokenTable: {
    function: tags.function(tags.variableName),
    definition: tags.definition(tags.variableName),
    transpose: tags.special(tags.operator),
    separator: tags.separator,
  },
});

// colours from the page's custom properties, so the light and dark themes both apply
const highlight = HighlightStyle.define([
  { tag: tags.comment, color: 'var(--hl-comment)', fontStyle: 'italic' },
  { tag: tags.number, color: 'var(--hl-number)' },
  { tag: tags.function(tags.variableName), color: 'var(--hl-function)', fontWeight: '600' },
  { tag: tags.definition(tags.variableName), color: 'var(--hl-definition)', fontWeight: '600' },
  { tag: tags.variableName, color: 'var(--fg)' },
  { tag: [tags.operator, tags.special(tags.operator)], color: 'var(--hl-operator)' },
  { tag: [tags.separator, tags.bracket], color: 'var(--muted)' },
]);

const theme = EditorView.theme({
  '&': { border: '1px solid var(--border)', borderRadius: '6px', background: 'var(--input-bg)', color: 'var(--fg)' },
  '&.cm-focused': { outline: '2px solid var(--focus)', outlineOffset: '1px' },
  '.cm-content': { fontFamily: 'var(--mono)', fontSize: '15px', padding: '8px 0', caretColor: 'var(--fg)', minHeight: '3.2em' },
  '.cm-line': { padding: '0 10px' },
  '.cm-cursor': { borderLeftColor: 'var(--fg)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground': { background: 'var(--selection)' },
  '.cm-placeholder': { color: 'var(--muted)' },
});

export interface FunctionEditor {
  readonly view: EditorView;
  get(): string;
  /** replace the text (no change event for the page) */
  set(text: string): void;
}

/** A CodeMirror editor in `parent`, labelled by the element `labelId`; `onChange` after each edit. */
export function createEditor(parent: HTMLElement, labelId: string, onChange: (text: string) => void): FunctionEditor {
  let quiet = false;
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: '',
      extensions: [
        history(),
        keymap.of([...defaultKeymap, ...historyKeymap]),
        matdiffLanguage,
        syntaxHighlighting(highlight),
        EditorView.lineWrapping,
        theme,
        placeholder('v = W*x; s = sigmoid(v); E = 1/2*(s - y):(s - y)'),
        EditorView.contentAttributes.of({ 'aria-labelledby': labelId, 'aria-multiline': 'true', role: 'textbox', spellcheck: 'false', autocapitalize: 'off', autocorrect: 'off', id: 'fn-input' }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged && !quiet) onChange(u.state.doc.toString());
        }),
      ],
    }),
  });
  return {
    view,
    get: () => view.state.doc.toString(),
    set(text: string) {
      if (text === view.state.doc.toString()) return;
      quiet = true;
      try {
        view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
      } finally {
        quiet = false;
      }
    },
  };
}

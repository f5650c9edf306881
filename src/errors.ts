// Every error a user can cause is a MatdiffError: it knows its kind, the input it came from and
// where in that input it happened, so the CLI can print the line with a caret instead of a stack.
// What it prints never carries a control or invisible character raw (a terminal escape, a bidi
// override, a zero-width space): each is shown as <U+XXXX>, and the caret lines up under that.
import { codePoint, describeChar, lookalike } from './parse/suggest.js';

export type ErrorKind =
  | 'parse' // the text is not matdiff syntax
  | 'shape' // two shapes clash at an operator
  | 'unknown-function' // a call to a function matdiff does not know
  | 'unknown-name' // a name that cannot be resolved (e.g. a --wrt that is not in the expression)
  | 'unsupported' // a valid construction matdiff cannot differentiate or identify yet
  | 'not-scalar' // a gradient was asked of a function that is not a scalar
  | 'limit' // a size past one of matdiff's limits (input length, nesting, numbers, powers, dimensions; docs/limits.md)
  | 'domain' // evaluate(): the function is undefined at the values given (log of a negative, a singular inverse)
  | 'declaration' // a --vars declaration is malformed
  | 'io' // a file could not be read or written (matdiff/node and the command line)
  | 'check'; // the numeric check failed

export interface Span {
  start: number; // offset of the first character (0-based, UTF-16 units)
  end: number; // offset one past the last character
}

export class MatdiffError extends Error {
  readonly kind: ErrorKind;
  readonly source?: string;
  readonly span?: Span;
  readonly hint?: string;

  constructor(kind: ErrorKind, message: string, opts: { source?: string; span?: Span; hint?: string } = {}) {
    // the message and hint quote the user's text: shown, never obeyed (no escape sequences)
    super(visible(message));
    this.name = 'MatdiffError';
    this.kind = kind;
    this.source = opts.source;
    this.span = opts.span;
    this.hint = opts.hint === undefined ? undefined : visible(opts.hint);
  }

  /** The message, then (when the place is known) the input line with a caret under the spot. */
  format(): string {
    const lines = [`error: ${this.message}`];
    if (this.source !== undefined && this.span !== undefined) lines.push(...caret(this.source, this.span));
    if (this.hint) lines.push(`hint: ${this.hint}`);
    // a letter that only looks Latin (Greek Α in a --wrt, say): say so, or `Α` and `A` read the same
    const said = `${this.message} ${this.hint ?? ''}`;
    const seen = new Set<string>();
    for (const ch of said) {
      const like = lookalike(ch);
      if (like === undefined || seen.has(ch) || said.includes(codePoint(ch))) continue;
      seen.add(ch);
      lines.push(`note: \`${ch}\` is ${describeChar(ch)}, not \`${like}\``);
    }
    return lines.join('\n');
  }
}

/**
 * A character that does not show, or shows as something else: controls (ESC, NUL, CR …), format
 * characters (zero-width space and joiners, BOM, soft hyphen, bidi embeddings, overrides and
 * isolates, tag characters), separators and spaces other than the plain space, the blank letters
 * (Hangul fillers), private-use, unassigned and lone surrogate code points.
 */
export function isInvisible(ch: string): boolean {
  return /^(?:[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cn}\p{Cs}\u034f\u115f\u1160\u17b4\u17b5\u2800\u3164\uffa0]|(?! )\p{Zs})$/u.test(ch);
}

const isMark = (ch: string) => /^\p{M}$/u.test(ch);

/**
 * `s` with every invisible character written as `<U+200B>`, and a combining mark that has no
 * letter to sit on as well. Characters in `keep` (say '\n') stay as they are.
 */
export function visible(s: string, keep = ''): string {
  let out = '';
  let prev = '';
  for (const ch of s) {
    const shown = keep.includes(ch) ? ch : isInvisible(ch) || (isMark(ch) && (prev === '' || /^[\s]$/u.test(prev) || isInvisible(prev))) ? `<${codePoint(ch)}>` : ch;
    out += shown;
    prev = shown.length > ch.length ? '' : ch;
  }
  return out;
}

/** columns a character takes in a terminal: 2 for East Asian wide ones, 0 for a combining mark */
function columns(ch: string): number {
  const cp = ch.codePointAt(0)!;
  if (isMark(ch)) return 0;
  const wide =
    (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1f64f) || (cp >= 0x1f900 && cp <= 0x1f9ff) || (cp >= 0x20000 && cp <= 0x3fffd);
  return wide ? 2 : 1;
}

/**
 * The line of `source` holding `span`, and a line of carets under the span. Invisible characters
 * in the line are shown as <U+XXXX>, and the carets stand under what is shown (a tab stays a tab
 * in both lines, a wide character takes two columns), so they point at the right spot.
 */
export function caret(source: string, span: Span): string[] {
  const start = Math.max(0, Math.min(span.start, source.length));
  const lineStart = source.lastIndexOf('\n', start - 1) + 1;
  let lineEnd = source.indexOf('\n', start);
  if (lineEnd < 0) lineEnd = source.length;
  // the \r of a CRLF line ending is not part of what the line shows
  const shownEnd = lineEnd > start && source[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
  const end = Math.min(span.end, lineEnd);
  // a long line (an 18 000-digit number, a pasted file) is shown as a window around the spot:
  // CONTEXT characters either side of at most SPAN_SHOWN characters of the span, marked with …
  const CONTEXT = 60;
  const SPAN_SHOWN = 80;
  let from = Math.max(lineStart, start - CONTEXT);
  const to = Math.min(shownEnd, Math.max(start + 1, Math.min(end, start + SPAN_SHOWN)) + CONTEXT);
  if (from > lineStart && /[\udc00-\udfff]/.test(source[from] ?? '')) from++; // not half a surrogate pair
  const cut = Math.min(end, to, start + SPAN_SHOWN);
  let line = from > lineStart ? '…' : '';
  let pad = from > lineStart ? ' ' : '';
  let width = 0;
  let prev = '';
  for (let i = from; i < to; ) {
    const ch = String.fromCodePoint(source.codePointAt(i)!);
    const escaped = ch !== '\t' && (isInvisible(ch) || (isMark(ch) && (prev === '' || prev === ' ' || prev === '\t')));
    const shown = escaped ? `<${codePoint(ch)}>` : ch;
    const cols = ch === '\t' ? 1 : escaped ? shown.length : columns(ch);
    line += shown;
    if (i + ch.length <= start) pad += ch === '\t' ? '\t' : ' '.repeat(cols);
    else if (i < cut) width += cols;
    prev = escaped ? '' : ch;
    i += ch.length;
  }
  if (to < shownEnd) line += '…';
  return [`  ${line}`, `  ${pad}${'^'.repeat(Math.max(1, width))}`];
}

export function isMatdiffError(e: unknown): e is MatdiffError {
  return e instanceof MatdiffError;
}

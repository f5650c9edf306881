// Every error a user can cause is a MatdiffError: it knows its kind, the input it came from and
// where in that input it happened, so the CLI can print the line with a caret instead of a stack.

export type ErrorKind =
  | 'parse' // the text is not matdiff syntax
  | 'shape' // two shapes clash at an operator
  | 'unknown-function' // a call to a function matdiff does not know
  | 'unknown-name' // a name that cannot be resolved (e.g. a --wrt that is not in the expression)
  | 'unsupported' // a valid construction matdiff cannot differentiate or identify yet
  | 'not-scalar' // a gradient was asked of a function that is not a scalar
  | 'limit' // input too long or too deeply nested
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
    super(message);
    this.name = 'MatdiffError';
    this.kind = kind;
    this.source = opts.source;
    this.span = opts.span;
    this.hint = opts.hint;
  }

  /** The message, then (when the place is known) the input line with a caret under the spot. */
  format(): string {
    const lines = [`error: ${this.message}`];
    if (this.source !== undefined && this.span !== undefined) lines.push(...caret(this.source, this.span));
    if (this.hint) lines.push(`hint: ${this.hint}`);
    return lines.join('\n');
  }
}

/** The line of `source` holding `span`, and a line of carets under the span. */
export function caret(source: string, span: Span): string[] {
  const start = Math.max(0, Math.min(span.start, source.length));
  const lineStart = source.lastIndexOf('\n', start - 1) + 1;
  let lineEnd = source.indexOf('\n', start);
  if (lineEnd < 0) lineEnd = source.length;
  const line = source.slice(lineStart, lineEnd);
  const width = Math.max(1, Math.min(span.end, lineEnd) - start);
  return [`  ${line}`, `  ${' '.repeat(start - lineStart)}${'^'.repeat(width)}`];
}

export function isMatdiffError(e: unknown): e is MatdiffError {
  return e instanceof MatdiffError;
}

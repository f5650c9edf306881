// The syntax tree the parser produces: plain data with source spans, no shapes yet.
// Elaboration (src/parse/elaborate.ts) turns it into shape-checked terms.
import type { Span } from '../errors.js';

export type BinaryOp = '+' | '-' | ':' | '*' | '/' | '.*' | './' | '^' | '.^';

export type Ast =
  | { kind: 'num'; text: string; span: Span } // integer or decimal literal, e.g. "2", "0.5"
  | { kind: 'name'; name: string; span: Span }
  | { kind: 'call'; fn: string; args: Ast[]; span: Span; fnSpan: Span }
  | { kind: 'binary'; op: BinaryOp; left: Ast; right: Ast; span: Span; opSpan: Span }
  | { kind: 'neg'; arg: Ast; span: Span }
  | { kind: 'transpose'; arg: Ast; span: Span };

/** `name = expr` defines a name; a statement without a name is the function itself (last only). */
export interface Statement {
  name?: string;
  nameSpan?: Span;
  expr: Ast;
  span: Span;
}

export interface Program {
  source: string;
  statements: Statement[];
}

/** One `--vars` entry: `W: n x m symmetric`. rows/cols are dimension symbols or positive integers. */
export interface Declaration {
  name: string;
  rows: string;
  cols: string;
  facts: string[];
  span: Span;
  /** another tool's notation read as matdiff's (`W: n by m` is read as n x m), for the result's notes */
  notation?: string;
}

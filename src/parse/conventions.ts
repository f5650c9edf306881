// The letter convention for undeclared names (a–g scalars, h–z column vectors, A–Z matrices,
// Greek letters and their names scalars, capital Greek letters matrices), and the uses that
// override it. The shape pass (src/parse/shapes.ts) starts every undeclared name at its
// convention; where the use decides otherwise, the use wins and is recorded as a Decision, so
// every result can say which shape each undeclared name was given and why (src/parse/assumed.ts).
import type { Ast } from './ast.js';
import type { Span } from '../errors.js';

/** what an undeclared name is by its first letter */
export type Kind = 'scalar' | 'vector' | 'matrix';

export interface Convention {
  kind: Kind;
  /** the words of the rule, `a–g are scalars` */
  rule: string;
}

/** Greek letters written out in Latin letters: scalars, like the letters themselves */
export const GREEK_NAMES: readonly string[] = [
  'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'varepsilon', 'zeta', 'eta', 'theta', 'vartheta', 'iota', 'kappa', 'lambda', 'mu', 'nu',
  'xi', 'omicron', 'pi', 'rho', 'sigma', 'tau', 'upsilon', 'phi', 'varphi', 'chi', 'psi', 'omega',
];
/** `lambda`, `lambda2`, `lambda_1`, `sigma_x`: a Greek name, with a number or an `_` suffix */
const GREEK_NAME = new RegExp(`^(?:${GREEK_NAMES.join('|')})(?:[0-9]+|_[\\p{L}\\p{N}_]*)?$`, 'u');

export function letterConvention(name: string): Convention {
  const c = name[0] ?? '';
  if (/[a-g]/.test(c)) return { kind: 'scalar', rule: 'a–g are scalars' };
  if (GREEK_NAME.test(name)) return { kind: 'scalar', rule: 'Greek letter names are scalars' };
  if (/[h-z]/.test(c)) return { kind: 'vector', rule: 'h–z are column vectors' };
  if (/[A-Z]/.test(c)) return { kind: 'matrix', rule: 'A–Z are matrices' };
  if (/^[\u0391-\u03a9]$/u.test(c)) return { kind: 'matrix', rule: 'capital Greek letters are matrices' };
  if (/^\p{Script=Greek}$/u.test(c)) return { kind: 'scalar', rule: 'Greek letters are scalars' };
  return { kind: 'scalar', rule: 'other names are scalars' };
}

/**
 * How the use of an undeclared name overrode its convention:
 *  - `like`: a scalar-convention name added to, subtracted from or Frobenius-multiplied with a
 *    vector or a matrix takes that side's shape (A*x - b: b is a vector the length of A*x);
 *  - `vector`: a scalar-convention name transposed (a'), or on the right of a product whose left
 *    is a matrix or a row (X*b, a'*X*b), is a column vector: a scalar factor is written on the left;
 *  - `scalar`: a vector- or matrix-convention name used as an exponent (x.^p) is a scalar.
 */
export interface Decision {
  name: string;
  as: 'like' | 'vector' | 'scalar';
  /** the use that decided, quoted in messages */
  use: string;
  /** where that use is */
  span: Span;
}

/** the kinds as words, for messages */
export const KIND_WORDS: Record<Kind, string> = { scalar: 'a scalar', vector: 'a column vector', matrix: 'a matrix' };

/**
 * The name a side of `+`, `-` or `:` stands for, when it is a name scaled by a number at most:
 * `b`, `-b`, `2*b`, `b/2`.
 */
export function sideName(node: Ast): Extract<Ast, { kind: 'name' }> | undefined {
  if (node.kind === 'name') return node;
  if (node.kind === 'neg') return sideName(node.arg);
  if (node.kind === 'binary' && (node.op === '*' || node.op === '/')) {
    if (node.right.kind === 'num') return sideName(node.left);
    if (node.op === '*' && node.left.kind === 'num') return sideName(node.right);
  }
  return undefined;
}

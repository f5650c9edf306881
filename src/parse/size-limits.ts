// The limits on sizes (src/limits.ts, docs/limits.md) applied while a term is elaborated: the
// dimensions of every shape, constant exponents and matrix powers, the digits of folded
// constants, and the powers a term reaches once multiplied out (src/parse/degree.ts). Checked
// here, where the input is read, so no input reaches the later passes with a power, a constant or
// a dimension that would take long or much memory. Declarations given as data meet the same limits.
import type { Fraction } from '../core/fraction.js';
import type { Ast, Declaration } from './ast.js';
import { MatdiffError } from '../errors.js';
import { type Dim, type Shape, isScalarShape, dimFactors } from '../core/shape.js';
import type { Term } from '../core/term.js';
import { canon } from '../simplify/canon.js';
import { MAX_CONSTANT_DIGITS, MAX_DEGREE, MAX_DIM, MAX_DIM_FACTORS, MAX_EXPONENT, MAX_MATRIX_POWER } from '../limits.js';
import { limit, quote, where, type Ctx } from './elab-context.js';
import { degreeOf } from './degree.js';

/** digits of the larger of a fraction's numerator and denominator */
const digitsOf = (v: Fraction): number => Math.max(v.n.toString().length, v.d.toString().length);

/**
 * A constant exponent within `max` (written, or folded from constants); a constant power's size.
 * An exponent or base that is constant only once simplified (`a^(b - b + 1e9)`) is judged by its
 * canonical form, which the later passes fold.
 */
export function exponentWithin(c: Ctx, node: Extract<Ast, { kind: 'binary' }>, l0: Term, r0: Term, max: number): void {
  const r = r0.op === 'num' || r0.hasDiff ? r0 : canon(r0);
  if (r.op !== 'num') return;
  const l = l0.op === 'num' || !isScalarShape(l0.shape) ? l0 : canon(l0);
  const p = r.value!.abs();
  const matrix = max === MAX_MATRIX_POWER;
  if (p.compare(max) > 0) {
    limit(
      c,
      node.right.span,
      `the exponent ${quote(c, node.right)}${node.right.kind === 'num' || (node.right.kind === 'neg' && node.right.arg.kind === 'num') ? '' : ` (= ${r.value!.toFraction()})`} is too large: a ${matrix ? 'matrix power X^k' : 'power'} has an exponent of at most ${max} in absolute value (the limit on ${matrix ? 'matrix powers' : 'exponents'})`,
      matrix ? `use a smaller power; an elementwise power (.^) may go up to ${MAX_EXPONENT}` : 'use a smaller exponent',
    );
  }
  // a constant to a constant power is folded: its size is known before it is computed
  if (l.op === 'num' && p.equals(p.floor()) && digitsOf(l.value!) * p.valueOf() > MAX_CONSTANT_DIGITS) {
    limit(c, where(node), `\`${quote(c, node)}\` is a constant of more than ${MAX_CONSTANT_DIGITS} digits; matdiff folds constants of at most ${MAX_CONSTANT_DIGITS} digits (the limit on constants)`, 'use smaller constants, or rescale the expression');
  }
}

/** a dimension within the limits: at most MAX_DIM_FACTORS factors, its number at most MAX_DIM */
export function checkDim(c: Ctx, d: Dim, node: Ast): Dim {
  const f = dimFactors(d);
  if (f.syms.length + (f.num === 1 ? 0 : 1) > MAX_DIM_FACTORS) {
    limit(
      c,
      where(node),
      `\`${quote(c, node)}\` has a dimension of ${f.syms.length + (f.num === 1 ? 0 : 1)} factors; matdiff handles products of at most ${MAX_DIM_FACTORS} (the limit on product dimensions, which kron and vec make)`,
      'nest kron and vec less deeply',
    );
  }
  if (f.num > MAX_DIM) {
    limit(c, where(node), `\`${quote(c, node)}\` has a dimension of ${f.num}; matdiff handles dimensions up to ${MAX_DIM} (the limit on dimensions)`, 'use symbolic dimensions (declare A: n x m) or smaller sizes');
  }
  return d;
}

export function checkShape(c: Ctx, s: Shape, node: Ast): Shape {
  checkDim(c, c.u.find(s.rows), node);
  checkDim(c, c.u.find(s.cols), node);
  return s;
}

/** a built node within the limits: its shape's dimensions, the powers it reaches, its constant */
export function withinLimits(c: Ctx, node: Ast, t: Term): void {
  checkDim(c, t.shape.rows, node);
  checkDim(c, t.shape.cols, node);
  if (t.op === 'num' && digitsOf(t.value!) > MAX_CONSTANT_DIGITS) {
    limit(c, where(node), `\`${quote(c, node)}\` is a constant of ${digitsOf(t.value!)} digits; matdiff folds constants of at most ${MAX_CONSTANT_DIGITS} digits (the limit on constants)`, 'use smaller constants, or rescale the expression');
  }
  const d = degreeOf(t);
  if (d.top > MAX_DEGREE) {
    limit(
      c,
      where(node),
      `\`${quote(c, node)}\` may reach a power of ${d.top} once its products and powers are multiplied out (a^600*a^600 is a^1200, (x.^100).^200 is x.^20000); matdiff handles at most ${MAX_DEGREE} (the limit on multiplied-out powers)`,
      'use smaller exponents',
    );
  }
  if (d.mtop > MAX_MATRIX_POWER) {
    limit(
      c,
      where(node),
      `\`${quote(c, node)}\` may reach a matrix power of ${d.mtop} once its matrix products and powers are multiplied out (X^10*X^10 is X^20, (X^4)^5 is X^20); matdiff handles matrix powers up to ${MAX_MATRIX_POWER} (the limit on matrix powers)`,
      'use smaller matrix powers',
    );
  }
}

/** A declaration given as data (derive's `vars` as an array) within the same limits as one read from text. */
export function checkDeclaration(d: Declaration, declSource: string): void {
  for (const dim of [d.rows, d.cols]) {
    const parts = String(dim).split('*');
    if (!parts.every((f) => /^[1-9]\d*$/.test(f) || /^[\p{L}_][\p{L}\p{N}_]*$/u.test(f))) {
      throw new MatdiffError('declaration', `\`${String(dim).slice(0, 40)}\` is not a dimension of ${d.name}: use a name (n), a positive integer or a product of those (n*p)`, { source: declSource, span: d.span });
    }
    const f = dimFactors(String(dim));
    if (parts.length > MAX_DIM_FACTORS) {
      throw new MatdiffError('limit', `${d.name} has a dimension of ${parts.length} factors; matdiff handles products of at most ${MAX_DIM_FACTORS} (the limit on product dimensions)`, { source: declSource, span: d.span, hint: 'use one name for the product' });
    }
    if (f.num > MAX_DIM) {
      throw new MatdiffError('limit', `${d.name} has a dimension of ${f.num}; matdiff handles dimensions up to ${MAX_DIM} (the limit on dimensions)`, { source: declSource, span: d.span, hint: 'declare a smaller size, or a name (`A: n x m`): a symbolic dimension has no size limit' });
    }
  }
}

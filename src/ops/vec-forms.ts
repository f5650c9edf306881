// The vec forms the operators' Jacobian rules (`vecRule` in their records) build with: vec of a
// term written as a person writes it (a column is its own vec, a row's is its transpose), and the
// Kronecker product with its trivial cases folded (a 1×1 factor scales, a row and a column make an
// outer product). Shared by the records and the engine's driver (src/engine/linear-map.ts).
import type { Term } from '../core/term.js';
import * as b from '../core/build.js';
import { dimMul, isColumn, isRow, isScalarShape, type Shape } from '../core/shape.js';

/** the number of entries of a shape, as a dimension */
export const entries = (s: Shape): string => dimMul(s.rows, s.cols);

/** vec(t), where a column is its own vec and a row's vec is its transpose */
export function vecOf(t: Term): Term {
  if (isColumn(t.shape)) return t;
  if (isRow(t.shape)) return b.transpose(t);
  return b.apply('vec', [t]);
}

/** kron(P, Q), a 1×1 factor written as a scalar multiple, a row and a column as their outer product */
export function kronOf(p: Term, q: Term): Term {
  if (isScalarShape(p.shape)) return b.smul(p, q);
  if (isScalarShape(q.shape)) return b.smul(q, p);
  // a row and a column: kron(rᵀ, c) = kron(c, rᵀ) = c rᵀ, the outer product
  if (isRow(p.shape) && isColumn(q.shape)) return b.mul(q, p);
  if (isColumn(p.shape) && isRow(q.shape)) return b.mul(p, q);
  return b.apply('kron', [p, q]);
}

// Gradients with respect to a structured variable. A variable declared `symmetric` (or `spd`) only
// moves along symmetric directions dX, and a `diagonal` one along diagonal dX; there G : dX only
// sees the part of G in that space, so the gradient is that part (the projection of G):
//   symmetric:  ½(G + Gᵀ)     since G : dX = ½(G + Gᵀ) : dX for every symmetric dX    (adj.symmetric)
//   diagonal:   I ∘ G         since G : dX = (I ∘ G) : dX for every diagonal dX       (adj.diagonal)
// It is the unique matrix of the variable's own kind with df = G : dX, so two ways of writing the
// same function (xᵀAy and yᵀAx for a symmetric A) get the same gradient. The numeric check draws
// its directions from the same space (src/check/check.ts).
import { Fraction } from '../core/fraction.js';
import type { Term } from '../core/term.js';
import * as b from '../core/build.js';
import { isScalarShape } from '../core/shape.js';
import { fill, type Mat } from '../numeric/matrix.js';

export type Structure = 'symmetric' | 'diagonal';

/** the space a variable moves in, when it is not all matrices of its shape */
export function structureOf(v: Term): Structure | undefined {
  if (isScalarShape(v.shape) || v.shape.rows !== v.shape.cols) return undefined;
  if (v.hasFact('diagonal')) return 'diagonal';
  if (v.hasFact('symmetric') || v.hasFact('spd')) return 'symmetric';
  return undefined;
}

/** the catalogue entry that justifies the projection */
export const STRUCTURE_RULE: Record<Structure, string> = { symmetric: 'adj.symmetric', diagonal: 'adj.diagonal' };

/** the part of G that a structured variable's differential sees */
export function projectGradient(g: Term, s: Structure): Term {
  if (s === 'symmetric') return b.smul(b.num(new Fraction(1, 2)), b.add(g, b.transpose(g)));
  return b.had(b.eye(g.shape.rows), g);
}

/** a direction in the variable's space, from an arbitrary one (for the numeric checks) */
export function projectDirection<S>(v: Mat<S>, s: Structure | undefined, zero: S): Mat<S> {
  if (!s) return v;
  // symmetric: the lower triangle mirrored (still a random symmetric matrix); diagonal: its diagonal
  if (s === 'symmetric') return fill(v.rows, v.cols, (i, j) => v.data[Math.max(i, j) * v.cols + Math.min(i, j)]!);
  return fill(v.rows, v.cols, (i, j) => (i === j ? v.data[i * v.cols + j]! : zero));
}

// The vec rules of the arithmetic operators (their records in arith.ts name them, as they name
// their printing in arith-print.ts): how d vec of a sum, a product, a Hadamard product, a scaled
// term, a transpose, a Frobenius product or a broadcast scalar follows from the Jacobians of their
// arguments. Each cites the catalogue entry (identities/jacobian.json) it applies.
import type { Term } from '../core/term.js';
import * as b from '../core/build.js';
import { isColumn, isRow } from '../core/shape.js';
import type { VecContext } from './types.js';
import { entries, kronOf, vecOf } from './vec-forms.js';

/** vec(A + B) = vec A + vec B */
export const sumVec = (t: Term, v: VecContext): Term => b.add(...t.args.filter((a) => a.hasDiff).map((a) => v.jac(a)));

/** vec(s M) = vec(M) s where the scalar s varies, else s vec M */
export function scaleVec(t: Term, v: VecContext): Term {
  const [s, m] = t.args as [Term, Term];
  return s.hasDiff ? v.note('jac.scale', t, b.mul(vecOf(m), v.jac(s))) : b.smul(s, v.jac(m));
}

/** vec(A M C) = (Cᵀ ⊗ A) vec M; with no C it is (I ⊗ A) vec M, for a column M simply A M */
export function productVec(t: Term, v: VecContext): Term {
  const i = v.varying(t);
  const m = t.args[i]!;
  const left = t.args.slice(0, i);
  const right = t.args.slice(i + 1);
  const a = left.length ? b.chain(left) : undefined;
  const c = right.length ? b.chain(right) : undefined;
  let k: Term | undefined;
  if (c && a) k = kronOf(b.transpose(c), a);
  else if (c) k = kronOf(b.transpose(c), b.eye(m.shape.rows));
  else if (a) k = kronOf(b.eye(m.shape.cols), a);
  return v.note('jac.product', t, k ? b.mul(k, v.jac(m)) : v.jac(m));
}

/** vec(A ∘ M) = Diag(vec A) vec M; A ∘ (M₁ + M₂) distributed, and A ∘ (s𝟏) = s A */
export function hadamardVec(t: Term, v: VecContext): Term {
  const i = v.varying(t);
  const m = t.args[i]!;
  const a = t.args.filter((_, j) => j !== i).reduce((p, q) => b.had(p, q));
  if (m.op === 'add') return v.jac(b.add(...m.args.map((mi) => b.had(a, mi))));
  if (m.op === 'bcast') return v.note('jac.scale', t, b.mul(vecOf(a), v.jac(m.args[0]!)));
  return v.note('jac.hadamard', t, b.mul(b.apply('Diag', [vecOf(a)]), v.jac(m)));
}

/** vec(Mᵀ) = K(r, c) vec M for an r×c M (the commutation matrix); vec Mᵀ = vec M for a vector */
export function transposeVec(t: Term, v: VecContext): Term {
  const m = t.args[0]!;
  if (isColumn(m.shape) || isRow(m.shape)) return v.jac(m);
  const n = entries(m.shape);
  const K = b.apply('commutation', [], { shape: { rows: n, cols: n }, dims: [m.shape.rows, m.shape.cols] });
  return v.note('jac.transpose', t, b.mul(K, v.jac(m)));
}

/** A : M = vec(A)ᵀ vec M */
export function frobeniusVec(t: Term, v: VecContext): Term {
  const i = v.varying(t);
  return v.note('jac.frobenius', t, v.frobenius(t.args[1 - i]!, t.args[i]!));
}

/** vec(s𝟏) = 𝟏 s */
export const broadcastVec = (t: Term, v: VecContext): Term => v.note('jac.scale', t, b.mul(b.ones({ rows: entries(t.shape), cols: '1' }), v.jac(t.args[0]!)));

// The first identification theorem (Magnus–Neudecker): a differential that is linear in dX,
// written as d vec F = J d vec X, identifies J = ∂ vec F / ∂ (vec X)ᵀ, the Jacobian in numerator
// layout. This file walks the differential once (memoized on the DAG) and asks each linear
// operator's record for its vec rule (`vecRule`, e.g. vec(A M B) = (Bᵀ ⊗ A) vec M in
// src/ops/arith-vec.ts; each cites its catalogue entry in identities/jacobian.json). Where F and X
// are vectors, vec is the identity and J is the ordinary Jacobian (J[i, j] = ∂fᵢ/∂xⱼ), with no vec
// and no Kronecker product in it.
import type { Term } from '../core/term.js';
import * as b from '../core/build.js';
import { MatdiffError } from '../errors.js';
import { opRecord } from '../ops/index.js';
import type { VecContext } from '../ops/types.js';
import { entries, vecOf } from '../ops/vec-forms.js';

export { entries, vecOf, kronOf } from '../ops/vec-forms.js';

/** a rule applied while the Jacobian was read off, for the derivation's steps */
export type JacobianRecord = (rule: string, before: Term, after: Term) => void;

/** the one argument of a product that varies (the differential is linear: never two) */
function varying(t: Term): number {
  const ix = t.args.flatMap((a, i) => (a.hasDiff ? [i] : []));
  if (ix.length !== 1) throw new Error(`matdiff internal: a ${t.op} whose differential is not linear (${ix.length} varying factors)`);
  return ix[0]!;
}

/**
 * J with vec(L) = J vec(dX), for a term L linear in the differential of the variable `x` (the
 * dvar of that name; every other differential must already be zero). Throws 'unsupported' for a
 * linear operator whose record has no vec rule.
 */
export function jacobianOf(L: Term, x: Term, record?: JacobianRecord): Term {
  const n = entries(x.shape);
  const memo = new Map<Term, Term>();
  const v: VecContext = {
    jac: (t) => {
      const hit = memo.get(t);
      if (hit) return hit;
      const out = rule(t);
      memo.set(t, out);
      return out;
    },
    /**
     * A : M as a row times J(M), with the constant side moved through M's products and transposes
     * first (A : (B M C) = (Bᵀ A Cᵀ) : M, A : Mᵀ = Aᵀ : M), so tr(A dX) reads vec(Aᵀ)ᵀ, not a
     * Kronecker product against vec(I)
     */
    frobenius: (a, m) => {
      for (;;) {
        if (m.op === 'mul') {
          const i = varying(m);
          const left = m.args.slice(0, i);
          const right = m.args.slice(i + 1);
          if (left.length) a = b.mul(b.transpose(b.chain(left)), a);
          if (right.length) a = b.mul(a, b.transpose(b.chain(right)));
          m = m.args[i]!;
        } else if (m.op === 'T') {
          a = b.transpose(a);
          m = m.args[0]!;
        } else break;
      }
      return b.mul(b.transpose(vecOf(a)), v.jac(m));
    },
    varying,
    note: (id, t, j) => {
      record?.(id, t, j);
      return j;
    },
  };
  const rule = (t: Term): Term => {
    if (!t.hasDiff) return b.zero({ rows: entries(t.shape), cols: n });
    if (t.op === 'dvar') {
      if (t.name !== x.name) throw new Error(`matdiff internal: the differential holds d${t.name}, not only d${x.name}`);
      return b.eye(n);
    }
    const rec = opRecord(t.op);
    if (!rec.vecRule) {
      throw new MatdiffError('unsupported', `matdiff cannot write the Jacobian through ${rec.call?.[0] ?? t.op}(…) with respect to ${x.name} yet`, {
        hint: 'the gradient of a scalar function of it is supported: matdiff derive',
      });
    }
    return rec.vecRule(t, v);
  };
  return v.jac(L);
}

// The first identification theorem (Magnus–Neudecker): a differential that is linear in dX,
// written as d vec F = J d vec X, identifies J = ∂ vec F / ∂ (vec X)ᵀ, the Jacobian in numerator
// layout. This file finds J from the differential by one rule per linear operator, each the vec
// rule of the Matrix Cookbook / Magnus–Neudecker (the rule ids are catalogue entries):
//   vec(A M B) = (Bᵀ ⊗ A) vec M        jac.product     (A M, M B and a column M: no Kronecker)
//   vec(A ∘ M) = Diag(vec A) vec M     jac.hadamard
//   vec(Mᵀ)    = K vec M               jac.transpose   (K = commutation(m, n) for an m×n M; I for vectors)
//   vec(s M)   = vec(M) s              jac.scale       (the scalar s the part that varies)
//   A : M      = vec(A)ᵀ vec M         jac.frobenius   (and tr M = vec(I)ᵀ vec M, sum M = 1ᵀ vec M;
//                                                      A moved through M's products first)
// Where F and X are vectors, vec is the identity and J is the ordinary Jacobian (J[i, j] =
// ∂fᵢ/∂xⱼ), with no vec and no Kronecker product in it.
import type { Term } from '../core/term.js';
import * as b from '../core/build.js';
import { dimMul, isColumn, isRow, isScalarShape, type Shape } from '../core/shape.js';
import { MatdiffError } from '../errors.js';
import { opRecord } from '../ops/index.js';

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

/** a rule applied while the Jacobian was read off, for the derivation's steps */
export type JacobianRecord = (rule: string, before: Term, after: Term) => void;

/**
 * J with vec(L) = J vec(dX), for a term L linear in the differential of the variable `x` (the
 * dvar of that name; every other differential must already be zero). Throws 'unsupported' for a
 * linear operator with no vec rule here (Diag of a varying vector inside a matrix, among others).
 */
export function jacobianOf(L: Term, x: Term, record?: JacobianRecord): Term {
  const n = entries(x.shape);
  const memo = new Map<Term, Term>();
  const go = (t: Term): Term => {
    const hit = memo.get(t);
    if (hit) return hit;
    const out = rule(t);
    memo.set(t, out);
    return out;
  };
  const note = (id: string, t: Term, j: Term) => {
    record?.(id, t, j);
    return j;
  };
  const rule = (t: Term): Term => {
    const rows = entries(t.shape);
    if (!t.hasDiff) return b.zero({ rows, cols: n });
    switch (t.op) {
      case 'dvar':
        if (t.name !== x.name) throw new Error(`matdiff internal: the differential holds d${t.name}, not only d${x.name}`);
        return b.eye(n);
      case 'add':
        return b.add(...t.args.filter((a) => a.hasDiff).map(go));
      case 'smul': {
        const [s, m] = t.args as [Term, Term];
        // linear: one side varies
        if (s.hasDiff) return note('jac.scale', t, b.mul(vecOf(m), go(s)));
        return b.smul(s, go(m));
      }
      case 'mul': {
        const i = varying(t);
        const m = t.args[i]!;
        const left = t.args.slice(0, i);
        const right = t.args.slice(i + 1);
        const a = left.length ? b.chain(left) : undefined;
        const c = right.length ? b.chain(right) : undefined;
        // vec(A M C) = (Cᵀ ⊗ A) vec M; with a column M and no C it is A vec M
        let k: Term | undefined;
        if (c && a) k = kronOf(b.transpose(c), a);
        else if (c) k = kronOf(b.transpose(c), b.eye(m.shape.rows));
        else if (a) k = kronOf(b.eye(m.shape.cols), a);
        return note('jac.product', t, k ? b.mul(k, go(m)) : go(m));
      }
      case 'had': {
        const i = varying(t);
        const m = t.args[i]!;
        const others = t.args.filter((_, j) => j !== i);
        const a = others.reduce((p, q) => b.had(p, q));
        // A ∘ (M₁ + M₂) = A ∘ M₁ + A ∘ M₂, so that each summand finds its own form
        if (m.op === 'add') return go(b.add(...m.args.map((mi) => b.had(a, mi))));
        // A ∘ (s𝟏) = s A: vec(s A) = vec(A) s
        if (m.op === 'bcast') return note('jac.scale', t, b.mul(vecOf(a), go(m.args[0]!)));
        return note('jac.hadamard', t, b.mul(b.apply('Diag', [vecOf(a)]), go(m)));
      }
      case 'T': {
        const m = t.args[0]!;
        if (isColumn(m.shape) || isRow(m.shape)) return go(m);
        return note('jac.transpose', t, b.mul(b.apply('commutation', [], { shape: { rows, cols: rows }, dims: [m.shape.rows, m.shape.cols] }), go(m)));
      }
      case 'frob': {
        const i = varying(t);
        return note('jac.frobenius', t, frobenius(t.args[1 - i]!, t.args[i]!));
      }
      case 'tr': {
        const m = t.args[0]!;
        if (isScalarShape(m.shape)) return go(m);
        return note('jac.trace', t, frobenius(b.eye(m.shape.rows), m));
      }
      case 'sum': {
        const m = t.args[0]!;
        if (isScalarShape(m.shape)) return go(m);
        return note('jac.sum', t, frobenius(b.ones(m.shape), m));
      }
      case 'vec':
      case 'unvec':
        return go(t.args[0]!);
      case 'bcast':
        return b.mul(b.ones({ rows, cols: '1' }), go(t.args[0]!));
      case 'Diag': {
        // Diag of a varying vector as a vector (1×1): the entry itself
        if (isScalarShape(t.shape)) return go(t.args[0]!);
        throw unsupported(`${opName(t.op)}(…) of a varying vector`, x);
      }
      default:
        throw unsupported(`${opName(t.op)}(…)`, x);
    }
  };
  /**
   * A : M as a row times J(M), with the constant side moved through M's products and transposes
   * first (A : (B M C) = (Bᵀ A Cᵀ) : M, A : Mᵀ = Aᵀ : M), so tr(A dX) reads vec(Aᵀ)ᵀ, not a
   * Kronecker product against vec(I)
   */
  const frobenius = (a: Term, m: Term): Term => {
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
    return b.mul(b.transpose(vecOf(a)), go(m));
  };
  return go(L);
}

/** the one argument of a product that varies (the differential is linear: never two) */
function varying(t: Term): number {
  const ix = t.args.flatMap((a, i) => (a.hasDiff ? [i] : []));
  if (ix.length !== 1) throw new Error(`matdiff internal: a ${t.op} whose differential is not linear (${ix.length} varying factors)`);
  return ix[0]!;
}

const opName = (op: string): string => opRecord(op).call?.[0] ?? op;

function unsupported(what: string, x: Term): MatdiffError {
  return new MatdiffError('unsupported', `matdiff cannot write the Jacobian through ${what} with respect to ${x.name} yet`, {
    hint: 'the gradient of a scalar function of it is supported: matdiff derive',
  });
}

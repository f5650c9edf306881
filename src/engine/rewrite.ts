// Small term rewrites the teacher-level trace (src/engine/trace.ts) and the reports need:
// replacing subterms (names ↔ their definitions), the Diag form of an elementwise factor
// (s − s∘s ↦ S − S², identity diag.polynomial), and back again.
import { mk, type Term } from '../core/term.js';
import * as b from '../core/build.js';
import { isScalarShape } from '../core/shape.js';
import { canon, split } from '../simplify/canon.js';
import { tidy } from '../simplify/tidy.js';
import { negativePart } from '../ops/arith.js';

/** `t` with every occurrence of a key of `map` replaced by its value (shapes must agree). */
export function replace(t: Term, map: ReadonlyMap<Term, Term>): Term {
  const memo = new Map<Term, Term>();
  const go = (u: Term): Term => {
    const direct = map.get(u);
    if (direct) return direct;
    const hit = memo.get(u);
    if (hit) return hit;
    const args = u.args.map(go);
    const r = args.every((a, i) => a === u.args[i]) ? u : mk(u.op, args, u.data);
    memo.set(u, r);
    return r;
  };
  return go(t);
}

/** The simplifier's form, for the constant side of a line. */
export const simplify = (t: Term): Term => tidy(canon(t));

/**
 * Put the factors that carry a differential last in every Hadamard product, so a differential
 * reads `(s - s.^2) .* dv` as in the seed rather than in the canonical sort order.
 */
export function differentialLast(t: Term): Term {
  const memo = new Map<Term, Term>();
  const go = (u: Term): Term => {
    const hit = memo.get(u);
    if (hit) return hit;
    let args = u.args.map(go);
    // Hadamard factors commute, and so do the factors of a product of scalars
    if (u.op === 'had' || (u.op === 'mul' && u.args.every((a) => isScalarShape(a.shape)))) args = [...args.filter((a) => !a.hasDiff), ...args.filter((a) => a.hasDiff)];
    const r = args.every((a, i) => a === u.args[i]) ? u : mk(u.op, args, u.data);
    memo.set(u, r);
    return r;
  };
  return go(t);
}

/**
 * The diagonal matrix of a vector expression, written with the diagonal matrices of its names:
 * Diag(s − s∘s) = S − S² where `diagOf(s)` = S. Diag maps sums to sums, ∘ to matrix products
 * (diagonal matrices commute), ∘-powers to powers and 𝟏 to I (identities diag.polynomial,
 * diag.product). Anything else stays Diag(…).
 */
export function toDiag(t: Term, diagOf: (v: Term) => Term | undefined): Term {
  const n = t.shape.cols === '1' ? t.shape.rows : t.shape.cols;
  const go = (u: Term): Term => {
    switch (u.op) {
      case 'add':
        return b.add(...u.args.map(go));
      case 'smul':
        return b.smul(u.args[0]!, go(u.args[1]!));
      case 'had':
        return b.chain(u.args.map(go));
      case 'epow': {
        const p = u.args[1]!;
        if (p.op === 'num' && p.value!.d === 1n) {
          const k = Number(p.value!.valueOf());
          const base = go(u.args[0]!);
          return k < 0 ? b.pow(b.apply('inv', [base]), b.num(-k)) : b.pow(base, p);
        }
        break;
      }
      case 'ones':
        return b.eye(n);
      case 'bcast':
        return b.smul(u.args[0]!, b.eye(n));
      case 'var': {
        const d = diagOf(u);
        if (d) return d;
        break;
      }
    }
    return b.apply('Diag', [u]);
  };
  return go(t);
}

/**
 * The inverse of toDiag for presentation: a polynomial in diagonal matrices Diag(a) (after the
 * names are expanded) becomes Diag of the Hadamard polynomial, so that the simplifier can turn
 * Diag(u) v into u ∘ v. Returns undefined when `t` is not such a polynomial.
 */
export function fromDiag(t: Term): Term | undefined {
  if (isScalarShape(t.shape)) return undefined;
  const go = (u: Term): Term | undefined => {
    switch (u.op) {
      case 'Diag':
        return u.args[0]!.shape.cols === '1' ? u.args[0]! : b.transpose(u.args[0]!);
      case 'eye':
        return b.ones({ rows: u.shape.rows, cols: '1' });
      case 'add': {
        const parts = u.args.map(go);
        return parts.every((p) => p) ? b.add(...(parts as Term[])) : undefined;
      }
      case 'smul': {
        const x = go(u.args[1]!);
        return x && b.smul(u.args[0]!, x);
      }
      case 'mul': {
        const parts = u.args.map(go);
        return parts.every((p) => p) ? (parts as Term[]).reduce((x, y) => b.had(x, y)) : undefined;
      }
      case 'pow': {
        const x = go(u.args[0]!);
        return x && b.epow(x, u.args[1]!);
      }
      case 'inv': {
        const x = go(u.args[0]!);
        return x && b.epow(x, b.num(-1));
      }
    }
    return undefined;
  };
  const v = go(t);
  return v && b.apply('Diag', [v]);
}

/** Rewrite every maximal diagonal polynomial inside `t` as Diag(…), then simplify (Diag(u) v = u ∘ v). */
export function hadamardForm(t: Term): Term {
  const go = (u: Term): Term => {
    // a bare Diag(u) or I is left to the simplifier; polynomials in them are folded here
    const d = u.shape.rows === u.shape.cols && ['add', 'smul', 'mul', 'pow', 'inv'].includes(u.op) ? fromDiag(u) : undefined;
    if (d) return d;
    const args = u.args.map(go);
    return args.every((a, i) => a === u.args[i]) ? u : mk(u.op, args, u.data);
  };
  return simplify(go(t));
}

/** Does `t` contain the variable named `name`? */
export function mentions(t: Term, name: string): boolean {
  const seen = new Set<Term>();
  const go = (u: Term): boolean => {
    if (seen.has(u)) return false;
    seen.add(u);
    if (u.op === 'var' && u.name === name) return true;
    return u.args.some(go);
  };
  return go(t);
}

/** One term C : R of a line of a chain (src/engine/trace.ts): C constant, R linear in the differentials. */
export interface Summand {
  readonly C: Term;
  readonly R: Term;
}

/**
 * The term a line stands for, shaped for printing: 1 : r is r, a scalar c : r is c r, and the
 * numbers in front of both sides meet, a negative one becoming the sign of the term.
 */
export function lineTerm(ss: readonly Summand[]): Term {
  const parts = ss.map(({ C, R }) => {
    let sign = 1;
    let c: Term | undefined = C;
    let r = R;
    if (negativePart(c)) {
      sign = -sign;
      c = simplify(b.neg(c));
    }
    if (isScalarShape(r.shape)) {
      const [k, core] = split(r);
      if (k.compare(0) < 0) {
        sign = -sign;
        r = k.equals(-1) ? core : b.mul(b.num(k.neg()), core);
      }
      if (c.op === 'num') {
        const [k2, core2] = split(r);
        const kk = k2.mul(c.value!);
        r = kk.equals(1) ? core2 : b.mul(b.num(kk), core2);
        c = undefined;
      }
    }
    const t = !c ? r : isScalarShape(c.shape) && isScalarShape(r.shape) ? b.mul(c, r) : b.frob(c, r);
    return sign < 0 ? b.neg(t) : t;
  });
  return parts.length === 1 ? parts[0]! : b.add(...parts);
}

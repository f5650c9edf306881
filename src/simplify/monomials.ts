// Powers and monomials: Hadamard products as elementwise monomials (scalars pulled out, equal
// bases' exponents added, so (y ./ p) .* p cancels), adjacent powers of one square matrix merged
// (X·X = X², X²·X⁻¹ = X), and matrix powers (I^k = I). Scalar monomials are src/simplify/scalars.ts.
import { Fraction } from '../core/fraction.js';
import { mk, type Term } from '../core/term.js';
import * as b from '../core/build.js';
import { isScalarShape } from '../core/shape.js';
import { compareTerms } from './order.js';
import { scalarProduct } from './scalars.js';
import type { Normal } from './normal.js';

const F1 = new Fraction(1);

/** elementwise monomials, merged matrix powers */
export function monomials(N: Normal): Pick<Normal, 'hadamard' | 'mergePowers' | 'power'> {
  /** Elementwise monomial: scalars pulled out, equal bases' exponents added, bases sorted. */
  function hadamard(args: readonly Term[]): Term {
    const shape = args[0]!.shape;
    if (isScalarShape(shape)) return scalarProduct(args);
    const scalars: Term[] = [];
    const exps = new Map<Term, Fraction>();
    let isZero = false;
    // a rewrite beyond flattening and sorting: equal bases met (exponents added), a factor 0 or 1
    let rewrote = false;
    const push = (t: Term, e: Fraction) => {
      if (exps.has(t)) rewrote = true;
      if (t.op === 'zero') isZero = rewrote = true;
      else if (t.op === 'ones') rewrote = true;
      else if (t.op === 'smul' && e.equals(1)) {
        scalars.push(t.args[0]!);
        push(t.args[1]!, e);
      } else if (t.op === 'smul' && t.args[0]!.op === 'num' && e.equals(e.floor())) {
        scalars.push(b.num(t.args[0]!.value!.pow(e)));
        push(t.args[1]!, e);
      } else if (t.op === 'bcast' && e.equals(e.floor())) scalars.push(b.pow(t.args[0]!, b.num(e)));
      else if (t.op === 'had' && (e.equals(1) || e.equals(e.floor()))) t.args.forEach((u) => push(u, e));
      // (A.^p).^e = A.^(p·e) only for an integer e (A.^2).^(1/2) is |A|, not A
      else if (t.op === 'epow' && t.args[1]!.op === 'num' && e.equals(e.floor())) push(t.args[0]!, t.args[1]!.value!.mul(e));
      else exps.set(t, (exps.get(t) ?? new Fraction(0)).add(e));
    };
    args.forEach((a) => push(a, F1));
    const r = hadamardOf(shape, scalars, exps, isZero);
    if (rewrote) N.note('canon.monomial', args.length === 1 ? args[0]! : mk('had', args), r);
    return r;
  }

  function hadamardOf(shape: Term['shape'], scalars: Term[], exps: Map<Term, Fraction>, isZero: boolean): Term {
    if (isZero) return b.zero(shape);
    const fs = [...exps.entries()].filter(([, e]) => !e.equals(0));
    // positive powers first (the numerator), then the divisors; each group sorted
    fs.sort(([x, ex], [y, ey]) => (ex.compare(0) < 0 ? 1 : 0) - (ey.compare(0) < 0 ? 1 : 0) || compareTerms(x, y));
    const terms = fs.map(([base, e]) => (e.equals(1) ? base : mk('epow', [base, b.num(e)])));
    const s = scalarProduct(scalars);
    if (terms.length === 0) return N.scale(s, b.ones(shape));
    if (terms.length === 1 && terms[0]!.op === 'epow' && terms[0]!.args[1]!.op === 'num' && terms[0]!.args[1]!.value!.compare(0) < 0) {
      // a lone divisor: 1 ./ X
      return N.scale(s, terms[0]!);
    }
    return N.scale(s, terms.length === 1 ? terms[0]! : mk('had', terms));
  }

  /** X·X = X², X²·X⁻¹ = X, Xᵀ·X⁻ᵀ = I: adjacent powers of one square matrix add their (integer) exponents */
  function mergePowers(factors: readonly Term[]): Term[] {
    // inv(X)^k is X^-k, and inv(X)ᵀ (the transpose stays outside) is (Xᵀ)^-1; a negative power
    // whose first factor was written inv(X)ᵀ keeps that form (`inverse`)
    const split = (f: Term): [Term, Fraction, Term | undefined] => {
      const [base, e] = f.op === 'pow' && f.args[1]!.op === 'num' ? [f.args[0]!, f.args[1]!.value!] : [f, new Fraction(1)];
      if (base.op === 'T' && base.args[0]!.op === 'inv') return [N.transposeOf(base.args[0]!.args[0]!), e.neg(), base];
      return base.op === 'inv' ? [base.args[0]!, e.neg(), undefined] : [base, e, undefined];
    };
    const out: [Term, Fraction, Term | undefined][] = [];
    let merged = false;
    let cancelled = false;
    for (const f of factors) {
      const [base, e, inverse] = split(f);
      const last = out[out.length - 1];
      if (last && last[0] === base && base.shape.rows === base.shape.cols) {
        last[1] = last[1].add(e);
        merged = true;
        if (last[1].equals(0)) {
          cancelled = true;
          out.pop();
        }
      } else out.push([base, e, inverse]);
    }
    const r = out.map(([base, e, inverse]) => {
      const [x, k] = e.compare(0) < 0 ? [inverse ?? b.apply('inv', [base]), e.neg()] : [base, e];
      return k.equals(1) ? x : b.pow(x, b.num(k));
    });
    // X·X⁻¹ = I where the powers cancelled, X·X = X² where they added
    if (merged && factors.length > 1) {
      const before = mk('mul', factors);
      N.note(cancelled ? 'inv.identity' : 'canon.powers', before, r.length === 0 ? b.eye(before.shape.rows) : r.length === 1 ? r[0]! : mk('mul', r));
    }
    return r;
  }

  /** a power: a scalar's is a monomial; I^k = I */
  function power(t: Term, base: Term, e: Term): Term {
    if (isScalarShape(t.shape)) return scalarProduct([b.pow(base, e)]);
    if (base.op === 'eye') {
      N.note('canon.identity', t, base);
      return base;
    }
    return b.pow(base, e);
  }

  return { hadamard, mergePowers, power };
}

// The AC normal form: sums and products flattened and sorted by a creation-order-independent key
// (src/simplify/order.ts), never by commute/associate rewriting, so no rewrite loop can arise.
// Like terms are collected with exact coefficients (a·X + b·X = (a + b)·X), scalars pulled out of
// matrix products, and each product handed to the rewrites of its factors (powers, Diag, the
// adjugate). The rewrites of single subjects live beside it (monomials, transposes, traces,
// inverses) and are reached through the record N (src/simplify/normal.ts).
import { Fraction } from '../core/fraction.js';
import { mk, type Term } from '../core/term.js';
import * as b from '../core/build.js';
import { isScalarShape } from '../core/shape.js';
import { compareTerms } from './order.js';
import { scalarProduct, split } from './scalars.js';
import type { Normal } from './normal.js';

/** sums, scaled terms and matrix products in canonical form */
export function acForm(N: Normal): Pick<Normal, 'sum' | 'scale' | 'product'> {
  function withCoef(c: Fraction, core: Term): Term {
    if (c.equals(0)) return b.zero(core.shape);
    if (c.equals(1)) return core;
    return scale(b.num(c), core);
  }

  function sum(args: readonly Term[]): Term {
    const shape = args[0]!.shape;
    const parts: Term[] = [];
    const push = (t: Term) => {
      if (t.op === 'add') t.args.forEach(push);
      else if (t.op === 'zero') return;
      // a number times a sum distributes, so like terms inside it can meet the others
      else if (t.op === 'smul' && t.args[0]!.op === 'num' && t.args[1]!.op === 'add') t.args[1]!.args.forEach((u) => push(scale(t.args[0]!, u)));
      else if (t.op === 'mul' && t.args.length === 2 && t.args[0]!.op === 'num' && t.args[1]!.op === 'add') t.args[1]!.args.forEach((u) => push(scalarProduct([t.args[0]!, u])));
      else parts.push(t);
    };
    args.forEach(push);
    const coef = new Map<Term, Fraction>();
    for (const p of parts) {
      const [c, core] = split(p);
      coef.set(core, (coef.get(core) ?? new Fraction(0)).add(c));
    }
    let cores = [...coef.entries()].filter(([, c]) => !c.equals(0));
    const collected = (r: Term): Term => {
      // like terms met (a·X + b·X = (a + b)·X) or cancelled: one application
      if (cores.length < parts.length) N.note('canon.collect', args.length === 1 ? args[0]! : mk('add', args), r);
      return r;
    };
    if (cores.length === 0) return collected(b.zero(shape));
    if (!isScalarShape(shape)) cores = collectScalarMultiples(cores);
    if (cores.length === 0) return collected(b.zero(shape));
    // positive terms first, then by the order of their cores
    cores.sort(([x, cx], [y, cy]) => (cx.compare(0) < 0 ? 1 : 0) - (cy.compare(0) < 0 ? 1 : 0) || compareTerms(x, y));
    const terms = cores.map(([core, c]) => withCoef(c, core));
    return collected(terms.length === 1 ? terms[0]! : mk('add', terms));
  }

  /** a·X + b·X = (a + b)·X for scalar terms a, b: group the summands by their matrix part */
  function collectScalarMultiples(cores: [Term, Fraction][]): [Term, Fraction][] {
    const groups = new Map<Term, Term[]>();
    for (const [core, c] of cores) {
      const [s, x] = core.op === 'smul' ? [core.args[0]!, core.args[1]!] : [b.num(1), core];
      groups.set(x, [...(groups.get(x) ?? []), scalarProduct([b.num(c), s])]);
    }
    if ([...groups.values()].every((g) => g.length === 1)) return cores;
    const out = new Map<Term, Fraction>();
    for (const [x, scalars] of groups) {
      const t = scale(scalars.length === 1 ? scalars[0]! : sum(scalars), x);
      if (t.op === 'zero') continue;
      const [c, core] = split(t);
      out.set(core, (out.get(core) ?? new Fraction(0)).add(c));
    }
    return [...out.entries()].filter(([, c]) => !c.equals(0));
  }

  /** s·X in canonical form */
  function scale(s: Term, x: Term): Term {
    if (b.isZero(s) || x.op === 'zero') return b.zero(x.shape);
    if (isScalarShape(x.shape)) return scalarProduct([s, x]);
    if (x.op === 'smul') return scale(scalarProduct([s, x.args[0]!]), x.args[1]!);
    if (b.isNum(s, 1)) return x;
    // c·(A + B) = cA + cB for a number c: keeps like terms collectable
    if (s.op === 'num' && x.op === 'add') {
      const r = sum(x.args.map((u) => scale(s, u)));
      N.note('canon.distribute', mk('smul', [s, x]), r);
      return r;
    }
    return N.adjugateForm(s, x) ?? mk('smul', [s, x]);
  }

  function product(args: readonly Term[]): Term {
    if (args.every((a) => isScalarShape(a.shape))) return scalarProduct(args);
    const scalars: Term[] = [];
    const factors: Term[] = [];
    const push = (t: Term) => {
      if (isScalarShape(t.shape)) scalars.push(t);
      else if (t.op === 'smul') {
        scalars.push(t.args[0]!);
        push(t.args[1]!);
      } else if (t.op === 'mul') t.args.forEach(push);
      else if (t.op === 'eye') return;
      else factors.push(t);
    };
    args.forEach(push);
    const shape = { rows: args[0]!.shape.rows, cols: args[args.length - 1]!.shape.cols };
    if (factors.some((f) => f.op === 'zero') || scalars.some((s) => b.isZero(s))) {
      N.note('canon.zero', mk('mul', args), b.zero(shape));
      return b.zero(shape);
    }
    const chainFactors = N.sumsInProduct(N.mergePowers(N.diagToHadamard(factors, scalars)));
    const s = scalarProduct(scalars);
    if (chainFactors.length === 0) return isScalarShape(shape) ? s : scale(s, b.eye(shape.rows));
    const core = chainFactors.length === 1 ? chainFactors[0]! : mk('mul', chainFactors);
    return isScalarShape(shape) ? scalarProduct([s, core]) : scale(s, core);
  }

  return { sum, scale, product };
}

// Expansion of scalar expressions into sums of monomials, for presentation: a scalar such as
// (1 − y)σ − y(1 − σ) is shorter expanded (σ − y). Used by tidy only when the expanded form is
// smaller; gives up beyond MAX_TERMS monomials so the cost stays bounded.
import { Fraction } from '../core/fraction.js';
import type { Term } from '../core/term.js';
import * as b from '../core/build.js';
import { isScalarShape } from '../core/shape.js';
import { scalarProduct, sum } from './canon.js';

const MAX_TERMS = 48;

/** a monomial: coefficient × Π base^exponent */
interface Mono {
  c: Fraction;
  f: Map<Term, Fraction>;
}

const memo = new Map<Term, Mono[] | null>();

function product(x: Mono[], y: Mono[]): Mono[] | null {
  if (x.length * y.length > MAX_TERMS * 4) return null;
  const out: Mono[] = [];
  for (const m of x) {
    for (const n of y) {
      const f = new Map(m.f);
      for (const [base, e] of n.f) {
        const s = (f.get(base) ?? new Fraction(0)).add(e);
        if (s.equals(0)) f.delete(base);
        else f.set(base, s);
      }
      out.push({ c: m.c.mul(n.c), f });
    }
  }
  return out;
}

function expandRaw(t: Term): Mono[] | null {
  if (t.op === 'num') return [{ c: t.value!, f: new Map() }];
  if (t.op === 'zero') return [];
  if (t.op === 'add') {
    const parts: Mono[] = [];
    for (const a of t.args) {
      const e = expand(a);
      if (!e) return null;
      parts.push(...e);
    }
    return parts.length > MAX_TERMS ? null : parts;
  }
  if (t.op === 'mul' && t.args.every((a) => isScalarShape(a.shape))) {
    let acc: Mono[] | null = [{ c: new Fraction(1), f: new Map() }];
    for (const a of t.args) {
      const e = expand(a);
      if (!e || !acc) return null;
      acc = product(acc, e);
    }
    return acc && acc.length <= MAX_TERMS ? acc : null;
  }
  if (t.op === 'pow' && t.args[1]!.op === 'num') {
    const k = t.args[1]!.value!;
    const base = t.args[0]!;
    if (base.op === 'add' && k.equals(k.floor()) && k.compare(0) > 0 && k.compare(4) <= 0) {
      const e = expand(base);
      if (!e) return null;
      let acc: Mono[] | null = e;
      for (let i = 1; i < Number(k.valueOf()); i++) acc = acc && product(acc, e);
      return acc && acc.length <= MAX_TERMS ? acc : null;
    }
    return [{ c: new Fraction(1), f: new Map([[base, k]]) }];
  }
  return [{ c: new Fraction(1), f: new Map([[t, new Fraction(1)]]) }];
}

function expand(t: Term): Mono[] | null {
  if (memo.has(t)) return memo.get(t)!;
  const r = expandRaw(t);
  memo.set(t, r);
  return r;
}

/** The expanded canonical form of a scalar term, or undefined when it is too large. */
export function expanded(t: Term): Term | undefined {
  if (!isScalarShape(t.shape)) return undefined;
  const e = expand(t);
  if (!e) return undefined;
  const terms = e.map((m) => scalarProduct([b.num(m.c), ...[...m.f].map(([base, k]) => (k.equals(1) ? base : b.pow(base, b.num(k))))]));
  return terms.length === 0 ? b.zero(t.shape) : sum(terms);
}

const sizeMemo = new Map<Term, number>();
/** number of nodes of the printed tree (capped) */
export function treeSize(t: Term): number {
  const hit = sizeMemo.get(t);
  if (hit !== undefined) return hit;
  const s = Math.min(1e9, 1 + t.args.reduce((acc, a) => acc + treeSize(a), 0));
  sizeMemo.set(t, s);
  return s;
}

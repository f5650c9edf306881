// Scalars in canonical form, the leaf every other part of it builds on: the numeric coefficient
// of a term (2*A*x → [2, A*x]) and the product of 1×1 terms as a monomial (coefficient first,
// bases sorted by src/simplify/order.ts, equal bases' exponents added, numerator before divisors).
// Pure: it calls no other rewrite, so every part of src/simplify/canon.ts may import it directly.
import { Fraction } from '../core/fraction.js';
import { mk, type Term } from '../core/term.js';
import * as b from '../core/build.js';
import { isScalarShape } from '../core/shape.js';
import { compareTerms } from './order.js';

const F1 = new Fraction(1);

/** [numeric coefficient, the rest]: 2*A*x → [2, A*x]; -y → [-1, y]; 3 → [3, 1] */
export function split(t: Term): [Fraction, Term] {
  if (t.op === 'num') return [t.value!, b.num(1)];
  if (t.op === 'smul') {
    const [c, s] = split(t.args[0]!);
    return [c, s.op === 'num' ? t.args[1]! : mk('smul', [s, t.args[1]!])];
  }
  if (t.op === 'mul' && t.args[0]!.op === 'num') {
    const rest = t.args.slice(1);
    return [t.args[0]!.value!, rest.length === 1 ? rest[0]! : mk('mul', rest)];
  }
  return [F1, t];
}

/** Product of 1×1 terms: coefficient first, then bases sorted, equal bases' exponents added. */
export function scalarProduct(factors: readonly Term[]): Term {
  let c = new Fraction(1);
  const exps = new Map<Term, Fraction>();
  const push = (f: Term, e: Fraction) => {
    if (f.op === 'num') {
      if (e.equals(e.floor()) && !(f.value!.equals(0) && e.compare(0) < 0)) c = c.mul(f.value!.pow(e));
      else exps.set(f, (exps.get(f) ?? new Fraction(0)).add(e));
    } else if (f.op === 'zero') c = new Fraction(0);
    else if (f.op === 'mul' && isScalarShape(f.args[0]!.shape) && e.equals(1)) f.args.forEach((g) => push(g, F1));
    else if (f.op === 'mul' && f.args.every((g) => isScalarShape(g.shape)) && e.equals(e.floor())) f.args.forEach((g) => push(g, e));
    else if (f.op === 'pow' && f.args[1]!.op === 'num' && (e.equals(e.floor()) || f.args[1]!.value!.equals(f.args[1]!.value!.floor()) === false)) push(f.args[0]!, f.args[1]!.value!.mul(e));
    else exps.set(f, (exps.get(f) ?? new Fraction(0)).add(e));
  };
  factors.forEach((f) => push(f, F1));
  if (c.equals(0)) return b.zero({ rows: '1', cols: '1' });
  // the numerator first, then the divisors (each group sorted), as `a*b/c` reads and parses
  const fs = [...exps.entries()].filter(([, e]) => !e.equals(0)).sort(([x, ex], [y, ey]) => (ex.compare(0) < 0 ? 1 : 0) - (ey.compare(0) < 0 ? 1 : 0) || compareTerms(x, y));
  const terms = fs.map(([base, e]) => (e.equals(1) ? base : mk('pow', [base, b.num(e)])));
  if (terms.length === 0) return b.num(c);
  if (!c.equals(1)) terms.unshift(b.num(c));
  return terms.length === 1 ? terms[0]! : mk('mul', terms);
}

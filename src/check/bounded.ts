// Doubles that carry a bound on their own rounding error, for the float check's noise floor. Each
// value is v ± e: v is what the plain float evaluation computes (the same operations in the same
// order), e bounds |v − exact| to first order, where "exact" is the real value of the same term at
// the same (exactly representable) inputs. The bound is accumulated operation by operation
// (running error analysis, worst case: errors never cancel):
//   a ± b:  e_a + e_b + u|v|          a·b:  |a|e_b + |b|e_a + e_a e_b + u|v|
//   a / b:  (e_a + |v| e_b)/(|b| − e_b) + u|v|   (unbounded once e_b ≥ |b|)
//   f(a):   1.5 × the most f changes over [a − e_a, a + e_a] (its value at both ends) + 4u|f(a)|
// with u = 2⁻⁵³. Products, Gauss–Jordan inverses and determinants, softmax are built from these.
//
// Why the check needs it: measuring the noise of f from its values (src/check/noise.ts) assumes
// the rounding errors at nearby points look random, and they need not: log(σ(20 + a)) is the log of
// 1 − e with 1 − e rounded to a multiple of 2⁻⁵³, and sampled at equal steps it can climb exactly
// the same number of those multiples per step, so its differences look smooth and every
// difference quotient is off by the same 10⁻⁴. The bound says its values may be off by 10⁻¹⁶
// whatever their pattern. (src/verify/rounding.ts has the same field with a comparison for
// claims; this one serves only the check's noise floor.)
import type { Fraction } from '../core/fraction.js';
import type { Term } from '../core/term.js';
import { evaluateTerm } from '../numeric/evaluate.js';
import { Undefined, type Field, type ScalarFn } from '../numeric/field.js';
import type { Mat } from '../numeric/matrix.js';

export interface Bounded {
  readonly v: number;
  /** a bound on |v − exact value| (Infinity: no bound) */
  readonly e: number;
}

const U = 2 ** -53;
const bd = (v: number, e: number): Bounded => ({ v, e: Number.isNaN(e) ? Infinity : e });
const round = (v: number, e: number): Bounded => bd(v, e + U * Math.abs(v));

function finite(x: number, what: () => string): number {
  if (!Number.isFinite(x)) throw new Undefined(what());
  return x;
}

/** a fraction as a double: exact when its denominator is a power of 2 and it fits 53 bits */
function fromFraction(f: Fraction): Bounded {
  const v = f.valueOf();
  const n = f.n < 0n ? -f.n : f.n;
  const exact = (f.d & (f.d - 1n)) === 0n && n <= 2n ** 53n;
  return bd(v, exact ? 0 : U * Math.abs(v));
}

/** 1.5 × the most g changes from y over the given ends (Infinity if one is not finite) */
function spread(y: number, ends: readonly number[]): number {
  let worst = 0;
  for (const z of ends) {
    if (!Number.isFinite(z)) return Infinity;
    worst = Math.max(worst, Math.abs(z - y));
  }
  return 1.5 * worst;
}

function apply(fn: ScalarFn, a: Bounded): Bounded {
  const y = finite(fn.float(a.v), () => `${fn.name}(${a.v})`);
  const prop = a.e === 0 ? 0 : a.e === Infinity ? Infinity : spread(y, [fn.float(a.v - a.e), fn.float(a.v + a.e)]);
  return bd(y, prop + 4 * U * Math.abs(y));
}

function pow(a: Bounded, p: Bounded): Bounded {
  const y = finite(Math.pow(a.v, p.v), () => `${a.v}^${p.v}`);
  let prop = 0;
  if (a.e > 0 || p.e > 0) {
    if (a.e === Infinity || p.e === Infinity) prop = Infinity;
    else {
      const ends: number[] = [];
      for (const x of a.e > 0 ? [a.v - a.e, a.v + a.e] : [a.v]) for (const q of p.e > 0 ? [p.v - p.e, p.v + p.e] : [p.v]) ends.push(Math.pow(x, q));
      prop = spread(y, ends);
    }
  }
  return bd(y, prop + 4 * U * Math.abs(y));
}

export const boundedCheckField: Field<Bounded> = {
  kind: 'bounded',
  zero: bd(0, 0),
  one: bd(1, 0),
  fromFraction,
  add: (a, b) => round(a.v + b.v, a.e + b.e),
  sub: (a, b) => round(a.v - b.v, a.e + b.e),
  mul: (a, b) => round(a.v * b.v, Math.abs(a.v) * b.e + Math.abs(b.v) * a.e + a.e * b.e),
  div: (a, b) => {
    if (b.v === 0) throw new Undefined('division by zero');
    const v = a.v / b.v;
    const room = Math.abs(b.v) - b.e;
    return round(v, room > 0 ? (a.e + Math.abs(v) * b.e) / room : Infinity);
  },
  neg: (a) => bd(-a.v, a.e),
  isZero: (a) => a.v === 0,
  magnitude: (a) => Math.abs(a.v),
  apply,
  pow,
  toNumber: (a) => a.v,
};

/** `t` at a float point (whose values are exact doubles), each entry with a bound on its rounding error. */
export function evalBounded(t: Term, vars: ReadonlyMap<string, Mat<number>>, sizes: ReadonlyMap<string, number>): Mat<Bounded> {
  const lifted = new Map([...vars].map(([n, m]) => [n, { rows: m.rows, cols: m.cols, data: m.data.map((v) => bd(v, 0)) }]));
  return evaluateTerm(t, { vars: lifted, sizes }, boundedCheckField);
}

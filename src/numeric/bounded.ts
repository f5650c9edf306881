// Doubles that carry a bound on their own rounding error. Each value is v ± e: v is the double the
// plain float evaluation computes (the same operations in the same order), and e bounds
// |v − exact| to first order, where "exact" is the real value of the same term at the same
// (exactly representable) inputs. The bound is accumulated operation by operation (running error
// analysis, worst case: errors never cancel):
//   a ± b:  e_a + e_b + u|v|          a·b:  |a|e_b + |b|e_a + e_a e_b + u|v|
//   a / b:  (e_a + |v| e_b)/(|b| − e_b) + u|v|   (unbounded once e_b ≥ |b|)
//   f(a):   1.5 × the most f changes over [a − e_a, a + e_a] (its value at both ends, so a step or
//           sign whose argument may be on either side of its jump gets a bound as large as the
//           jump) + 4u|f(a)| for the library function itself (with `exactFunctions`, nothing for
//           abs, relu, sign, step: the functions with an exact form are exact in doubles too)
//   a^p:    likewise, over the ends of both boxes
// with u = 2⁻⁵³. Matrix operations (products, Gauss–Jordan inverse and determinant, softmax) are
// built from these, so their bounds follow.
//
// Two users:
//  - the float check's noise floor (src/check/check.ts). Measuring the noise of f from its values
//    (src/check/noise.ts) assumes the rounding errors at nearby points look random, and they need
//    not: log(σ(20 + a)) is the log of 1 − e with 1 − e rounded to a multiple of 2⁻⁵³, and sampled
//    at equal steps it can climb exactly the same number of those multiples per step, so its
//    differences look smooth and every difference quotient is off by the same 10⁻⁴. The bound
//    says its values may be off by 10⁻¹⁶ whatever their pattern.
//  - the judge's float comparison (src/verify/rounding.ts, `judgePoint`), so it can tell a real
//    difference from the noise of terms that cancel.
import type { Fraction } from '../core/fraction.js';
import type { Term } from '../core/term.js';
import { evaluateTerm, type Env } from './evaluate.js';
import { Undefined, type Field, type ScalarFn } from './field.js';
import type { Mat } from './matrix.js';

export interface Bounded {
  readonly v: number;
  /** a bound on |v − exact value| (Infinity: no bound) */
  readonly e: number;
}

export interface BoundedOptions {
  /** abs, relu, sign, step (the functions with an exact form) add no error of their own
   *  (the judge); otherwise every function adds 4u|f(a)| (the check) */
  readonly exactFunctions: boolean;
}

/** the unit roundoff of doubles */
export const U = 2 ** -53;
/** the margin on the spread of a function over its argument's box (its ends need not be its extremes) */
const SLACK = 1.5;

const bd = (v: number, e: number): Bounded => ({ v, e: Number.isNaN(e) ? Infinity : e });
const round = (v: number, e: number): Bounded => bd(v, e + U * Math.abs(v));

/** a value that is not finite: NaN (outside the domain) or an overflow */
function finite(x: number, what: () => string): number {
  if (!Number.isFinite(x)) throw new Undefined(Number.isNaN(x) ? what() : `${what()} overflows doubles`);
  return x;
}

/** a fraction as a double: exact when its denominator is a power of 2 and it fits 53 bits */
function fromFraction(f: Fraction): Bounded {
  const v = f.valueOf();
  const n = f.n < 0n ? -f.n : f.n;
  const exact = (f.d & (f.d - 1n)) === 0n && n <= 2n ** 53n;
  return bd(v, exact ? 0 : U * Math.abs(v));
}

/** SLACK × the most g changes from y = g(x) over the box x ± e (its ends; Infinity if one is not finite) */
function spread(y: number, ends: readonly number[]): number {
  let worst = 0;
  for (const z of ends) {
    if (!Number.isFinite(z)) return Infinity;
    worst = Math.max(worst, Math.abs(z - y));
  }
  return SLACK * worst;
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

/** the field of doubles with error bounds */
export function boundedField(options: BoundedOptions): Field<Bounded> {
  const apply = (fn: ScalarFn, a: Bounded): Bounded => {
    const y = finite(fn.float(a.v), () => `${fn.name}(${a.v})`);
    const prop = a.e === 0 ? 0 : a.e === Infinity ? Infinity : spread(y, [fn.float(a.v - a.e), fn.float(a.v + a.e)]);
    return bd(y, prop + (options.exactFunctions && fn.exact ? 0 : 4 * U * Math.abs(y)));
  };
  return {
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
}

/** `t` at a float point (whose values, and differentials if any, are exact doubles), each entry with a bound on its rounding error */
export function evalBounded(t: Term, at: Env<number>, field: Field<Bounded>): Mat<Bounded> {
  const lift = (m: Mat<number>): Mat<Bounded> => ({ rows: m.rows, cols: m.cols, data: m.data.map((v) => bd(v, 0)) });
  const liftAll = (ms: ReadonlyMap<string, Mat<number>>) => new Map([...ms].map(([n, m]) => [n, lift(m)] as const));
  return evaluateTerm(t, { vars: liftAll(at.vars), ...(at.diffs ? { diffs: liftAll(at.diffs) } : {}), sizes: at.sizes }, field);
}

// Floating-point values that carry a bound on their own rounding error, so a float comparison can
// tell a real difference from the noise of terms that cancel. Each value is v ± e: v is the
// double the plain float evaluation computes (the same operations in the same order), and e
// bounds |v − exact| to first order, where "exact" is the real value of the same term at the same
// (exactly representable) inputs. The bound is accumulated operation by operation (running error
// analysis, worst case: errors never cancel):
//   a ± b:  e_a + e_b + u|v|          a·b:  |a|e_b + |b|e_a + e_a e_b + u|v|
//   a / b:  (e_a + |v| e_b)/(|b| − e_b) + u|v|   (unbounded once e_b ≥ |b|)
//   f(a):   the most f changes over [a − e_a, a + e_a] (its value at both ends, so a step or sign
//           whose argument may be on either side of its jump gets a bound as large as the jump)
//           + 4u|f(a)| for the library function itself (nothing for abs, relu, sign, step)
// with u = 2⁻⁵³. Matrix operations (products, Gauss–Jordan inverse and determinant, softmax) are
// built from these, so their bounds follow. `judgePoint` compares two such matrices: they differ
// where an entry differs by more than the tolerance *and* by more than a safety factor times the
// two bounds (then the exact values differ too), agree where the difference and the bounds are
// both within the tolerance, and are inconclusive otherwise (the difference could be rounding).
import type { Fraction } from '../core/fraction.js';
import type { Term } from '../core/term.js';
import { evaluateTerm } from '../numeric/evaluate.js';
import { Undefined, type Field, type ScalarFn } from '../numeric/field.js';
import type { Mat } from '../numeric/matrix.js';
import type { Point } from './points.js';

export interface Bounded {
  readonly v: number;
  /** a bound on |v − exact value| (Infinity: no bound) */
  readonly e: number;
}

/** the unit roundoff of doubles */
export const U = 2 ** -53;
/** how many times the two bounds a difference must exceed before it counts as real */
export const SAFETY = 8;

const bd = (v: number, e: number): Bounded => ({ v, e: Number.isNaN(e) ? Infinity : e });
const round = (v: number, e: number): Bounded => bd(v, e + U * Math.abs(v));

function finite(x: number, what: string): number {
  if (!Number.isFinite(x)) throw new Undefined(Number.isNaN(x) ? what : `${what} overflows doubles`);
  return x;
}

/** a fraction as a double: exact when its denominator is a power of 2 and it fits 53 bits */
function fromFraction(f: Fraction): Bounded {
  const v = f.valueOf();
  const n = f.n < 0n ? -f.n : f.n;
  const exact = (f.d & (f.d - 1n)) === 0n && n <= 2n ** 53n;
  return bd(v, exact ? 0 : U * Math.abs(v));
}

/** the most g changes from g(x) over the box x ± e (its ends), for a function that is monotone or slowly varying there */
function spread(y: number, ends: readonly number[]): number {
  let worst = 0;
  for (const z of ends) {
    if (!Number.isFinite(z)) return Infinity;
    worst = Math.max(worst, Math.abs(z - y));
  }
  return worst;
}

function apply(fn: ScalarFn, a: Bounded): Bounded {
  const y = finite(fn.float(a.v), `${fn.name}(${a.v})`);
  const prop = a.e === 0 ? 0 : a.e === Infinity ? Infinity : spread(y, [fn.float(a.v - a.e), fn.float(a.v + a.e)]) * 1.5;
  // abs, relu, sign, step (the functions with an exact form) are exact in doubles too
  return bd(y, prop + (fn.exact ? 0 : 4 * U * Math.abs(y)));
}

function pow(a: Bounded, p: Bounded): Bounded {
  const y = finite(Math.pow(a.v, p.v), `${a.v}^${p.v}`);
  let prop = 0;
  if (a.e > 0 || p.e > 0) {
    if (a.e === Infinity || p.e === Infinity) prop = Infinity;
    else {
      const ends: number[] = [];
      for (const x of a.e > 0 ? [a.v - a.e, a.v + a.e] : [a.v]) for (const q of p.e > 0 ? [p.v - p.e, p.v + p.e] : [p.v]) ends.push(Math.pow(x, q));
      prop = spread(y, ends) * 1.5;
    }
  }
  return bd(y, prop + 4 * U * Math.abs(y));
}

export const boundedField: Field<Bounded> = {
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

/** `t` at a float point, with error bounds (the point's values are exact doubles) */
export function evalBounded(t: Term, p: Point<number>): Mat<Bounded> {
  const lift = (m: Mat<number>): Mat<Bounded> => ({ rows: m.rows, cols: m.cols, data: m.data.map((v) => bd(v, 0)) });
  const vars = new Map([...p.vars].map(([n, m]) => [n, lift(m)]));
  const diffs = new Map([...p.diffs].map(([n, m]) => [n, lift(m)]));
  return evaluateTerm(t, { vars, diffs, sizes: p.sizes }, boundedField);
}

export type PointVerdict = 'agree' | 'differ' | 'inconclusive';

export interface PointJudgement {
  readonly verdict: PointVerdict;
  /** the largest |x − y| relative to the largest entry of either */
  readonly relDiff: number;
  /** the largest entry of either */
  readonly scale: number;
}

/**
 * Two float values with their bounds, at one point. With s the largest |entry| of either:
 *   differ:       some entry has |x − y| > tol·s and |x − y| > SAFETY·(e_x + e_y)
 *                 (beyond the tolerance and beyond anything rounding can explain);
 *   agree:        every entry has |x − y| ≤ tol·s and SAFETY·(e_x + e_y) ≤ tol·s
 *                 (they agree, and the values are accurate enough for that to mean something);
 *   inconclusive: otherwise: the terms that cancel are so large that the rounding error of the
 *                 result may be as large as the difference.
 */
export function judgePoint(x: Mat<Bounded>, y: Mat<Bounded>, tol: number): PointJudgement {
  if (x.rows !== y.rows || x.cols !== y.cols) return { verdict: 'differ', relDiff: Infinity, scale: 0 };
  let scale = 0;
  for (const m of [x, y]) for (const z of m.data) scale = Math.max(scale, Math.abs(z.v));
  let differ = false;
  let accurate = true;
  let within = true;
  let worst = 0;
  x.data.forEach((a, k) => {
    const b = y.data[k]!;
    const d = Math.abs(a.v - b.v);
    const noise = SAFETY * (a.e + b.e);
    worst = Math.max(worst, scale === 0 ? (d === 0 ? 0 : Infinity) : d / scale);
    if (d > tol * scale && d > noise) differ = true;
    if (d > tol * scale) within = false;
    if (!(noise <= tol * scale)) accurate = false;
  });
  return { verdict: differ ? 'differ' : within && accurate ? 'agree' : 'inconclusive', relDiff: worst, scale };
}

// Are two terms equal for every value of their variables (and differentials)? The one question
// every verdict rests on, answered so that "equal" is never said of terms that differ:
//   symbolic: the canonical forms are the same term (and the numbers below agree too);
//   exact:    every operation is rational, so both are evaluated exactly, over fraction.js, at
//             random integer points: two different rational functions agree at a random point
//             from a range of 19 integers with small probability (Schwartz–Zippel), and at
//             `points` independent points with that probability to the power `points`;
//   float:    some operation is not rational (σ, exp, log, ...): both are evaluated in doubles at
//             random points and must agree to a relative tolerance.
import { Fraction } from '../core/fraction.js';
import type { Term } from '../core/term.js';
import { evaluateTerm } from '../numeric/evaluate.js';
import { exactField, floatField, NotExact, Undefined } from '../numeric/field.js';
import type { Mat } from '../numeric/matrix.js';
import { sameShape } from '../core/shape.js';
import { canon } from '../simplify/canon.js';
import { opRecord } from '../ops/index.js';
import { Rng } from '../check/sample.js';
import { drawSizes, exactPoint, floatPoint, type Assume, type Leaves, type Point } from './points.js';

export type Method = 'symbolic' | 'exact' | 'float';

export interface Comparison {
  readonly equal: boolean;
  readonly method: Method;
  /** random points the terms were compared at */
  readonly points: number;
  /** the relative tolerance of a float comparison */
  readonly tolerance?: number;
  /** the largest relative difference seen (float) */
  readonly maxRelDiff?: number;
  /** exact, but some operation is only piecewise rational (relu, step, sign, abs): evidence, not a proof */
  readonly piecewise?: boolean;
  /** unequal because the first term has no value at a point where the second has one */
  readonly undefinedFirst?: boolean;
}

export interface CompareOptions {
  points?: number;
  seed?: number;
  tolerance?: number;
  /** compare only where these variables are symmetric ("would the claim hold if A were?") */
  assume?: Assume;
  /** skip the symbolic shortcut (diagnosis candidates are compared numerically only) */
  numericOnly?: boolean;
  /**
   * the first term must have a value wherever the second has one (a claim, against the true
   * gradient): a point where only the second is defined makes them differ
   */
  firstDefinedWhereSecond?: boolean;
}

export const FLOAT_TOLERANCE = 1e-9;
export const EXACT_RANGE = 9;
const MAX_DRAWS = 80;

/** true when every operation in the terms evaluates exactly over the rationals */
export function isRational(...ts: readonly Term[]): boolean {
  const seen = new Set<Term>();
  const ok = (t: Term): boolean => {
    if (seen.has(t)) return true;
    seen.add(t);
    if (t.op === 'pow' || t.op === 'epow') {
      const p = t.args[1]!;
      if (p.op !== 'num' || !p.value!.equals(p.value!.floor())) return false;
    }
    return isRationalOp(t) && t.args.every(ok);
  };
  return ts.every(ok);
}

const isRationalOp = (t: Term): boolean => opRecord(t.op).rational;

/** some operation is rational only piece by piece (its op record says so) */
function isPiecewise(...ts: readonly Term[]): boolean {
  const seen = new Set<Term>();
  const walk = (t: Term): boolean => {
    if (seen.has(t)) return false;
    seen.add(t);
    return opRecord(t.op).piecewise === true || t.args.some(walk);
  };
  return ts.some(walk);
}
/** for piecewise terms, every other point is drawn from this wider range, where the pieces change */
const WIDE_RANGE = 1000;

export function evalExact(t: Term, p: Point<Fraction>): Mat<Fraction> {
  return evaluateTerm(t, { vars: p.vars, diffs: p.diffs, sizes: p.sizes }, exactField);
}
export function evalFloat(t: Term, p: Point<number>): Mat<number> {
  return evaluateTerm(t, { vars: p.vars, diffs: p.diffs, sizes: p.sizes }, floatField);
}

export const sameExact = (a: Mat<Fraction>, b: Mat<Fraction>): boolean => a.rows === b.rows && a.cols === b.cols && a.data.every((x, k) => x.equals(b.data[k]!));

/**
 * largest |a − b| relative to the largest entry of either: purely relative, so a gradient whose
 * entries are all tiny (1e-10·exp(x)) is judged as carefully as one of size 1 — a claim with the
 * wrong sign there differs by 200%, not by an absolute 2e-10. (Both all zero: no difference.)
 */
export function relDiff(a: Mat<number>, b: Mat<number>): number {
  if (a.rows !== b.rows || a.cols !== b.cols) return Infinity;
  const scale = Math.max(...a.data.map(Math.abs), ...b.data.map(Math.abs));
  if (scale === 0) return 0;
  let worst = 0;
  a.data.forEach((x, k) => {
    const d = Math.abs(x - b.data[k]!);
    worst = Math.max(worst, Number.isNaN(d) ? Infinity : d / scale);
  });
  return worst;
}

/** Compare `a` and `b` (same shape) at random points of `leaves`. */
export function compare(a: Term, b: Term, leaves: Leaves, opts: CompareOptions = {}): Comparison {
  const points = opts.points ?? 8;
  if (!sameShape(a.shape, b.shape)) return { equal: false, method: 'symbolic', points: 0 };
  const symbolic = !opts.numericOnly && !opts.assume && canon(a) === canon(b);
  const rng = new Rng(opts.seed ?? 0xc0ffee);
  const strict = opts.firstDefinedWhereSecond ?? false;
  const num = isRational(a, b) ? exactCompare(a, b, leaves, rng, points, strict, opts.assume) : undefined;
  const result = num ?? floatCompare(a, b, leaves, rng, points, opts.tolerance ?? FLOAT_TOLERANCE, strict, opts.assume);
  // the canonical forms agreeing is reported as the method, but only numbers confirming it count
  if (symbolic && result.equal) return { ...result, method: 'symbolic' };
  return result;
}

function exactCompare(a: Term, b: Term, leaves: Leaves, rng: Rng, points: number, strict: boolean, assume?: Assume): Comparison | undefined {
  const piecewise = isPiecewise(a, b);
  let done = 0;
  for (let draw = 0; done < points && draw < MAX_DRAWS; draw++) {
    const sizes = drawSizes(leaves, rng, 2, 4, [a, b]);
    const p = exactPoint(leaves, sizes, rng, piecewise && draw % 2 === 1 ? WIDE_RANGE : EXACT_RANGE, assume);
    try {
      const y = evalExact(b, p);
      let x: Mat<Fraction>;
      try {
        x = evalExact(a, p);
      } catch (e) {
        // only `a` undefined at an integer point: maybe a measure-zero coincidence (x ./ x at
        // x = 0); random real points decide
        if (strict && e instanceof Undefined) return undefined;
        throw e;
      }
      done++;
      if (!sameExact(x, y)) return { equal: false, method: 'exact', points: done, ...(piecewise ? { piecewise } : {}) };
    } catch (e) {
      if (e instanceof NotExact) return undefined;
      if (e instanceof Undefined) continue;
      throw e;
    }
  }
  if (done === 0) return undefined;
  return { equal: true, method: 'exact', points: done, ...(piecewise ? { piecewise } : {}) };
}

function floatCompare(a: Term, b: Term, leaves: Leaves, rng: Rng, points: number, tol: number, strict: boolean, assume?: Assume): Comparison {
  let done = 0;
  let worst = 0;
  for (let draw = 0; done < points && draw < MAX_DRAWS; draw++) {
    const sizes = drawSizes(leaves, rng, 2, 4, [a, b]);
    const p = floatPoint(leaves, sizes, rng, assume);
    let x: Mat<number>;
    let y: Mat<number>;
    try {
      y = evalFloat(b, p);
    } catch (e) {
      if (e instanceof Undefined) continue;
      throw e;
    }
    if (!y.data.every(Number.isFinite)) continue;
    try {
      x = evalFloat(a, p);
    } catch (e) {
      if (!(e instanceof Undefined)) throw e;
      if (strict) return { equal: false, method: 'float', points: done + 1, tolerance: tol, maxRelDiff: Infinity, undefinedFirst: true };
      continue;
    }
    if (!x.data.every(Number.isFinite)) {
      if (strict) return { equal: false, method: 'float', points: done + 1, tolerance: tol, maxRelDiff: Infinity, undefinedFirst: true };
      continue;
    }
    done++;
    worst = Math.max(worst, relDiff(x, y));
    if (worst > tol) return { equal: false, method: 'float', points: done, tolerance: tol, maxRelDiff: worst };
  }
  if (done === 0) return { equal: false, method: 'float', points: 0, tolerance: tol, maxRelDiff: NaN };
  return { equal: true, method: 'float', points: done, tolerance: tol, maxRelDiff: worst };
}

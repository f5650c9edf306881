// Are two terms equal for every value of their variables (and differentials)? The one question
// every verdict rests on, answered so that "equal" is never said of terms that differ, and
// "different" only with a point that shows it:
//   symbolic: the canonical forms are the same term (and the numbers below agree too);
//   exact:    every operation is rational, so both are evaluated exactly, over fraction.js, at
//             random integer points: two different rational functions agree at a random point
//             from a range of 19 integers with small probability (Schwartz–Zippel), and at
//             `points` independent points with that probability to the power `points`;
//   float:    some operation is not rational (σ, exp, log, ...): both are evaluated in doubles,
//             each value with a bound on its own rounding error (src/numeric/bounded.ts), at
//             random points. A point counts as agreement when the values agree to the relative
//             tolerance and their error bounds are within it too; as a difference only when the
//             values differ beyond the tolerance and beyond the error bounds; a point where terms
//             that cancel leave more rounding error than the tolerance is skipped, and points
//             nearer 0 are tried. Too few points that can be judged: undecided.
// Piecewise operations (relu, abs, sign, step, norm1): points are also drawn at rationals with
// small denominators over small and wide ranges, and on both sides of every kink a line search
// reaches (src/verify/kinks.ts). Equal is said only when every piecewise argument was seen on both
// sides of 0 at the points compared (or the canonical forms agree); otherwise: undecided.
import { Fraction } from '../core/fraction.js';
import type { Term } from '../core/term.js';
import { evaluateTerm } from '../numeric/evaluate.js';
import { exactField, floatField, NotExact, Undefined } from '../numeric/field.js';
import type { Mat } from '../numeric/matrix.js';
import { sameShape } from '../core/shape.js';
import { canon } from '../simplify/canon.js';
import { opRecord } from '../ops/index.js';
import { toText } from '../print/print.js';
import { Rng } from '../check/sample.js';
import { drawSizes, exactPoint, floatPoint, type Assume, type Leaves, type Point } from './points.js';
import { Coverage, exactArith, floatArith, kinkPoints, kinksOf, signFixedByFacts, type Kink } from './kinks.js';
import { evalBounded } from '../numeric/bounded.js';
import { judgeField, judgePoint } from './rounding.js';

export type Method = 'symbolic' | 'exact' | 'float';

export interface Comparison {
  readonly equal: boolean;
  readonly method: Method;
  /** random points the terms were compared at (and could be judged at) */
  readonly points: number;
  /** the relative tolerance of a float comparison */
  readonly tolerance?: number;
  /** the largest relative difference seen (float) */
  readonly maxRelDiff?: number;
  /** some operation is only piecewise rational (relu, step, sign, abs, norm1): evidence, not a proof */
  readonly piecewise?: boolean;
  /** of `points`, how many were drawn beside a kink (on both sides of where a piecewise argument is 0) */
  readonly kinkPoints?: number;
  /** float: points skipped because the rounding error of terms that cancel could explain the difference */
  readonly inconclusive?: number;
  /** unequal because the first term has no value at a point where the second has one */
  readonly undefinedFirst?: boolean;
  /**
   * neither shown equal nor shown to differ (`equal` is false): why. A verdict resting on this
   * comparison is "undecided", never "correct" or "wrong".
   */
  readonly undecided?: string;
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
/** piecewise terms: the regular points cycle through these ranges and denominators ([k, den]) */
export const PIECEWISE_DRAWS: readonly (readonly [number, number])[] = [
  [EXACT_RANGE, 1],
  [3, 8],
  [1000, 8],
];

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
  // a loop, not Math.max(...data): spreading a large matrix into arguments overflows the stack
  let scale = 0;
  for (const x of a.data) scale = Math.max(scale, Math.abs(x));
  for (const x of b.data) scale = Math.max(scale, Math.abs(x));
  if (scale === 0) return 0;
  let worst = 0;
  a.data.forEach((x, k) => {
    const d = Math.abs(x - b.data[k]!);
    worst = Math.max(worst, Number.isNaN(d) ? Infinity : d / scale);
  });
  return worst;
}

/** the point where a comparison found the terms to differ (exact or float), kept off the data */
const WITNESS = new WeakMap<Comparison, Point<Fraction> | Point<number>>();
export const witnessOf = (c: Comparison): Point<Fraction> | Point<number> | undefined => WITNESS.get(c);
function differ(c: Comparison, at: Point<Fraction> | Point<number>): Comparison {
  WITNESS.set(c, at);
  return c;
}

/** Compare `a` and `b` (same shape) at random points of `leaves`. */
export function compare(a: Term, b: Term, leaves: Leaves, opts: CompareOptions = {}): Comparison {
  const points = opts.points ?? 8;
  if (!sameShape(a.shape, b.shape)) return { equal: false, method: 'symbolic', points: 0 };
  const symbolic = !opts.numericOnly && !opts.assume && canon(a) === canon(b);
  const rng = new Rng(opts.seed ?? 0xc0ffee);
  const strict = opts.firstDefinedWhereSecond ?? false;
  const kinks = kinksOf(a, b);
  const run: Run = { a, b, leaves, rng, points, strict, assume: opts.assume, kinks, seed: opts.seed ?? 0xc0ffee };
  const num = isRational(a, b) ? exactCompare(run, new Coverage(kinks)) : undefined;
  const cover = new Coverage(kinks);
  let result = num?.result ?? floatCompare(run, opts.tolerance ?? FLOAT_TOLERANCE, cover);
  const covered = num?.cover ?? cover;
  // the pieces: equal only where every piecewise argument was seen on both sides of its kink
  if (result.equal && kinks.length && !symbolic) {
    // a kink the declared facts keep on one side (abs(x), x positive) has no other piece to see
    const missing = covered.missing().filter((k) => signFixedByFacts(k.arg) === 0);
    if (missing.length) {
      const which = missing.map((k) => `${toText(k.node)} (its argument ${toText(k.arg)} kept one sign at every point tried)`).join('; ');
      result = { ...result, equal: false, undecided: `the terms agree at every point tried, but those points could not separate the pieces of ${which}: a difference on the other side of the kink was never looked at` };
    }
  }
  // the canonical forms agreeing is reported as the method, but only numbers confirming it count
  if (symbolic && result.equal) return { ...result, method: 'symbolic' };
  return result;
}

interface Run {
  readonly a: Term;
  readonly b: Term;
  readonly leaves: Leaves;
  readonly rng: Rng;
  readonly points: number;
  readonly strict: boolean;
  readonly assume?: Assume;
  readonly kinks: readonly Kink[];
  readonly seed: number;
}

const piecewiseFlags = (kinks: readonly Kink[], kinkPts: number) => (kinks.length ? { piecewise: true, kinkPoints: kinkPts } : {});

function exactCompare(r: Run, cover: Coverage): { result: Comparison; cover: Coverage } | undefined {
  const { a, b, leaves, rng, points, strict, assume, kinks } = r;
  const piecewise = kinks.length > 0;
  let done = 0;
  let kinkDone = 0;
  /** agree, differ, skip (undefined there), or undefined: give up on exactness */
  const judge = (p: Point<Fraction>): 'agree' | 'differ' | 'skip' | undefined => {
    try {
      const signs = cover.signs(p, evalExact, (v) => v.compare(0));
      if (!signs) return 'skip';
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
      cover.record(signs);
      return sameExact(x, y) ? 'agree' : 'differ';
    } catch (e) {
      if (e instanceof NotExact) return undefined;
      if (e instanceof Undefined) return 'skip';
      throw e;
    }
  };
  for (let draw = 0; done < points && draw < MAX_DRAWS; draw++) {
    const sizes = drawSizes(leaves, rng, 2, 4, [a, b]);
    const [k, den] = piecewise ? PIECEWISE_DRAWS[draw % PIECEWISE_DRAWS.length]! : [EXACT_RANGE, 1];
    const p = exactPoint(leaves, sizes, rng, k, assume, den);
    const v = judge(p);
    if (v === undefined) return undefined;
    if (v === 'skip') continue;
    done++;
    if (v === 'differ') return { result: differ({ equal: false, method: 'exact', points: done, ...piecewiseFlags(kinks, 0) }, p), cover };
  }
  if (piecewise) {
    for (const p of kinkPoints(kinks, [a, b], leaves, exactArith(evalExact), { assume, seed: r.seed })) {
      const v = judge(p);
      if (v === undefined) return undefined;
      if (v === 'skip') continue;
      done++;
      kinkDone++;
      if (v === 'differ') return { result: differ({ equal: false, method: 'exact', points: done, ...piecewiseFlags(kinks, kinkDone) }, p), cover };
    }
  }
  if (done === 0) return undefined;
  return { result: { equal: true, method: 'exact', points: done, ...piecewiseFlags(kinks, kinkDone) }, cover };
}

function floatCompare(r: Run, tol: number, cover: Coverage): Comparison {
  const { a, b, leaves, rng, points, strict, assume, kinks } = r;
  let done = 0;
  let kinkDone = 0;
  let unsure = 0;
  let worst = 0;
  const base = { method: 'float' as const, tolerance: tol };
  type Outcome = 'agree' | 'differ' | 'skip' | 'unsure' | 'undefinedFirst';
  const judge = (p: Point<number>): Outcome => {
    let y: Mat<number>;
    let signs: Map<Term, number> | undefined;
    try {
      signs = cover.signs(p, evalFloat, Math.sign);
      if (!signs) return 'skip';
      y = evalFloat(b, p);
    } catch (e) {
      if (e instanceof Undefined) return 'skip';
      throw e;
    }
    if (!y.data.every(Number.isFinite)) return 'skip';
    let x: Mat<number>;
    try {
      x = evalFloat(a, p);
    } catch (e) {
      if (!(e instanceof Undefined)) throw e;
      return strict ? 'undefinedFirst' : 'skip';
    }
    if (!x.data.every(Number.isFinite)) return strict ? 'undefinedFirst' : 'skip';
    // the same values again, each with a bound on its rounding error
    let j;
    try {
      j = judgePoint(evalBounded(a, p, judgeField), evalBounded(b, p, judgeField), tol);
    } catch (e) {
      if (e instanceof Undefined) return 'unsure';
      throw e;
    }
    if (j.verdict === 'inconclusive') return 'unsure';
    cover.record(signs);
    worst = Math.max(worst, j.relDiff);
    return j.verdict;
  };
  /** one point judged and counted: the comparison where it decides (a difference), else undefined */
  const visit = (p: Point<number>, atKink: boolean): Comparison | undefined => {
    const v = judge(p);
    if (v === 'skip') return undefined;
    if (v === 'unsure') {
      unsure++;
      return undefined;
    }
    if (v === 'undefinedFirst') return differ({ equal: false, ...base, points: done + 1, maxRelDiff: Infinity, undefinedFirst: true, ...piecewiseFlags(kinks, kinkDone) }, p);
    done++;
    if (atKink) kinkDone++;
    if (v === 'differ') return differ({ equal: false, ...base, points: done, maxRelDiff: worst, ...piecewiseFlags(kinks, kinkDone) }, p);
    return undefined;
  };
  for (let draw = 0; done < points && draw < MAX_DRAWS; draw++) {
    const sizes = drawSizes(leaves, rng, 2, 4, [a, b]);
    // after a point rounding error could not judge, points nearer 0 (fewer terms saturate there)
    const scale = unsure === 0 ? 1 : 2 ** -(unsure % 6);
    const decided = visit(floatPoint(leaves, sizes, rng, assume, scale), false);
    if (decided) return decided;
  }
  if (kinks.length && done > 0) {
    for (const p of kinkPoints(kinks, [a, b], leaves, floatArith(evalFloat), { assume, seed: r.seed })) {
      const decided = visit(p, true);
      if (decided) return decided;
    }
  }
  const extra = { ...(unsure ? { inconclusive: unsure } : {}), ...piecewiseFlags(kinks, kinkDone) };
  if (done === 0 && unsure === 0) return { equal: false, ...base, points: 0, maxRelDiff: NaN, ...extra };
  if (unsure > 0 && done - kinkDone < points) {
    return {
      equal: false,
      ...base,
      points: done,
      maxRelDiff: worst,
      ...extra,
      undecided: `at ${unsure} of the points tried the terms that cancel carry more rounding error than the tolerance allows, so a difference there could be rounding; ${done - kinkDone === 0 ? 'no point' : `only ${done - kinkDone} point${done - kinkDone === 1 ? '' : 's'} (of the ${points} needed)`} could be judged${done ? ', and the terms agree there' : ''}`,
    };
  }
  return { equal: true, ...base, points: done, maxRelDiff: worst, ...extra };
}

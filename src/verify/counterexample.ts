// A counterexample a person can check by hand: the smallest sizes (2 first) and the smallest
// integer values (0 and ±1 first, then ±2, ±3) of every variable and differential at which the
// two sides differ, with both values. Exact where every operation is rational; otherwise the
// values are still small integers and the results are shown rounded — to as many digits as it
// takes for the two values to print differently, and only at a point where they differ beyond
// their rounding error (src/numeric/bounded.ts). Piecewise functions whose kinks lie between the
// integers get small fractions next (halves, thirds, quarters); failing those, the point where
// the comparison itself saw the difference (`witness`: beside a kink, or a random double rounded
// to as few digits as still show the difference).
import { Fraction } from '../core/fraction.js';
import type { Term } from '../core/term.js';
import { NotExact, Undefined } from '../numeric/field.js';
import type { Mat } from '../numeric/matrix.js';
import { sameShape } from '../core/shape.js';
import { Rng } from '../check/sample.js';
import { drawSizes, exactPoint, smallFloatPoint, type Leaves, type Point } from './points.js';
import { evalExact, evalFloat, FLOAT_TOLERANCE, isRational, sameExact } from './equal.js';
import { evalBounded, type Bounded } from '../numeric/bounded.js';
import { judgeField, judgePoint } from './rounding.js';
import { Coverage, kinksOf } from './kinks.js';

/** A matrix of printable entries ("1/2", "-3", "0.7311"). */
export interface Shown {
  readonly rows: number;
  readonly cols: number;
  readonly entries: readonly (readonly string[])[];
}

export interface Counterexample {
  readonly exact: boolean;
  /** sizes of the symbolic dimensions */
  readonly sizes: Readonly<Record<string, number>>;
  /** the value of each variable (and each differential `dX`) at the point */
  readonly values: readonly { readonly name: string; readonly differential: boolean; readonly value: Shown }[];
  /** the claimed value (left side) and the true value (right side) there */
  readonly claimed: Shown;
  readonly truth: Shown;
}

const show = <S>(m: Mat<S>, f: (x: S) => string): Shown => ({
  rows: m.rows,
  cols: m.cols,
  entries: Array.from({ length: m.rows }, (_, i) => Array.from({ length: m.cols }, (_, j) => f(m.data[i * m.cols + j]!))),
});

export const fracText = (x: Fraction): string => x.toFraction();
/** a double to `digits` significant digits (6 unless more are needed to show a difference) */
export function floatText(x: number, digits = 6): string {
  if (Number.isInteger(x) && Math.abs(x) < 1e21) return String(x);
  const s = x.toPrecision(digits);
  return s.includes('e') ? s.replace(/(\.\d*?)0+e/, '$1e').replace(/\.e/, 'e') : s.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}

/** the fewest digits (6 at least) at which some pair of differing entries prints differently */
function digitsToShow(a: Mat<Bounded>, b: Mat<Bounded>): number {
  for (let p = 6; p < 17; p++) if (a.data.some((x, k) => floatText(x.v, p) !== floatText(b.data[k]!.v, p))) return p;
  return 17;
}

/** the schedule: sizes lo..hi and value range k, tried in this order */
const SCHEDULE: readonly [number, number, number, number][] = [
  // [sizeLo, sizeHi, k, tries]
  [2, 2, 1, 40],
  [2, 2, 2, 40],
  [2, 3, 2, 40],
  [2, 3, 3, 60],
  [2, 4, 5, 60],
  // piecewise functions (relu, step, sign, abs) may differ only beyond the small values
  [2, 2, 50, 60],
  [2, 3, 1000, 60],
];
/** then small fractions, for kinks between the integers: [sizeLo, sizeHi, k, den, tries] */
const FRACTIONS: readonly [number, number, number, number, number][] = [
  [2, 2, 1, 2, 40],
  [2, 2, 1, 4, 60],
  [2, 3, 2, 6, 60],
];

/** where the claim has no value, it is shown as this */
const NO_VALUE: Shown = { rows: 1, cols: 1, entries: [['no value']] };

/**
 * The first small point where `claimed` and `truth` differ (any point where both are defined,
 * when their shapes differ; and, given `domain` (the function), where it has a value). Undefined when none is found (the terms may be equal). `witness`, a
 * point where a comparison saw them differ, is the last resort.
 */
export function counterexample(claimed: Term, truth: Term, leaves: Leaves, seed = 7, witness?: Point<Fraction> | Point<number>, domain?: Term): Counterexample | undefined {
  const rng = new Rng(seed);
  // a gradient is only asked for where the function has a value: a point outside its domain (log of
  // a negative p) shows nothing a reader can use, even where both formulas have values there
  const inDomain = (p: Point<number>): boolean => {
    if (!domain) return true;
    try {
      return evalFloat(domain, p).data.every(Number.isFinite);
    } catch (e) {
      if (e instanceof Undefined) return false;
      throw e;
    }
  };
  // a point where only the truth has a value: shown when no point where both differ is found
  let gap: Counterexample | undefined;
  // terms of different symbolic shapes may still have the same size at a point: then their values must differ there
  const differentShapes = !sameShape(claimed.shape, truth.shape);
  let exact = isRational(claimed, truth);
  // no point on a kink of relu, abs, sign, step (an argument exactly 0): no gradient exists there
  const kinks = new Coverage(kinksOf(claimed, truth));
  const tryExact = (p: Point<Fraction>): Counterexample | undefined => {
    try {
      if (!kinks.signs(p, evalExact, (x) => x.compare(0))) return undefined;
      if (!inDomain(toFloat(p))) return undefined;
      const b = evalExact(truth, p);
      let a: Mat<Fraction>;
      try {
        a = evalExact(claimed, p);
      } catch (e) {
        if (e instanceof Undefined) gap ??= { ...found(true, p, b, b, fracText), claimed: NO_VALUE };
        throw e;
      }
      if ((differentShapes && (a.rows !== b.rows || a.cols !== b.cols)) || !sameExact(a, b)) return found(true, p, a, b, fracText);
    } catch (e) {
      if (e instanceof NotExact) exact = false;
      else if (!(e instanceof Undefined)) throw e;
    }
    return undefined;
  };
  const tryFloat = (p: Point<number>): Counterexample | undefined => {
    try {
      if (!kinks.signs(p, evalFloat, Math.sign)) return undefined;
      if (!inDomain(p)) return undefined;
      const b = evalFloat(truth, p);
      if (!b.data.every(Number.isFinite)) return undefined;
      let a: Mat<number>;
      try {
        a = evalFloat(claimed, p);
      } catch (e) {
        if (e instanceof Undefined) gap ??= { ...found(false, p, b, b, (x) => floatText(x)), claimed: NO_VALUE };
        throw e;
      }
      if (!a.data.every(Number.isFinite)) {
        gap ??= { ...found(false, p, b, b, (x) => floatText(x)), claimed: NO_VALUE };
        return undefined;
      }
      if (differentShapes && (a.rows !== b.rows || a.cols !== b.cols)) return found(false, p, a, b, (x) => floatText(x));
      // a difference beyond the tolerance and beyond the rounding error of both values
      const [x, y] = [evalBounded(claimed, p, judgeField), evalBounded(truth, p, judgeField)];
      if (judgePoint(x, y, FLOAT_TOLERANCE).verdict !== 'differ') return undefined;
      const digits = digitsToShow(x, y);
      return found(false, p, a, b, (v) => floatText(v, digits));
    } catch (e) {
      if (!(e instanceof Undefined)) throw e;
    }
    return undefined;
  };
  // the small integers, then small fractions; with a witness in hand, fewer tries at each
  const schedule: [number, number, number, number, number][] = [...SCHEDULE.map(([lo, hi, k, tries]) => [lo, hi, k, 1, tries] as [number, number, number, number, number]), ...FRACTIONS];
  for (const [lo, hi, k, den, all] of schedule) {
    const tries = witness ? Math.ceil(all / 4) : all;
    for (let i = 0; i < tries; i++) {
      const sizes = drawSizes(leaves, rng, lo, hi, [claimed, truth]);
      if (exact) {
        const c = tryExact(exactPoint(leaves, sizes, rng, k, undefined, den));
        if (c) return c;
        if (exact) continue;
      }
      // fractions as doubles: multiples of 1/8, so the values print exactly as they were used
      const fp = smallFloatPoint(leaves, sizes, rng, k, undefined, den);
      const c = tryFloat(den > 1 ? mapPoint(fp, (x) => Math.round(x * 8) / 8) : fp);
      if (c) return c;
    }
  }
  if (witness) {
    const w = witness.vars.values().next().value?.data[0] ?? witness.diffs.values().next().value?.data[0];
    if (w instanceof Fraction) {
      const c = exact ? tryExact(witness as Point<Fraction>) : tryFloat(toFloat(witness as Point<Fraction>));
      if (c) return c;
    } else {
      // the random double rounded to as few digits as still show the difference
      for (const digits of [3, 6, 10, 17]) {
        const c = tryFloat(rounded(witness as Point<number>, digits));
        if (c) return c;
      }
    }
  }
  return gap;
}

function mapPoint<S, T>(p: Point<S>, f: (x: S) => T): Point<T> {
  const conv = (m: Mat<S>): Mat<T> => ({ rows: m.rows, cols: m.cols, data: m.data.map(f) });
  return { sizes: p.sizes, vars: new Map([...p.vars].map(([n, m]) => [n, conv(m)])), diffs: new Map([...p.diffs].map(([n, m]) => [n, conv(m)])) };
}
const toFloat = (p: Point<Fraction>): Point<number> => mapPoint(p, (x) => x.valueOf());
const rounded = (p: Point<number>, digits: number): Point<number> => mapPoint(p, (x) => Number(x.toPrecision(digits)));

function found<S>(exact: boolean, p: { sizes: Map<string, number>; vars: Map<string, Mat<unknown>>; diffs: Map<string, Mat<unknown>> }, a: Mat<S>, b: Mat<S>, f: (x: S) => string): Counterexample {
  // the values of the variables exactly as evaluated (a double in its shortest round-trip form)
  const entry = (m: Mat<unknown>) => show(m, (x) => (x instanceof Fraction ? fracText(x) : String(x as number)));
  const values = [
    ...[...p.vars].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([name, m]) => ({ name, differential: false, value: entry(m) })),
    ...[...p.diffs].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([name, m]) => ({ name: `d${name}`, differential: true, value: entry(m) })),
  ];
  return { exact, sizes: Object.fromEntries(p.sizes), values, claimed: show(a, f), truth: show(b, f) };
}

/** `[1 2; 3 4]`: a matrix on one line, in matdiff's (MATLAB's) syntax */
export function inline(m: Shown): string {
  if (m.rows === 1 && m.cols === 1) return m.entries[0]![0]!;
  return `[${m.entries.map((r) => r.join(' ')).join('; ')}]`;
}

/** the matrix as aligned text rows: `[ 1  -2 ]` */
export function block(m: Shown): string[] {
  if (m.rows === 1 && m.cols === 1) return [m.entries[0]![0]!];
  const w = Array.from({ length: m.cols }, (_, j) => Math.max(...m.entries.map((r) => r[j]!.length)));
  return m.entries.map((r) => `[ ${r.map((x, j) => x.padStart(w[j]!)).join('  ')} ]`);
}

/** LaTeX bmatrix */
export function latexMatrix(m: Shown): string {
  const cell = (x: string) => {
    const fr = /^(-?)(\d+)\/(\d+)$/.exec(x);
    return fr ? `${fr[1]}\\frac{${fr[2]}}{${fr[3]}}` : x;
  };
  if (m.rows === 1 && m.cols === 1) return cell(m.entries[0]![0]!);
  return `\\begin{bmatrix}${m.entries.map((r) => r.map(cell).join(' & ')).join(' \\\\ ')}\\end{bmatrix}`;
}

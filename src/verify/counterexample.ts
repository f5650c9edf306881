// A counterexample a person can check by hand: the smallest sizes (2 first) and the smallest
// integer values (0 and ±1 first, then ±2, ±3) of every variable and differential at which the
// two sides differ, with both values. Exact where every operation is rational; otherwise the
// values are still small integers and the results are shown rounded.
import { Fraction } from '../core/fraction.js';
import type { Term } from '../core/term.js';
import { NotExact, Undefined } from '../numeric/field.js';
import type { Mat } from '../numeric/matrix.js';
import { sameShape } from '../core/shape.js';
import { Rng } from '../check/sample.js';
import { drawSizes, exactPoint, smallFloatPoint, type Leaves } from './points.js';
import { evalExact, evalFloat, FLOAT_TOLERANCE, isRational, relDiff, sameExact } from './equal.js';

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
export function floatText(x: number): string {
  if (Number.isInteger(x)) return String(x);
  const s = x.toPrecision(6);
  return s.includes('e') ? s : s.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
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

/** where the claim has no value, it is shown as this */
const NO_VALUE: Shown = { rows: 1, cols: 1, entries: [['no value']] };

/**
 * The first small point where `claimed` and `truth` differ (any point where both are defined,
 * when their shapes differ). Undefined when none is found (the terms may be equal).
 */
export function counterexample(claimed: Term, truth: Term, leaves: Leaves, seed = 7): Counterexample | undefined {
  const rng = new Rng(seed);
  // a point where only the truth has a value: shown when no point where both differ is found
  let gap: Counterexample | undefined;
  const noValue = <S>(exactly: boolean, p: Parameters<typeof found>[1], b: Mat<S>, f: (x: S) => string): void => {
    gap ??= { ...found(exactly, p, b, b, f), claimed: NO_VALUE };
  };
  // terms of different symbolic shapes may still have the same size at a point: then their values must differ there
  const differentShapes = !sameShape(claimed.shape, truth.shape);
  let exact = isRational(claimed, truth);
  for (const [lo, hi, k, tries] of SCHEDULE) {
    for (let i = 0; i < tries; i++) {
      const sizes = drawSizes(leaves, rng, lo, hi, [claimed, truth]);
      if (exact) {
        const p = exactPoint(leaves, sizes, rng, k);
        try {
          const b = evalExact(truth, p);
          let a: Mat<Fraction>;
          try {
            a = evalExact(claimed, p);
          } catch (e) {
            if (e instanceof Undefined) noValue(true, p, b, fracText);
            throw e;
          }
          if ((differentShapes && (a.rows !== b.rows || a.cols !== b.cols)) || !sameExact(a, b)) return found(true, p, a, b, fracText);
        } catch (e) {
          if (e instanceof NotExact) exact = false;
          else if (!(e instanceof Undefined)) throw e;
        }
        if (exact) continue;
      }
      const p = smallFloatPoint(leaves, sizes, rng, k);
      try {
        const b = evalFloat(truth, p);
        if (!b.data.every(Number.isFinite)) continue;
        let a: Mat<number>;
        try {
          a = evalFloat(claimed, p);
        } catch (e) {
          if (e instanceof Undefined) noValue(false, p, b, floatText);
          throw e;
        }
        if (!a.data.every(Number.isFinite)) {
          noValue(false, p, b, floatText);
          continue;
        }
        if ((differentShapes && (a.rows !== b.rows || a.cols !== b.cols)) || relDiff(a, b) > FLOAT_TOLERANCE * 1e3) return found(false, p, a, b, floatText);
      } catch (e) {
        if (!(e instanceof Undefined)) throw e;
      }
    }
  }
  return gap;
}

function found<S>(exact: boolean, p: { sizes: Map<string, number>; vars: Map<string, Mat<unknown>>; diffs: Map<string, Mat<unknown>> }, a: Mat<S>, b: Mat<S>, f: (x: S) => string): Counterexample {
  const entry = (m: Mat<unknown>) => show(m, (x) => (x instanceof Fraction ? fracText(x) : floatText(x as number)));
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

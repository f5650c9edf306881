// The judge's float comparison. Each value is computed with a bound on its own rounding error
// (src/numeric/bounded.ts: running error analysis, worst case), so the comparison can tell a real
// difference from the noise of terms that cancel. `judgePoint` compares two such matrices: they
// differ where an entry differs by more than the tolerance *and* by more than a safety factor times
// the two bounds (then the exact values differ too), agree where the difference and the bounds are
// both within the tolerance, and are inconclusive otherwise (the difference could be rounding).
import { boundedField, type Bounded } from '../numeric/bounded.js';
import type { Mat } from '../numeric/matrix.js';

/** how many times the two bounds a difference must exceed before it counts as real */
export const SAFETY = 8;

/** doubles with error bounds as the judge takes them: abs, relu, sign, step are exact in doubles */
export const judgeField = boundedField({ exactFunctions: true });

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

// The tolerance: how one float trial decides whether A = ⟨G, V⟩ is the directional derivative of
// f along V. The 4-point central difference D(h) = (8(f(X+hV) − f(X−hV)) − (f(X+2hV) − f(X−2hV)))/12h
// on a ladder of steps h = 10⁻⁶ … 10⁻¹ (times the size of X's entries), each with an error
// estimate E(h) = N(h) + 2|D(10h) − D(h)|: N(h) the rounding noise of f's values divided by h, the
// second term the change to the next step (truncation, and noise N missed). The shortest step
// whose E is within the tolerance of |D| decides by relative error; where none is (a zero
// gradient; f computed with cancellation, such as log(σ(20 + a)), the log of 1 − 2·10⁻⁹), the step
// with the least E decides, and ⟨G, V⟩ must lie within E (plus its own rounding) of D: an
// agreement limited by rounding, whose level is reported (`roundingFloor`). Such an agreement
// counts only where that level is below a quarter of the claimed derivative (or of |f|/|X|);
// where it is not, the trial is unresolved and another point is drawn.
// The rounding noise of f and of ⟨G, V⟩ is measured (src/check/noise.ts: values at nine close
// points, Moré–Wild, with the step of a staircase of rounded values as a least level) and bounded
// (src/numeric/bounded.ts: running error analysis, for rounding that is not random); the bound
// from |f| (64 ulps) is the least noise assumed.
// This rule is kept apart from the driver that draws the points and pays for the evaluations
// (src/check/float-check.ts), so it reads as one piece.
import { Undefined } from '../numeric/field.js';
import { noiseAlong } from './noise.js';

/**
 * The least rounding error assumed of one float evaluation of f, in units of the rounding of its
 * largest value |f|·2⁻⁵³: generous, since f goes through many operations. The 4-point stencil's
 * weights add up to 18/12h, so the difference carries up to 1.5·δ/h of noise where δ bounds the
 * error of each value of f.
 */
export const ROUNDING_ULPS = 64;
/** how many measured standard deviations of f's noise bound one value's error */
const NOISE_SIGMAS = 6;
/** the shortest step, relative to the size of X's entries; the ladder goes up by 10 */
const STEP0 = 1e-6;
const STEPS = 6;
export const EPS = Number.EPSILON / 2;

/** A trial's outcome: decided (by the tolerance, or within the rounding floor), or unresolved. */
export type Trial =
  | {
      /** |D − A| / max(|D|, |A|, (E + N_A) / tol) at the deciding step */
      readonly err: number;
      /** the absolute error bound E + N_A the trial was decided with, when that bound (not the tolerance) decided */
      readonly floor?: number;
    }
  | {
      /** f's values in doubles cannot tell A from other values: the best bound seen (Infinity: f is flat) */
      readonly unresolved: number;
    };

/** a pass within the rounding floor counts only where the floor is below this fraction of the claimed derivative (or of |f|/|X|) */
const RESOLVING = 1 / 4;

interface Rung {
  readonly h: number;
  readonly D: number;
  /** the largest |f| among the four values */
  readonly fmax: number;
  /** the four values are the same double: D = 0 says nothing */
  readonly flat: boolean;
}

/**
 * One float trial: A = ⟨G, V⟩ against the ladder of differences D(h). With
 *   δ = max(64 ulps of |f|, 6σ_f)        a bound on the error of one value of f (σ_f measured),
 *   N(h) = 1.5 δ / h                      the rounding noise of D(h),
 *   E(h) = N(h) + 2 |D(10h) − D(h)|       the error estimate of D(h) (the change to the next
 *                                         step bounds its truncation error, ≈ 10⁻⁴ of the
 *                                         next step's, and shows noise N missed),
 *   N_A = (64 + entries) ulps of Σ|G∘V| + 6σ_A    the rounding of A itself (its terms may
 *                                         cancel; σ_A measured like σ_f, along V),
 *   err = |D − A| / max(|D|, |A|, (E + N_A)/tol),   pass when err ≤ tol:
 * the shortest step h whose E(h) ≤ tol·|D(h)| (resolved: D is known to the tolerance) decides;
 * where none is resolved, the step with the least E decides and the agreement is limited by
 * rounding: A must lie within E + N_A of D (that bound is the trial's floor). Which step decides
 * does not depend on A. An agreement within a floor larger than a quarter of max(|A|, |f|/|X|)
 * shows nothing (A = 2·D would agree too): the trial is unresolved and another point is drawn;
 * a step whose four values of f are the same double (flat: D = 0 whatever the derivative, and
 * f's rounding may come from larger values inside it, as in log(det(I + s sᵀ)) with s ≈ 10⁻⁹)
 * decides nothing; where every step is flat, A = 0 agrees exactly, and another A is judged with
 * D = 0 and the rounding of f at the longest step (its bound, or 64 ulps of |f|) by the same rule. The common case costs two steps (8 values of f): when the first two steps resolve the
 * derivative with the bound from |f| and agree, the trial passes; otherwise the noise of f and
 * of A is measured (9 to 25 values each) and the whole ladder is used.
 */
export function floatTrial(at: (t: number) => number, f0: number, A: number, NA0: number, scaleX: number, tol: number, along: (t: number) => number, bounds: () => { f: number; A: number }): Trial | undefined {
  const ladder: Rung[] = [];
  /** the first step that left f's domain (or gave no finite difference) */
  let ended = STEPS;
  const rung = (k: number): Rung | undefined => {
    if (ladder[k]) return ladder[k];
    if (k >= STEPS || ended <= k) return undefined;
    const h = STEP0 * 10 ** k * scaleX;
    try {
      const [p1, m1, p2, m2] = [at(h), at(-h), at(2 * h), at(-2 * h)] as [number, number, number, number];
      const D = (8 * (p1 - m1) - (p2 - m2)) / (12 * h);
      if (!Number.isFinite(D)) {
        ended = k;
        return undefined;
      }
      return (ladder[k] = { h, D, fmax: Math.max(Math.abs(p1), Math.abs(m1), Math.abs(p2), Math.abs(m2), Math.abs(f0)), flat: p1 === m1 && p1 === p2 && p1 === m2 });
    } catch (e) {
      if (e instanceof Undefined) {
        ended = k; // the step leaves f's domain: the ladder ends
        return undefined;
      }
      throw e;
    }
  };
  const errOf = (D: number, bound: number) => {
    const diff = Math.abs(D - A);
    return diff === 0 ? 0 : diff / Math.max(Math.abs(D), Math.abs(A), bound / tol);
  };
  const noiseOf = (r: Rung, delta: number) => (1.5 * Math.max(ROUNDING_ULPS * EPS * r.fmax, delta)) / r.h;
  const estimate = (k: number, delta: number): number | undefined => {
    const r = rung(k);
    const next = rung(k + 1);
    if (!r || !next) return undefined;
    return noiseOf(r, delta) + 2 * Math.abs(next.D - r.D);
  };

  // the common case: a step resolves the derivative with the bound from |f|, and A agrees there
  // (up the ladder only while the steps are unresolved; a resolved disagreement goes on below)
  // (from 10⁻⁵: the shortest step 10⁻⁶ is for the steepest functions, and its rounding noise is the largest)
  for (let k = 1; k < STEPS - 1; k++) {
    const E = estimate(k, 0);
    if (E === undefined) break;
    const D = ladder[k]!.D;
    if (E <= tol * Math.abs(D) && D !== 0) {
      if (errOf(D, E + NA0) <= tol) return { err: errOf(D, E + NA0) };
      break;
    }
  }

  // otherwise measure the noise of f and of A, bound their rounding, and use the whole ladder
  const sigmaF = noiseAlong(at, scaleX, f0) ?? 0;
  const sigmaA = noiseAlong(along, scaleX, A) ?? 0;
  const bound = bounds();
  const deltaF = Math.max(NOISE_SIGMAS * sigmaF, bound.f);
  const NA = NA0 + Math.max(NOISE_SIGMAS * sigmaA, bound.A);
  for (let k = 0; k < STEPS; k++) if (!rung(k)) break;
  // the steps from the shortest up to the first that is undefined
  let top = 0;
  while (top < STEPS && ladder[top]) top++;
  if (top < 2) return undefined; // f is defined at X but not within two steps of it
  let best: { k: number; E: number } | undefined;
  for (let k = 0; k < top - 1; k++) {
    if (ladder[k]!.flat) continue; // its four values are one double: D = 0 whatever the derivative
    const E = estimate(k, deltaF)!;
    const D = ladder[k]!.D;
    if (E <= tol * Math.abs(D)) return { err: errOf(D, E + NA) };
    if (!best || E < best.E) best = { k, E };
  }
  // f flat at every step (D = 0): A = 0 agrees exactly (as f ≡ 0, or a step function, does);
  // else A must be within the rounding of f at the longest step
  if (!best && A === 0) return { err: 0 };
  const D = best ? ladder[best.k]!.D : 0;
  const floor = (best ? best.E : noiseOf(ladder[top - 1]!, deltaF)) + NA;
  const err = errOf(D, floor);
  if (err <= tol && floor > RESOLVING * Math.max(Math.abs(A), Math.abs(f0) / scaleX)) return { unresolved: floor };
  return floor > 0 ? { err, floor } : { err };
}

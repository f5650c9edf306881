// How much rounding noise a function computed in doubles carries near a point, measured rather
// than assumed (Moré & Wild, "Estimating computational noise", SIAM J. Sci. Comput. 33(3), 2011:
// ECnoise). Take the function at m + 1 equally spaced points t₀ + iτ along a direction, τ small
// enough that the smooth part of its k-th differences (≈ f⁽ᵏ⁾τᵏ) is negligible for k ≥ 3, large
// enough that the inputs differ in many bits, so the rounding errors at the points are as good as
// independent. For independent noise of standard deviation σ the k-th differences have mean
// square C(2k, k)·σ², so each k gives an estimate σₖ = √(γₖ · mean(Δᵏ²)) with γₖ = (k!)²/(2k)!.
//
// Why the check needs it: its noise bound from the size of f (a few ulps of |f|) misses the
// rounding that a cancellation inside f leaves: log(σ(20 + a)) is about −2·10⁻⁹, but it is the log
// of a number 1 − 2·10⁻⁹ rounded to 10⁻¹⁶, so its values carry an absolute error of 10⁻¹⁶, a
// relative error of 5·10⁻⁸, a hundred million times the bound from |f|. The measured σ sees it.
import { Undefined } from '../numeric/field.js';

/** σ estimated from values at equally spaced points: the median of the estimates for k = 3..6 (0 for constant values, undefined where a value is not finite). */
export function noiseLevel(ys: readonly number[]): number | undefined {
  if (ys.some((y) => !Number.isFinite(y))) return undefined;
  let d = [...ys];
  let gamma = 1;
  const est: number[] = [];
  for (let k = 1; k <= 6 && d.length > 1; k++) {
    d = d.slice(1).map((y, i) => y - d[i]!);
    gamma *= k / (2 * (2 * k - 1)); // γₖ = γₖ₋₁ · k² / ((2k)(2k − 1))
    if (k >= 3) est.push(Math.sqrt((gamma * d.reduce((s, x) => s + x * x, 0)) / d.length));
  }
  if (est.length === 0) return undefined;
  est.sort((a, b) => a - b);
  const mid = est.length / 2;
  return est.length % 2 ? est[Math.floor(mid)]! : (est[mid - 1]! + est[mid]!) / 2;
}

/** the spacings tried, relative to the size of X's entries: the next when too few values differ */
export const NOISE_SPACINGS = [1e-6, 1e-4, 1e-2];

/**
 * The noise of `g` along t near 0: `g` at −4τ … 4τ (9 points), for τ = `unit` × 10⁻⁶, 10⁻⁴, 10⁻²,
 * the first at which at least 6 of the 9 values differ. Where fewer differ, the values sit on a
 * few doubles (g changes by less than its rounding over 8τ: log(1 − σ(a − 25)) is the log of
 * 1 − 10⁻¹¹, whose rounding 10⁻¹⁶ is a hundred thousand times the ulp of g), and differences
 * of such values would say the noise is 0. Those values show the step q of the staircase g's
 * rounding makes (the least change between neighbours that are not equal), and the noise is taken
 * as at least that of rounding to it, q/√12: sampled farther apart, such a staircase can climb
 * the same number of steps between every two points, and its differences would again say 0.
 * Undefined where g is undefined or not finite at a point.
 */
export function noiseAlong(g: (t: number) => number, unit: number, g0: number): number | undefined {
  let sigma: number | undefined;
  let stair = 0;
  for (const s of NOISE_SPACINGS) {
    const tau = s * unit;
    const ys: number[] = [];
    try {
      for (let i = -4; i <= 4; i++) ys.push(i === 0 ? g0 : g(i * tau));
    } catch (e) {
      if (e instanceof Undefined) return sigma === undefined ? undefined : Math.max(sigma, stair);
      throw e;
    }
    sigma = noiseLevel(ys);
    if (sigma === undefined) return undefined;
    let q = Infinity;
    let repeats = false;
    for (let i = 1; i < ys.length; i++) {
      const d = Math.abs(ys[i]! - ys[i - 1]!);
      if (d === 0) repeats = true;
      else q = Math.min(q, d);
    }
    if (repeats && Number.isFinite(q)) stair = Math.max(stair, q / Math.sqrt(12));
    if (new Set(ys).size >= 6) break;
  }
  return sigma === undefined ? undefined : Math.max(sigma, stair);
}

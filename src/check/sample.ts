// Random points for the numeric check: sizes for the symbolic dimensions and values for the
// variables that respect their declared facts (SPD, symmetric, diagonal, positive, one-hot: a
// single 1 in a row vector, one 1 in each column of a column vector or a matrix, or in each row
// with `onehot rows`; prob: positive entries normalised to sum 1 along the same axes).
// The check draws sizes with `drawSizes` from the ranges its plan allows (src/check/plan.ts), for
// every dimension symbol of f and of the gradient; `sampleSizes` (the dimensions of the given
// terms only) serves the catalogue's checks (src/identities/verify.ts).
import { Fraction } from '../core/fraction.js';
import type { Term } from '../core/term.js';
import { axisOf, isOneHot, sumFactOf, type Axis } from '../core/facts.js';
import { dimSymbols, dimSize } from '../core/shape.js';
import { fill, matmul, transpose, zip, type Mat } from '../numeric/matrix.js';
import { exactField, floatField } from '../numeric/field.js';

/** A small seeded generator (mulberry32), so every check can be replayed from its seed. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  normal(): number {
    const u = Math.max(1e-12, this.next());
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
}

/** A size in lo..hi for every dimension symbol of the variables (but those `fixed` already). */
export function sampleSizes(vars: Iterable<Term>, rng: Rng, lo = 2, hi = 4, fixed: ReadonlyMap<string, number> = new Map()): Map<string, number> {
  const sizes = new Map<string, number>(fixed);
  for (const v of vars) for (const d of [v.shape.rows, v.shape.cols]) for (const s of dimSymbols(d)) if (!sizes.has(s)) sizes.set(s, rng.int(lo, hi));
  return sizes;
}

/** A size for every dimension of `ranges`, each drawn from its range (lo..hi). */
export function drawSizes(ranges: ReadonlyMap<string, readonly [number, number]>, rng: Rng): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const [d, [lo, hi]] of ranges) sizes.set(d, rng.int(lo, hi));
  return sizes;
}

/**
 * How entries are drawn: 'any' standard normal; 'positive' in (0.5, 2) (inside the domain of log
 * and sqrt); 'small' a quarter of either, so |x| < 1 but for 1 entry in 16 000 (inside the domain
 * of arcsin and arccos, which a 4×4 normal matrix is almost never in).
 */
export type Mode = 'any' | 'positive' | 'small';

/**
 * The mode of the next float draw after `failed` draws where f (or the gradient) had no value:
 * normal values first; after 10 failures positive ones, and where those fail too, small ones and
 * positive ones in turn (a mode that works is kept, since only a failure moves on).
 */
export function modeAfter(failed: number): Mode {
  return failed < 10 ? 'any' : (failed - 10) % 2 === 0 ? 'positive' : 'small';
}

/**
 * Where a one-hot value has its ones: one 1 in each column (a batch of labels, one per column:
 * 𝟏ᵀY = 𝟏ᵀ), or in each row (a row vector's single 1, or a matrix declared `onehot rows`: Y𝟏 = 𝟏).
 * The axis is read off the declared shape and fact (src/core/facts.ts), as softmax reads its own.
 */
export function oneHotAt(axis: Axis, r: number, c: number, rng: Rng): (i: number, j: number) => boolean {
  if (axis === 'rows') {
    const cols = Array.from({ length: r }, () => rng.int(0, c - 1));
    return (i, j) => cols[i] === j;
  }
  const rows = Array.from({ length: c }, () => rng.int(0, r - 1));
  return (i, j) => rows[j] === i;
}

/** positive weights normalised so that each column (or each row) sums to 1 */
export function normalised<S>(axis: Axis, w: Mat<S>, F: { zero: S; add(a: S, b: S): S; div(a: S, b: S): S }): Mat<S> {
  const sums: S[] = new Array(axis === 'rows' ? w.rows : w.cols).fill(F.zero);
  const lineOf = (i: number, j: number) => (axis === 'rows' ? i : j);
  for (let i = 0; i < w.rows; i++) for (let j = 0; j < w.cols; j++) sums[lineOf(i, j)] = F.add(sums[lineOf(i, j)]!, w.data[i * w.cols + j]!);
  return fill(w.rows, w.cols, (i, j) => F.div(w.data[i * w.cols + j]!, sums[lineOf(i, j)]!));
}

/**
 * A value that honours a onehot or prob fact along `axis`: 0s and a single 1 per line, or the
 * positive weights `weight` draws, normalised.
 */
export function sumsToOneValue<S>(axis: Axis, oneHot: boolean, r: number, c: number, rng: Rng, F: { zero: S; one: S; add(a: S, b: S): S; div(a: S, b: S): S }, weight: () => S): Mat<S> {
  if (oneHot) {
    const hot = oneHotAt(axis, r, c, rng);
    return fill(r, c, (i, j) => (hot(i, j) ? F.one : F.zero));
  }
  return normalised(axis, fill(r, c, weight), F);
}

/** A float value for a variable. */
export function floatValue(v: Term, sizes: ReadonlyMap<string, number>, rng: Rng, mode: Mode): Mat<number> {
  const r = dimSize(v.shape.rows, sizes);
  const c = dimSize(v.shape.cols, sizes);
  const k = mode === 'small' ? 0.25 : 1;
  const entry = () => k * (mode === 'positive' || v.hasFact('positive') ? 0.5 + 1.5 * rng.next() : rng.normal());
  const sum = sumFactOf(v);
  // prob: weights in (0.1, 1.1), normalised (never near 0, where log would be steep)
  if (sum) return sumsToOneValue(axisOf(sum, v.shape), isOneHot(sum), r, c, rng, floatField, () => 0.1 + rng.next());
  if (v.hasFact('spd')) {
    const B = fill(r, r, () => rng.normal());
    const BBt = matmul(floatField, B, transpose(B));
    return fill(r, r, (i, j) => BBt.data[i * r + j]! / r + (i === j ? 1 : 0));
  }
  if (v.hasFact('diagonal')) return fill(r, r, (i, j) => (i === j ? entry() : 0));
  if (v.hasFact('symmetric')) {
    const B = fill(r, r, entry);
    return zip(B, transpose(B), (x, y) => (x + y) / 2);
  }
  return fill(r, c, entry);
}

/** An exact value: small integers (never 0 for a positive variable). */
export function exactValue(v: Term, sizes: ReadonlyMap<string, number>, rng: Rng, mode: Mode): Mat<Fraction> {
  const r = dimSize(v.shape.rows, sizes);
  const c = dimSize(v.shape.cols, sizes);
  const F = (n: number) => new Fraction(n);
  const den = mode === 'small' ? 4 : 1;
  const entry = () => new Fraction(mode === 'positive' || v.hasFact('positive') ? rng.int(1, 4) : rng.int(-3, 3), den);
  const sum = sumFactOf(v);
  if (sum) return sumsToOneValue(axisOf(sum, v.shape), isOneHot(sum), r, c, rng, exactField, () => F(rng.int(1, 4)));
  if (v.hasFact('spd')) {
    const B = fill(r, r, () => F(rng.int(-2, 2)));
    const BBt = matmul(exactField, B, transpose(B));
    return fill(r, r, (i, j) => BBt.data[i * r + j]!.add(i === j ? 1 : 0));
  }
  if (v.hasFact('diagonal')) return fill(r, r, (i, j) => (i === j ? entry() : F(0)));
  if (v.hasFact('symmetric')) {
    const B = fill(r, r, entry);
    return zip(B, transpose(B), (x, y) => x.add(y));
  }
  return fill(r, c, entry);
}

// Random points for the numeric check: sizes for the symbolic dimensions and values for the
// variables that respect their declared facts (SPD, symmetric, diagonal, positive, one-hot: a
// single 1 in a row vector, one 1 in each column of a column vector or a matrix).
// The check draws sizes with `drawSizes` from the ranges its plan allows (src/check/plan.ts), for
// every dimension symbol of f and of the gradient; `sampleSizes` (the dimensions of the given
// terms only) serves the catalogue's checks (src/identities/verify.ts).
import { Fraction } from '../core/fraction.js';
import type { Term } from '../core/term.js';
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
 * Where a one-hot variable has its ones: a row vector (declared 1×n) has a single 1; a column
 * vector, and each column of a matrix (a batch of labels, one per column: 𝟏ᵀY = 𝟏ᵀ), has one 1
 * per column. The axis is read off the declared shape, as softmax reads it (src/ops/softmax.ts).
 */
export function oneHotAt(v: Term, r: number, c: number, rng: Rng): (i: number, j: number) => boolean {
  if (v.shape.rows === '1') {
    const k = rng.int(0, r * c - 1);
    return (i, j) => i * c + j === k;
  }
  const rows = Array.from({ length: c }, () => rng.int(0, r - 1));
  return (i, j) => rows[j] === i;
}

/** A float value for a variable. */
export function floatValue(v: Term, sizes: ReadonlyMap<string, number>, rng: Rng, mode: Mode): Mat<number> {
  const r = dimSize(v.shape.rows, sizes);
  const c = dimSize(v.shape.cols, sizes);
  const k = mode === 'small' ? 0.25 : 1;
  const entry = () => k * (mode === 'positive' || v.hasFact('positive') ? 0.5 + 1.5 * rng.next() : rng.normal());
  if (v.hasFact('onehot')) {
    const hot = oneHotAt(v, r, c, rng);
    return fill(r, c, (i, j) => (hot(i, j) ? 1 : 0));
  }
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
  if (v.hasFact('onehot')) {
    const hot = oneHotAt(v, r, c, rng);
    return fill(r, c, (i, j) => F(hot(i, j) ? 1 : 0));
  }
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

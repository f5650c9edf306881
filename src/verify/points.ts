// Random points for comparing two terms: sizes for the symbolic dimensions, values for the
// variables that honour their facts (symmetric, spd, diagonal, positive, one-hot), and values for
// the differentials dX (in the tangent space: symmetric when X is). Exact points are small
// integers from a chosen range, or rationals with small denominators (`den` > 1: n/d with d drawn
// from 1..den, for piecewise functions whose kinks lie between the integers); float points are
// standard normal, optionally scaled.
import { Fraction } from '../core/fraction.js';
import type { Term } from '../core/term.js';
import { dimSize, dimSymbols } from '../core/shape.js';
import { fill, matmul, transpose, zip, type Mat } from '../numeric/matrix.js';
import { exactField, floatField } from '../numeric/field.js';
import { type Rng, oneHotAt } from '../check/sample.js';

/** The leaves a term is evaluated at: variables and differentials, by name. */
export interface Leaves {
  readonly vars: ReadonlyMap<string, Term>;
  readonly diffs: ReadonlyMap<string, Term>;
}

/** Variables and differentials occurring in the terms. */
export function leavesOf(...ts: readonly Term[]): Leaves {
  const vars = new Map<string, Term>();
  const diffs = new Map<string, Term>();
  const seen = new Set<Term>();
  const walk = (t: Term) => {
    if (seen.has(t)) return;
    seen.add(t);
    if (t.op === 'var') vars.set(t.name!, t);
    else if (t.op === 'dvar') diffs.set(t.name!, t);
    t.args.forEach(walk);
  };
  ts.forEach(walk);
  return { vars, diffs };
}

export interface Point<S> {
  readonly sizes: Map<string, number>;
  readonly vars: Map<string, Mat<S>>;
  readonly diffs: Map<string, Mat<S>>;
}

export function dimsOf(l: Leaves, extra: readonly Term[]): string[] {
  const out = new Set<string>();
  for (const t of [...l.vars.values(), ...l.diffs.values(), ...extra]) for (const d of [t.shape.rows, t.shape.cols]) for (const s of dimSymbols(d)) out.add(s);
  return [...out].sort();
}

/** Sizes for every symbolic dimension: each drawn from lo..hi. */
export function drawSizes(l: Leaves, rng: Rng, lo: number, hi: number, extra: readonly Term[] = []): Map<string, number> {
  return new Map(dimsOf(l, extra).map((d) => [d, rng.int(lo, hi)]));
}

/**
 * An exact value with integer entries in [-k, k] (1..k+1 where positive), honouring the facts;
 * with `den` > 1 each entry is n/d, d drawn from 1..den, in the same range ((0, k+1] where positive).
 */
export function exactOf(v: Term, sizes: ReadonlyMap<string, number>, rng: Rng, k: number, differential = false, assumeSymmetric = false, den = 1): Mat<Fraction> {
  const r = dimSize(v.shape.rows, sizes);
  const c = dimSize(v.shape.cols, sizes);
  const F = (n: number) => new Fraction(n);
  const positive = !differential && v.hasFact('positive');
  const entry = (): Fraction => {
    if (den <= 1) return F(positive ? rng.int(1, k + 1) : rng.int(-k, k));
    const d = rng.int(1, den);
    return new Fraction(positive ? rng.int(1, (k + 1) * d) : rng.int(-k * d, k * d), d);
  };
  if (!differential && v.hasFact('onehot')) {
    const hot = oneHotAt(v, r, c, rng);
    return fill(r, c, (i, j) => F(hot(i, j) ? 1 : 0));
  }
  if (!differential && v.hasFact('spd')) {
    const B = fill(r, r, () => F(rng.int(-Math.min(k, 2), Math.min(k, 2))));
    const BBt = matmul(exactField, B, transpose(B));
    return fill(r, r, (i, j) => BBt.data[i * r + j]!.add(i === j ? 1 : 0));
  }
  if (v.hasFact('diagonal')) return fill(r, r, (i, j) => (i === j ? entry() : F(0)));
  if (assumeSymmetric || v.hasFact('symmetric') || v.hasFact('spd')) {
    const B = fill(r, r, entry);
    return fill(r, r, (i, j) => (i <= j ? B.data[i * r + j]! : B.data[j * r + i]!));
  }
  return fill(r, c, entry);
}

/**
 * A float value: standard normal entries (0.5..2 where positive), honouring the facts; `scale`
 * multiplies every value but a one-hot one (points nearer 0, where fewer terms saturate).
 */
export function floatOf(v: Term, sizes: ReadonlyMap<string, number>, rng: Rng, differential = false, assumeSymmetric = false, scale = 1): Mat<number> {
  const r = dimSize(v.shape.rows, sizes);
  const c = dimSize(v.shape.cols, sizes);
  const positive = !differential && v.hasFact('positive');
  const entry = () => scale * (positive ? 0.5 + 1.5 * rng.next() : rng.normal());
  if (!differential && v.hasFact('onehot')) {
    const hot = oneHotAt(v, r, c, rng);
    return fill(r, c, (i, j) => (hot(i, j) ? 1 : 0));
  }
  if (!differential && v.hasFact('spd')) {
    const B = fill(r, r, () => rng.normal());
    const BBt = matmul(floatField, B, transpose(B));
    return fill(r, r, (i, j) => scale * (BBt.data[i * r + j]! / r + (i === j ? 1 : 0)));
  }
  if (v.hasFact('diagonal')) return fill(r, r, (i, j) => (i === j ? entry() : 0));
  if (assumeSymmetric || v.hasFact('symmetric') || v.hasFact('spd')) {
    const B = fill(r, r, entry);
    return zip(B, transpose(B), (x, y) => (x + y) / 2);
  }
  return fill(r, c, entry);
}

/** The fact a variable is given for a "would it hold if A were symmetric?" question. */
export type Assume = ReadonlyMap<string, 'symmetric'>;

const sym = (name: string, assume?: Assume): boolean => assume?.get(name) === 'symmetric';

export function exactPoint(l: Leaves, sizes: Map<string, number>, rng: Rng, k: number, assume?: Assume, den = 1): Point<Fraction> {
  const vars = new Map<string, Mat<Fraction>>();
  const diffs = new Map<string, Mat<Fraction>>();
  for (const [n, v] of l.vars) vars.set(n, exactOf(v, sizes, rng, k, false, sym(n, assume), den));
  for (const [n, d] of l.diffs) diffs.set(n, exactOf(l.vars.get(n) ?? d, sizes, rng, k, true, sym(n, assume), den));
  return { sizes, vars, diffs };
}

export function floatPoint(l: Leaves, sizes: Map<string, number>, rng: Rng, assume?: Assume, scale = 1): Point<number> {
  const vars = new Map<string, Mat<number>>();
  const diffs = new Map<string, Mat<number>>();
  for (const [n, v] of l.vars) vars.set(n, floatOf(v, sizes, rng, false, sym(n, assume), scale));
  for (const [n, d] of l.diffs) diffs.set(n, floatOf(l.vars.get(n) ?? d, sizes, rng, true, sym(n, assume), scale));
  return { sizes, vars, diffs };
}

/** A float point with small integer entries (for a readable counterexample of a non-rational claim). */
export function smallFloatPoint(l: Leaves, sizes: Map<string, number>, rng: Rng, k: number, assume?: Assume, den = 1): Point<number> {
  const p = exactPoint(l, sizes, rng, k, assume, den);
  const conv = (m: Mat<Fraction>): Mat<number> => ({ rows: m.rows, cols: m.cols, data: m.data.map((x) => x.valueOf()) });
  return { sizes, vars: new Map([...p.vars].map(([n, m]) => [n, conv(m)])), diffs: new Map([...p.diffs].map(([n, m]) => [n, conv(m)])) };
}

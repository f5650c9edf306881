// Random points for comparing two terms: sizes for the symbolic dimensions, values for the
// variables that honour their facts (symmetric, spd, diagonal, positive, one-hot, prob), and values
// for the differentials dX (in the tangent space: symmetric when X is; a one-hot or prob variable's
// dX is any matrix, as the numeric check's directions are: the gradient is that of f as written).
// Exact points are small integers from a chosen range, or rationals with small denominators
// (`den` > 1: n/d with d drawn from 1..den, for piecewise functions whose kinks lie between the
// integers); float points are standard normal, optionally scaled.
import { Fraction } from '../core/fraction.js';
import type { Term } from '../core/term.js';
import { dimSize, dimSymbols } from '../core/shape.js';
import { fill, matmul, transpose, zip, type Mat } from '../numeric/matrix.js';
import { exactField, floatField } from '../numeric/field.js';
import { type Rng, sumsToOneValue } from '../check/sample.js';
import { axisOf, isOneHot, isSumFact, sumFactOf, type SumFact } from '../core/facts.js';

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
 * A fact a variable is given for a "would the claim hold if …?" question: symmetric (2Ax for
 * (A + Aᵀ)x), positive, or onehot or prob, by columns (a vector as a whole) or by rows.
 */
export type Assumed = 'symmetric' | 'positive' | SumFact;

/** the onehot or prob fact a value is drawn for: the declared one, or the one assumed */
const sumFact = (v: Term, differential: boolean, assumed?: Assumed): SumFact | undefined => (differential ? undefined : assumed !== undefined && isSumFact(assumed) ? assumed : sumFactOf(v));

/**
 * An exact value with integer entries in [-k, k] (1..k+1 where positive), honouring the facts;
 * with `den` > 1 each entry is n/d, d drawn from 1..den, in the same range ((0, k+1] where positive).
 * A prob value is weights 1..k+1 normalised.
 */
export function exactOf(v: Term, sizes: ReadonlyMap<string, number>, rng: Rng, k: number, differential = false, assumed?: Assumed, den = 1): Mat<Fraction> {
  const r = dimSize(v.shape.rows, sizes);
  const c = dimSize(v.shape.cols, sizes);
  const F = (n: number) => new Fraction(n);
  const assumeSymmetric = assumed === 'symmetric';
  const positive = !differential && (v.hasFact('positive') || assumed === 'positive');
  const entry = (): Fraction => {
    if (den <= 1) return F(positive ? rng.int(1, k + 1) : rng.int(-k, k));
    const d = rng.int(1, den);
    return new Fraction(positive ? rng.int(1, (k + 1) * d) : rng.int(-k * d, k * d), d);
  };
  const sum = sumFact(v, differential, assumed);
  if (sum) return sumsToOneValue(axisOf(sum, v.shape), isOneHot(sum), r, c, rng, exactField, () => F(rng.int(1, k + 1)));
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
 * multiplies every value but a one-hot or prob one (points nearer 0, where fewer terms saturate).
 */
export function floatOf(v: Term, sizes: ReadonlyMap<string, number>, rng: Rng, differential = false, assumed?: Assumed, scale = 1): Mat<number> {
  const r = dimSize(v.shape.rows, sizes);
  const c = dimSize(v.shape.cols, sizes);
  const assumeSymmetric = assumed === 'symmetric';
  const positive = !differential && (v.hasFact('positive') || assumed === 'positive');
  const entry = () => scale * (positive ? 0.5 + 1.5 * rng.next() : rng.normal());
  const sum = sumFact(v, differential, assumed);
  if (sum) return sumsToOneValue(axisOf(sum, v.shape), isOneHot(sum), r, c, rng, floatField, () => 0.1 + rng.next());
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

/** The facts variables are given for a "would it hold if A were symmetric (p summed to 1)?" question. */
export type Assume = ReadonlyMap<string, Assumed>;

/** the fact assumed of a variable (its differential follows it only where that is symmetric) */
const assumedOf = (name: string, assume?: Assume): Assumed | undefined => assume?.get(name);

export function exactPoint(l: Leaves, sizes: Map<string, number>, rng: Rng, k: number, assume?: Assume, den = 1): Point<Fraction> {
  const vars = new Map<string, Mat<Fraction>>();
  const diffs = new Map<string, Mat<Fraction>>();
  for (const [n, v] of l.vars) vars.set(n, exactOf(v, sizes, rng, k, false, assumedOf(n, assume), den));
  for (const [n, d] of l.diffs) diffs.set(n, exactOf(l.vars.get(n) ?? d, sizes, rng, k, true, assumedOf(n, assume), den));
  return { sizes, vars, diffs };
}

export function floatPoint(l: Leaves, sizes: Map<string, number>, rng: Rng, assume?: Assume, scale = 1): Point<number> {
  const vars = new Map<string, Mat<number>>();
  const diffs = new Map<string, Mat<number>>();
  for (const [n, v] of l.vars) vars.set(n, floatOf(v, sizes, rng, false, assumedOf(n, assume), scale));
  for (const [n, d] of l.diffs) diffs.set(n, floatOf(l.vars.get(n) ?? d, sizes, rng, true, assumedOf(n, assume), scale));
  return { sizes, vars, diffs };
}

/** A float point with small integer entries (for a readable counterexample of a non-rational claim). */
export function smallFloatPoint(l: Leaves, sizes: Map<string, number>, rng: Rng, k: number, assume?: Assume, den = 1): Point<number> {
  const p = exactPoint(l, sizes, rng, k, assume, den);
  const conv = (m: Mat<Fraction>): Mat<number> => ({ rows: m.rows, cols: m.cols, data: m.data.map((x) => x.valueOf()) });
  return { sizes, vars: new Map([...p.vars].map(([n, m]) => [n, conv(m)])), diffs: new Map([...p.diffs].map(([n, m]) => [n, conv(m)])) };
}

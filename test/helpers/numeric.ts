// Small numeric helpers for tests that check gradients independently of the engine's own check
// (src/check/): random points that honour declared facts, entrywise central differences, and a
// matrix comparison. Values are plain number[][] (a scalar is [[a]], a column vector [[x1],[x2]]).
//
//   const f = parse(expr, vars);
//   const p = randomPoint(f, 7);                    // sizes 2..4, values honouring the facts
//   const G = evalAt(gradientTerm, p);              // any term over the same variables
//   const FD = finiteDiff(f, 'W', p);               // ∂f/∂W_ij by central differences
//   assert.ok(relDiff(G, FD) < 1e-6);
import type { Term } from '../../src/core/term.ts';
import { dimSize, dimSymbols } from '../../src/core/shape.ts';
import { evaluateTerm } from '../../src/numeric/evaluate.ts';
import { floatField } from '../../src/numeric/field.ts';
import { mat, type Mat } from '../../src/numeric/matrix.ts';

export type Matrix = number[][];

/** A point: a size for every symbolic dimension and a value for every variable, by name. */
export interface Point {
  readonly sizes: ReadonlyMap<string, number>;
  readonly values: Readonly<Record<string, Matrix>>;
}

export interface PointOptions {
  /** sizes of symbolic dimensions are drawn from lo..hi (default 2..4) */
  lo?: number;
  hi?: number;
  /** fixed sizes for some dimensions */
  sizes?: Record<string, number>;
  /** draw every entry of these variables in (0.5, 2), as for a `positive` fact */
  positive?: readonly string[];
}

/** A seeded generator (mulberry32) returning numbers in [0, 1). */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    let t = (s = (s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The variables of a term (its `var` leaves), by name. */
export function variablesOf(...terms: Term[]): Map<string, Term> {
  const out = new Map<string, Term>();
  const seen = new Set<Term>();
  const walk = (u: Term) => {
    if (seen.has(u)) return;
    seen.add(u);
    if (u.op === 'var') out.set(u.name!, u);
    u.args.forEach(walk);
  };
  terms.forEach(walk);
  return out;
}

const build = (r: number, c: number, f: (i: number, j: number) => number): Matrix =>
  Array.from({ length: r }, (_, i) => Array.from({ length: c }, (_, j) => f(i, j)));

export const transpose = (a: Matrix): Matrix => build(a[0]!.length, a.length, (i, j) => a[j]![i]!);

export function matmul(a: Matrix, b: Matrix): Matrix {
  return build(a.length, b[0]!.length, (i, j) => a[i]!.reduce((s, x, k) => s + x * b[k]![j]!, 0));
}

/**
 * A random point for the variables of `terms`: sizes for the symbolic dimensions, and values that
 * honour each variable's facts — spd: B Bᵀ/n + I; symmetric: (B + Bᵀ)/2; diagonal; positive: entries
 * in (0.5, 2); onehot: a single 1. Other entries are standard normal.
 */
export function randomPoint(terms: Term | readonly Term[], seed: number, opts: PointOptions = {}): Point {
  const next = rng(seed);
  const normal = () => Math.sqrt(-2 * Math.log(Math.max(1e-12, next()))) * Math.cos(2 * Math.PI * next());
  const lo = opts.lo ?? 2;
  const hi = opts.hi ?? 4;
  const vars = variablesOf(...(Array.isArray(terms) ? terms : [terms as Term]));
  const sizes = new Map<string, number>(Object.entries(opts.sizes ?? {}));
  for (const v of vars.values())
    for (const d of [v.shape.rows, v.shape.cols])
      for (const s of dimSymbols(d)) if (!sizes.has(s)) sizes.set(s, lo + Math.floor(next() * (hi - lo + 1)));
  const values: Record<string, Matrix> = {};
  for (const [name, v] of vars) {
    const r = dimSize(v.shape.rows, sizes);
    const c = dimSize(v.shape.cols, sizes);
    const positive = v.hasFact('positive') || (opts.positive ?? []).includes(name);
    const entry = () => (positive ? 0.5 + 1.5 * next() : normal());
    if (v.hasFact('onehot')) {
      const k = Math.floor(next() * r * c);
      values[name] = build(r, c, (i, j) => (i * c + j === k ? 1 : 0));
    } else if (v.hasFact('spd')) {
      const B = build(r, r, normal);
      const BBt = matmul(B, transpose(B));
      values[name] = build(r, r, (i, j) => BBt[i]![j]! / r + (i === j ? 1 : 0));
    } else if (v.hasFact('diagonal')) {
      values[name] = build(r, r, (i, j) => (i === j ? entry() : 0));
    } else if (v.hasFact('symmetric')) {
      const B = build(r, r, entry);
      values[name] = build(r, r, (i, j) => (B[i]![j]! + B[j]![i]!) / 2);
    } else {
      values[name] = build(r, c, entry);
    }
  }
  return { sizes, values };
}

/**
 * Evaluate a term at a point (with the engine's float evaluator). The sizes of the term's own
 * dimension symbols are read off the values of its variables, so a term elaborated separately
 * (whose dimensions may carry other names) still evaluates; the point's sizes fill in the rest.
 */
export function evalAt(t: Term, p: Point): Matrix {
  const sizes = new Map(p.sizes);
  const env = new Map<string, Mat<number>>();
  for (const [name, v] of variablesOf(t)) {
    const val = p.values[name];
    if (!val) throw new Error(`no value for ${name}`);
    const r = val.length;
    const c = val[0]!.length;
    for (const [d, n] of [[v.shape.rows, r], [v.shape.cols, c]] as [string, number][]) {
      if (/^\d+$/.test(d)) {
        if (Number(d) !== n) throw new Error(`${name} is ${v.shape.rows}×${v.shape.cols} but its value is ${r}×${c}`);
      } else if (!d.includes('*')) sizes.set(d, n);
    }
    env.set(name, mat(r, c, val.flat()));
  }
  const m = evaluateTerm(t, { vars: env, sizes }, floatField);
  return build(m.rows, m.cols, (i, j) => m.data[i * m.cols + j]!);
}

/** The value of a scalar-valued term at a point. */
export function scalarAt(t: Term, p: Point): number {
  const m = evalAt(t, p);
  if (m.length !== 1 || m[0]!.length !== 1) throw new Error(`not a scalar: ${m.length}×${m[0]!.length}`);
  return m[0]![0]!;
}

/** The point with one entry of one variable replaced. */
export function withEntry(p: Point, name: string, i: number, j: number, value: number): Point {
  const v = p.values[name]!.map((row) => row.slice());
  v[i]![j] = value;
  return { sizes: p.sizes, values: { ...p.values, [name]: v } };
}

/**
 * ∂f/∂X entry by entry by central differences, (f(X + h E_ij) − f(X − h E_ij)) / 2h with
 * h = step·max(1, |X_ij|). Every entry is perturbed on its own, so for a symmetric X this is the
 * unconstrained gradient evaluated at a symmetric point.
 */
export function finiteDiff(f: Term, name: string, p: Point, step = 1e-5): Matrix {
  const X = p.values[name];
  if (!X) throw new Error(`no value for ${name}`);
  return X.map((row, i) =>
    row.map((x, j) => {
      const h = step * Math.max(1, Math.abs(x));
      return (scalarAt(f, withEntry(p, name, i, j, x + h)) - scalarAt(f, withEntry(p, name, i, j, x - h))) / (2 * h);
    }),
  );
}

/** The largest entry in absolute value. */
export const maxAbs = (a: Matrix): number => Math.max(0, ...a.flat().map(Math.abs));

/**
 * max |a − b| relative to the larger of max |a| and max |b| (0 when both are zero). Throws when
 * the shapes differ.
 */
export function relDiff(a: Matrix, b: Matrix): number {
  if (a.length !== b.length || a[0]?.length !== b[0]?.length) {
    throw new Error(`shapes differ: ${a.length}×${a[0]?.length} vs ${b.length}×${b[0]?.length}`);
  }
  const err = Math.max(0, ...a.flatMap((row, i) => row.map((x, j) => Math.abs(x - b[i]![j]!))));
  const scale = Math.max(maxAbs(a), maxAbs(b));
  return scale === 0 ? err : err / scale;
}

// Numeric helpers for tests that check gradients independently of the engine's own check
// (src/check/check.ts): random points, the finite-difference ORACLE, and matrix comparisons.
// Values are plain number[][] (a scalar is [[a]], a column vector [[x1], [x2], …]).
//
//   const f = parse(expr, vars);
//   const p = randomPoint(f, 7);                 // sizes 2..4, values honouring the facts
//   const G = evalAt(gradientTerm, p);           // any term over the same variables
//   const FD = fdGradient(f, 'W', p);            // ∂f/∂W_ij by a 6-point central difference
//   assert.ok(relDiff(G, FD) < 1e-6);
//
// What is shared with the engine and what is not: random points are drawn with the engine's
// generator and fact-honouring values (src/check/sample.ts: the same logic, not a judgement),
// and terms are evaluated with its evaluator. The oracle is our own: entry-by-entry differences
// of f through the public evaluate(), a stencil and steps of its own, no dual numbers, no
// tolerance rule of src/check — so a mistake in the engine's check cannot hide here.
import type { Term } from '../../src/core/term.js';
import { evaluate } from '../../src/index.js';
import { evaluateTerm } from '../../src/numeric/evaluate.js';
import { floatField } from '../../src/numeric/field.js';
import { mat, type Mat } from '../../src/numeric/matrix.js';
import { Rng, floatValue, sampleSizes } from '../../src/check/sample.js';

export type Matrix = number[][];

/** the engine's seeded generator (mulberry32), with the picks the random-expression tests need */
export class Rand extends Rng {
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

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

/** The variables of some terms (their `var` leaves), by name. */
export function variablesOf(...terms: Term[]): Map<string, Term> {
  const out = new Map<string, Term>();
  const seen = new Set<Term>();
  const walk = (u: Term): void => {
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
const toMat = (m: Matrix): Mat<number> => mat(m.length, m[0]!.length, m.flat());
const fromMat = (m: Mat<number>): Matrix => build(m.rows, m.cols, (i, j) => m.data[i * m.cols + j]!);

export const transpose = (a: Matrix): Matrix => build(a[0]!.length, a.length, (i, j) => a[j]![i]!);
export const matmul = (a: Matrix, b: Matrix): Matrix => build(a.length, b[0]!.length, (i, j) => a[i]!.reduce((s, x, k) => s + x * b[k]![j]!, 0));
export const frob = (a: Matrix, b: Matrix): number => a.reduce((s, row, i) => s + row.reduce((t, x, j) => t + x * b[i]![j]!, 0), 0);
export const randomMatrix = (r: number, c: number, rand: Rng): Matrix => build(r, c, () => rand.normal());

/**
 * A random point for the variables of `terms`: sizes for the symbolic dimensions, and values that
 * honour each variable's facts — spd: B Bᵀ/n + I; symmetric: (B + Bᵀ)/2; diagonal; positive: entries
 * in (0.5, 2); onehot: a single 1 (one in each column of a matrix). Other entries are standard normal. `from` is a seed, or a
 * generator whose stream continues (for many points in a row).
 */
export function randomPoint(terms: Term | readonly Term[], from: number | Rng, opts: PointOptions = {}): Point {
  const rand = typeof from === 'number' ? new Rng(from) : from;
  const vars = variablesOf(...(Array.isArray(terms) ? terms : [terms as Term]));
  const sizes = sampleSizes(vars.values(), rand, opts.lo ?? 2, opts.hi ?? 4, new Map(Object.entries(opts.sizes ?? {})));
  const values: Record<string, Matrix> = {};
  for (const [name, v] of vars) values[name] = fromMat(floatValue(v, sizes, rand, (opts.positive ?? []).includes(name) ? 'positive' : 'any'));
  return { sizes, values };
}

/**
 * Evaluate a term at a point (with the engine's float evaluator), with values for differentials
 * dX if it has any. The sizes of the term's own dimension symbols are read off the values of its
 * variables, so a term elaborated separately (whose dimensions may carry other names) still
 * evaluates; the point's sizes fill in the rest (constants such as ones(n, m)).
 */
export function evalAt(t: Term, p: Point, diffs: Record<string, Matrix> = {}): Matrix {
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
    env.set(name, toMat(val));
  }
  const dv = new Map(Object.entries(diffs).map(([k, v]) => [k, toMat(v)] as const));
  return fromMat(evaluateTerm(t, { vars: env, diffs: dv, sizes }, floatField));
}

/** The value of a scalar-valued term at a point. */
export function scalarAt(t: Term, p: Point): number {
  const m = evalAt(t, p);
  if (m.length !== 1 || m[0]!.length !== 1) throw new Error(`not a scalar: ${m.length}×${m[0]!.length}`);
  return m[0]![0]!;
}

// ---- the oracle: finite differences of our own ---------------------------------------------------

/** f at a point, through the public evaluate() (f must be scalar) */
function fAt(f: Term, values: Record<string, Matrix>): number {
  const r = evaluate(f, values);
  if (r.length !== 1 || r[0]!.length !== 1) throw new Error('fdGradient: f is not a scalar');
  return r[0]![0]!;
}

/**
 * the 6-point central difference of g at 0: (g(3h) − 9g(2h) + 45g(h) − 45g(−h) + 9g(−2h) − g(−3h))/60h,
 * error O(h⁶); summed as differences of mirrored values, so that a g constant near 0 (relu below
 * its kink) gives exactly 0, not the rounding of 45g − 45g
 */
function stencil(g: (t: number) => number, h: number): number {
  const d = (k: number) => g(k * h) - g(-k * h);
  return (d(3) - 9 * d(2) + 45 * d(1)) / (60 * h);
}

/**
 * ∂f/∂X entry by entry: the 6-point central difference along E = the unit matrix of entry (i, j),
 * with error O(h⁶) + O(ε/h), so steep functions (sin(3c³), exp(eʸ ∘ y³)) are differentiated to
 * ~1e-9; h scales with the entry. Every entry is perturbed on its own: the unconstrained gradient
 * of f's term. A variable declared symmetric (spd) or diagonal only moves in that space, where its
 * gradient is by definition the part of the unconstrained one that such a dX sees: ½(G + Gᵀ), or
 * the diagonal of G. The oracle takes that part itself, entry by entry.
 */
export function fdGradient(f: Term, wrt: string, p: Point, h0 = 2e-3): Matrix {
  const X = p.values[wrt];
  if (!X) throw new Error(`fdGradient: no value for ${wrt}`);
  const G = build(X.length, X[0]!.length, (i, j) => {
    const h = h0 * Math.max(1, Math.abs(X[i]![j]!));
    const at = (t: number) => {
      const Y = X.map((row) => [...row]);
      Y[i]![j]! += t;
      return fAt(f, { ...p.values, [wrt]: Y });
    };
    return stencil(at, h);
  });
  const v = variablesOf(f).get(wrt);
  if (!v || G.length !== G[0]!.length) return G;
  if (v.hasFact('diagonal')) return build(G.length, G.length, (i, j) => (i === j ? G[i]![i]! : 0));
  if (v.hasFact('symmetric') || v.hasFact('spd')) return build(G.length, G.length, (i, j) => (G[i]![j]! + G[j]![i]!) / 2);
  return G;
}

/**
 * fdGradient at steps h and h/4 with their disagreement: where it exceeds `tol` (relative) the
 * estimate cannot be trusted at this point (a kink of abs/relu within reach, or f too steep) and
 * the caller should draw another point. The estimate returned is the one at h/4.
 */
export function fdGradientChecked(f: Term, wrt: string, p: Point, tol = 1e-8): { fd: Matrix; reliable: boolean } {
  const coarse = fdGradient(f, wrt, p, 2e-3);
  const fine = fdGradient(f, wrt, p, 5e-4);
  return { fd: fine, reliable: allFinite(fine) && relError(coarse, fine) < tol };
}

/** The directional derivative of any (matrix-valued) f along V in wrt, by the same stencil. */
export function fdDirectional(f: Term, wrt: string, V: Matrix, p: Point, h = 2e-3): Matrix {
  const X = p.values[wrt]!;
  const memo = new Map<number, Matrix>();
  const at = (t: number): Matrix => {
    if (!memo.has(t)) memo.set(t, evalAt(f, { sizes: p.sizes, values: { ...p.values, [wrt]: X.map((row, i) => row.map((x, j) => x + t * V[i]![j]!)) } }));
    return memo.get(t)!;
  };
  const f0 = at(0);
  return build(f0.length, f0[0]!.length, (i, j) => stencil((t) => at(t)[i]![j]!, h));
}

// ---- comparisons -----------------------------------------------------------------------------

/** max |a − b| relative to max(1, max |b|): a distance with an absolute floor of 1 (Infinity when shapes differ) */
export function relError(a: Matrix, b: Matrix): number {
  if (a.length !== b.length || a[0]!.length !== b[0]!.length) return Infinity;
  let diff = 0;
  let scale = 1;
  a.forEach((row, i) =>
    row.forEach((x, j) => {
      const y = b[i]![j]!;
      diff = Math.max(diff, Math.abs(x - y));
      scale = Math.max(scale, Math.abs(y));
    }),
  );
  return Number.isFinite(diff) ? diff / scale : Infinity;
}

/** The largest entry in absolute value. */
export const maxAbs = (a: Matrix): number => Math.max(0, ...a.flat().map(Math.abs));

/**
 * max |a − b| relative to the larger of max |a| and max |b| (0 when both are zero): purely
 * relative, for gradients of any size. Throws when the shapes differ.
 */
export function relDiff(a: Matrix, b: Matrix): number {
  if (a.length !== b.length || a[0]?.length !== b[0]?.length) {
    throw new Error(`shapes differ: ${a.length}×${a[0]?.length} vs ${b.length}×${b[0]?.length}`);
  }
  const err = Math.max(0, ...a.flatMap((row, i) => row.map((x, j) => Math.abs(x - b[i]![j]!))));
  const scale = Math.max(maxAbs(a), maxAbs(b));
  return scale === 0 ? err : err / scale;
}

export const allFinite = (m: Matrix): boolean => m.every((row) => row.every(Number.isFinite));

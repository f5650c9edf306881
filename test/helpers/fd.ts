// Numeric oracles for the operator and property tests, independent of the engine's own check
// (src/check/): a seeded generator, random points that honour declared facts, the gradient by
// entrywise finite differences of f evaluated through the public evaluate(), and a comparison.
// Values are plain number[][] (a scalar is [[a]], a column vector [[x1], [x2], …]).
//
//   const f = parse(expr, vars);
//   const p = samplePoint(f, new Rand(7));        // sizes 2..3, values honouring the facts
//   const FD = fdGradient(f, 'W', p);             // ∂f/∂W_ij by a 4-point central difference
//   const G = evalTerm(d.gradient.term, p);       // the engine's gradient at the same point
//   assert.ok(relError(G, FD) < 1e-6);
import type { Term } from '../../src/core/term.ts';
import { evaluate } from '../../src/index.ts';
import { dimSize, dimSymbols } from '../../src/core/shape.ts';
import { evaluateTerm } from '../../src/numeric/evaluate.ts';
import { floatField } from '../../src/numeric/field.ts';
import { mat, type Mat } from '../../src/numeric/matrix.ts';

export type Matrix = number[][];

/** mulberry32: small, seeded, replayable */
export class Rand {
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
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  normal(): number {
    return Math.sqrt(-2 * Math.log(Math.max(1e-12, this.next()))) * Math.cos(2 * Math.PI * this.next());
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** A point: a size per symbolic dimension and a value per variable. */
export interface Point {
  readonly sizes: Map<string, number>;
  readonly values: Record<string, Matrix>;
}

/** The variables (`var` leaves) of some terms, by name. */
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

export const transpose = (a: Matrix): Matrix => build(a[0]!.length, a.length, (i, j) => a[j]![i]!);
export const matmul = (a: Matrix, b: Matrix): Matrix => build(a.length, b[0]!.length, (i, j) => a[i]!.reduce((s, x, k) => s + x * b[k]![j]!, 0));
export const frob = (a: Matrix, b: Matrix): number => a.reduce((s, row, i) => s + row.reduce((t, x, j) => t + x * b[i]![j]!, 0), 0);
export const randomMatrix = (r: number, c: number, rand: Rand): Matrix => build(r, c, () => rand.normal());

/** A value for one variable that honours its facts (spd, symmetric, diagonal, positive, onehot). */
export function sampleValue(v: Term, sizes: ReadonlyMap<string, number>, rand: Rand): Matrix {
  const r = dimSize(v.shape.rows, sizes);
  const c = dimSize(v.shape.cols, sizes);
  const entry = () => (v.hasFact('positive') ? 0.5 + 1.5 * rand.next() : rand.normal());
  if (v.hasFact('onehot')) {
    const k = rand.int(0, r * c - 1);
    return build(r, c, (i, j) => (i * c + j === k ? 1 : 0));
  }
  if (v.hasFact('spd')) {
    // B Bᵀ / n + I: symmetric, eigenvalues ≥ 1
    const B = randomMatrix(r, r, rand);
    const BBt = matmul(B, transpose(B));
    return build(r, r, (i, j) => BBt[i]![j]! / r + (i === j ? 1 : 0));
  }
  if (v.hasFact('diagonal')) return build(r, r, (i, j) => (i === j ? entry() : 0));
  if (v.hasFact('symmetric')) {
    const B = build(r, r, entry);
    return build(r, r, (i, j) => (B[i]![j]! + B[j]![i]!) / 2);
  }
  return build(r, c, entry);
}

/** Sizes 2..3 for the symbolic dimensions of the terms' variables, and values for the variables. */
export function samplePoint(terms: Term | readonly Term[], rand: Rand, lo = 2, hi = 3): Point {
  const vars = variablesOf(...(Array.isArray(terms) ? terms : [terms as Term]));
  const sizes = new Map<string, number>();
  for (const v of vars.values()) for (const d of [v.shape.rows, v.shape.cols]) for (const s of dimSymbols(d)) if (!sizes.has(s)) sizes.set(s, rand.int(lo, hi));
  const values: Record<string, Matrix> = {};
  for (const [name, v] of vars) values[name] = sampleValue(v, sizes, rand);
  return { sizes, values };
}

const toMat = (m: Matrix): Mat<number> => mat(m.length, m[0]!.length, m.flat());
const fromMat = (m: Mat<number>): Matrix => build(m.rows, m.cols, (i, j) => m.data[i * m.cols + j]!);

/**
 * Any term at a point (variables not in `values` must not occur). Used for the engine's gradient
 * terms, which may be constants such as ones(n,m) whose size no value fixes, so the sizes are given.
 */
export function evalTerm(t: Term, p: Point, diffs: Record<string, Matrix> = {}): Matrix {
  const vars = new Map(Object.entries(p.values).map(([k, v]) => [k, toMat(v)] as const));
  const dv = new Map(Object.entries(diffs).map(([k, v]) => [k, toMat(v)] as const));
  return fromMat(evaluateTerm(t, { vars, diffs: dv, sizes: p.sizes }, floatField));
}

/** f at a point, through the public evaluate() (f must be scalar) */
function fAt(f: Term, values: Record<string, Matrix>): number {
  const r = evaluate(f, values);
  if (r.length !== 1 || r[0]!.length !== 1) throw new Error('fdGradient: f is not a scalar');
  return r[0]![0]!;
}

/** the 6-point central difference of g at 0: (g(3h) − 9g(2h) + 45g(h) − 45g(−h) + 9g(−2h) − g(−3h))/60h, error O(h⁶) */
function stencil(g: (t: number) => number, h: number): number {
  return (g(3 * h) - 9 * g(2 * h) + 45 * g(h) - 45 * g(-h) + 9 * g(-2 * h) - g(-3 * h)) / (60 * h);
}

/**
 * ∂f/∂X entry by entry: the 6-point central difference along E = the unit matrix of entry (i, j),
 * with error O(h⁶) + O(ε/h), so steep functions (sin(3c³), exp(eʸ ∘ y³)) are differentiated to
 * ~1e-9; h scales with the entry.
 */
export function fdGradient(f: Term, wrt: string, p: Point, h0 = 2e-3): Matrix {
  const X = p.values[wrt];
  if (!X) throw new Error(`fdGradient: no value for ${wrt}`);
  return build(X.length, X[0]!.length, (i, j) => {
    const h = h0 * Math.max(1, Math.abs(X[i]![j]!));
    const at = (t: number) => {
      const Y = X.map((row) => [...row]);
      Y[i]![j]! += t;
      return fAt(f, { ...p.values, [wrt]: Y });
    };
    return stencil(at, h);
  });
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
    if (!memo.has(t)) memo.set(t, evalTerm(f, { sizes: p.sizes, values: { ...p.values, [wrt]: X.map((row, i) => row.map((x, j) => x + t * V[i]![j]!)) } }));
    return memo.get(t)!;
  };
  const f0 = at(0);
  return build(f0.length, f0[0]!.length, (i, j) => stencil((t) => at(t)[i]![j]!, h));
}

/** max |a − b| relative to max(1, max |b|): a scale-aware distance between two matrices */
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

export const allFinite = (m: Matrix): boolean => m.every((row) => row.every(Number.isFinite));

// Dense matrices over any Field, row-major. Products, inverses, determinants and adjugates are
// written here once, for every field (floats, exact rationals, dual numbers): a product loop and
// Gauss–Jordan elimination with partial pivoting. Over a float field (F.kind 'float') products and
// eliminations run on the float kernels (src/numeric/kernels.ts: the same double operations over
// flat arrays, without a call of F.add or F.mul per entry). The float results are tested against
// mathjs as an independent oracle (test/matrix.test.ts, test/kernels.test.ts).
import { type Field, Undefined, floatField } from './field.js';
import { doubles, gaussJordanKernel, matmulKernel, transposeKernel } from './kernels.js';

export interface Mat<S> {
  readonly rows: number;
  readonly cols: number;
  readonly data: readonly S[];
}

export const mat = <S>(rows: number, cols: number, data: S[]): Mat<S> => ({ rows, cols, data });
export const at = <S>(m: Mat<S>, i: number, j: number): S => m.data[i * m.cols + j]!;

// fill, map, zip and transpose serve every field. V8 keeps an array's doubles unboxed only while
// every store into it is a number: a store site that also writes fractions or dual numbers turns
// the arrays it writes into arrays of boxed values (two to four times slower for the float
// kernels). So where the first value is a number, the same loop runs in a copy of its own
// (`…Numbers`), whose stores only ever see numbers.

export function fill<S>(rows: number, cols: number, f: (i: number, j: number) => S): Mat<S> {
  if (rows * cols === 0) return mat(rows, cols, []);
  const first = f(0, 0);
  if (typeof first === 'number') return fillNumbers(rows, cols, first, f as unknown as (i: number, j: number) => number) as unknown as Mat<S>;
  const data: S[] = new Array(rows * cols);
  data[0] = first;
  for (let i = 0; i < rows; i++) for (let j = i === 0 ? 1 : 0; j < cols; j++) data[i * cols + j] = f(i, j);
  return mat(rows, cols, data);
}

function fillNumbers(rows: number, cols: number, first: number, f: (i: number, j: number) => number): Mat<number> {
  const data = doubles(rows * cols);
  data[0] = first;
  for (let i = 0; i < rows; i++) for (let j = i === 0 ? 1 : 0; j < cols; j++) data[i * cols + j] = f(i, j);
  return mat(rows, cols, data);
}

// (loops, not Array.prototype.map: its arrays hold boxed numbers)
export function map<S>(m: Mat<S>, f: (x: S) => S): Mat<S> {
  const a = m.data;
  if (a.length === 0) return mat(m.rows, m.cols, []);
  const first = f(a[0]!);
  if (typeof first === 'number') return mapNumbers(m as unknown as Mat<number>, first, f as unknown as (x: number) => number) as unknown as Mat<S>;
  const out: S[] = new Array(a.length);
  out[0] = first;
  for (let k = 1; k < a.length; k++) out[k] = f(a[k]!);
  return mat(m.rows, m.cols, out);
}

function mapNumbers(m: Mat<number>, first: number, f: (x: number) => number): Mat<number> {
  const a = m.data;
  const out = doubles(a.length);
  out[0] = first;
  for (let k = 1; k < a.length; k++) out[k] = f(a[k]!);
  return mat(m.rows, m.cols, out);
}

export function zip<S>(a: Mat<S>, b: Mat<S>, f: (x: S, y: S) => S): Mat<S> {
  if (a.rows !== b.rows || a.cols !== b.cols) throw new Error(`matdiff internal: size mismatch ${a.rows}x${a.cols} vs ${b.rows}x${b.cols}`);
  const x = a.data;
  const y = b.data;
  if (x.length === 0) return mat(a.rows, a.cols, []);
  const first = f(x[0]!, y[0]!);
  if (typeof first === 'number') return zipNumbers(a as unknown as Mat<number>, b as unknown as Mat<number>, first, f as unknown as (x: number, y: number) => number) as unknown as Mat<S>;
  const out: S[] = new Array(x.length);
  out[0] = first;
  for (let k = 1; k < x.length; k++) out[k] = f(x[k]!, y[k]!);
  return mat(a.rows, a.cols, out);
}

function zipNumbers(a: Mat<number>, b: Mat<number>, first: number, f: (x: number, y: number) => number): Mat<number> {
  const x = a.data;
  const y = b.data;
  const out = doubles(x.length);
  out[0] = first;
  for (let k = 1; k < x.length; k++) out[k] = f(x[k]!, y[k]!);
  return mat(a.rows, a.cols, out);
}

export function transpose<S>(m: Mat<S>): Mat<S> {
  const { rows, cols, data } = m;
  if (typeof data[0] === 'number') return mat(cols, rows, transposeKernel(data as unknown as readonly number[], rows, cols)) as unknown as Mat<S>;
  const out: S[] = new Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = data[i * cols + j]!;
  return mat(cols, rows, out);
}

export function matmul<S>(F: Field<S>, a: Mat<S>, b: Mat<S>): Mat<S> {
  if (a.cols !== b.rows) throw new Error(`matdiff internal: matmul ${a.rows}x${a.cols} * ${b.rows}x${b.cols}`);
  if (F.kind === 'float') return mat(a.rows, b.cols, matmulKernel(a.data as readonly number[], b.data as readonly number[], a.rows, a.cols, b.cols)) as unknown as Mat<S>;
  return fill(a.rows, b.cols, (i, j) => {
    let s = F.zero;
    for (let k = 0; k < a.cols; k++) s = F.add(s, F.mul(at(a, i, k), at(b, k, j)));
    return s;
  });
}

export const identity = <S>(F: Field<S>, n: number): Mat<S> => fill(n, n, (i, j) => (i === j ? F.one : F.zero));

/**
 * In doubles a matrix is taken as singular when a pivot of the elimination is below this fraction
 * of its largest entry: a singular matrix (x xᵀ for n ≥ 2) leaves pivots of rounding noise, not 0,
 * and its inverse or log-determinant would be noise too. Pivots, not the determinant, because a
 * well-conditioned 100×100 matrix can have a determinant far below (largest entry)ⁿ.
 */
const PIVOT_FLOOR = 1e-10;

interface Eliminated<S> {
  readonly inv: Mat<S> | undefined;
  readonly det: S;
  readonly singular: boolean;
}

/**
 * Gauss–Jordan elimination with the largest pivot; returns the inverse and the determinant, and
 * whether the matrix is singular (no pivot; in doubles, a pivot below PIVOT_FLOOR of the largest
 * entry).
 */
function gaussJordan<S>(F: Field<S>, m: Mat<S>): Eliminated<S> {
  if (F.kind === 'float') return floatGaussJordan(m as unknown as Mat<number>) as unknown as Eliminated<S>;
  const n = m.rows;
  const a: S[][] = Array.from({ length: n }, (_, i) => m.data.slice(i * n, (i + 1) * n) as S[]);
  const b: S[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? F.one : F.zero)));
  let det = F.one;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (F.magnitude(a[r]![c]!) > F.magnitude(a[p]![c]!)) p = r;
    if (F.magnitude(a[p]![c]!) === 0) return { inv: undefined, det: F.zero, singular: true };
    if (p !== c) {
      [a[p], a[c]] = [a[c]!, a[p]!];
      [b[p], b[c]] = [b[c]!, b[p]!];
      det = F.neg(det);
    }
    const piv = a[c]![c]!;
    det = F.mul(det, piv);
    for (let j = 0; j < n; j++) {
      a[c]![j] = F.div(a[c]![j]!, piv);
      b[c]![j] = F.div(b[c]![j]!, piv);
    }
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r]![c]!;
      if (F.isZero(f)) continue;
      for (let j = 0; j < n; j++) {
        a[r]![j] = F.sub(a[r]![j]!, F.mul(f, a[c]![j]!));
        b[r]![j] = F.sub(b[r]![j]!, F.mul(f, b[c]![j]!));
      }
    }
  }
  return { inv: mat(n, n, b.flat()), det, singular: false };
}

/** the same in doubles, on the flat kernel (src/numeric/kernels.ts), with the PIVOT_FLOOR test */
function floatGaussJordan(m: Mat<number>): Eliminated<number> {
  const n = m.rows;
  const e = gaussJordanKernel(m.data, n);
  if (!e.inv) return { inv: undefined, det: 0, singular: true };
  let largest = 0;
  for (const x of m.data) largest = Math.max(largest, Math.abs(x));
  // written so that NaN and infinite entries count as singular too
  const singular = !(e.smallestPivot >= PIVOT_FLOOR * largest && Number.isFinite(largest));
  return { inv: mat(n, n, e.inv), det: e.det, singular };
}

/** Whether a float matrix is singular to working precision (see PIVOT_FLOOR). */
export function floatSingular(m: Mat<number>): boolean {
  return gaussJordan(floatField, m).singular;
}

export function inverse<S>(F: Field<S>, m: Mat<S>): Mat<S> {
  const r = gaussJordan(F, m);
  if (!r.inv || r.singular) throw new Undefined('singular matrix');
  return r.inv;
}

export function determinant<S>(F: Field<S>, m: Mat<S>): S {
  const r = gaussJordan(F, m);
  // Elimination stops at a column with no pivot it may divide by. Over the rationals that means
  // det = 0; over dual numbers only the real part A of A + εB is singular, and the ε part
  // tr(adj(A) B) (Jacobi's formula) need not be 0: expand without dividing instead.
  if (!r.inv && F.kind === 'dual') return determinantByExpansion(F, m);
  return r.det;
}

/** the largest matrix expanded without division: n·2ⁿ products, 49 152 at 12×12 */
const MAX_EXPANSION = 12;

/**
 * The determinant without division, so it holds over any commutative ring (dual numbers whose
 * real part is singular): det X = Σ_σ sgn(σ) Π x_{i,σ(i)}, the rows taken in order and the
 * partial sums memoized on the set of columns used (Laplace expansion shared across minors).
 * Placing row k in column j adds one inversion for every used column right of j.
 */
function determinantByExpansion<S>(F: Field<S>, m: Mat<S>): S {
  const n = m.rows;
  if (n > MAX_EXPANSION) throw new Undefined(`the determinant of a ${n}×${n} matrix of dual numbers with a singular real part (expanded only up to ${MAX_EXPANSION}×${MAX_EXPANSION})`);
  const full = (1 << n) - 1;
  const partial: (S | undefined)[] = new Array(full + 1);
  partial[0] = F.one;
  for (let used = 0; used < full; used++) {
    const p = partial[used];
    if (p === undefined || F.isZero(p)) continue;
    let k = 0;
    for (let u = used; u; u &= u - 1) k++;
    for (let j = 0; j < n; j++) {
      if (used & (1 << j)) continue;
      const x = at(m, k, j);
      if (F.isZero(x)) continue;
      let right = 0;
      for (let u = used >> (j + 1); u; u &= u - 1) right++;
      const term = F.mul(p, x);
      const next = used | (1 << j);
      const prev = partial[next] ?? F.zero;
      partial[next] = right % 2 ? F.sub(prev, term) : F.add(prev, term);
    }
  }
  return partial[full] ?? F.zero;
}

/** below this size the adjugate is always taken from cofactors; above, from det·inverse where that exists */
const MAX_COFACTORS = 8;

/**
 * The adjugate adj(X), the transpose of the matrix of cofactors: adj(X)ᵢⱼ = (−1)^{i+j} times the
 * determinant of X without row j and column i. adj(X)·X = X·adj(X) = det(X)·I, so adj(X) =
 * det(X)·X⁻¹ where X is invertible; unlike that form it is defined for every square X (of rank
 * n − 1 it is non-zero). Up to 8×8 cofactors always (n² determinants of minors, each exact over
 * duals by `determinant`); above, det(X)·X⁻¹ when X is invertible (in doubles: not floatSingular),
 * cofactors otherwise. The adjugate of a 1×1 matrix is [1].
 */
export function adjugate<S>(F: Field<S>, m: Mat<S>): Mat<S> {
  const n = m.rows;
  if (n !== m.cols) throw new Error(`matdiff internal: adjugate of ${m.rows}x${m.cols}`);
  if (n === 1) return mat(1, 1, [F.one]);
  if (n > MAX_COFACTORS) {
    const r = gaussJordan(F, m);
    if (r.inv && !r.singular) return map(r.inv, (x) => F.mul(r.det, x));
  }
  return fill(n, n, (i, j) => {
    const minor = fill(n - 1, n - 1, (r, c) => at(m, r < j ? r : r + 1, c < i ? c : c + 1));
    const d = determinant(F, minor);
    return (i + j) % 2 ? F.neg(d) : d;
  });
}

export function kron<S>(F: Field<S>, a: Mat<S>, b: Mat<S>): Mat<S> {
  return fill(a.rows * b.rows, a.cols * b.cols, (i, j) =>
    F.mul(at(a, Math.floor(i / b.rows), Math.floor(j / b.cols)), at(b, i % b.rows, j % b.cols)),
  );
}

/** Stack the columns: vec(A) is (rows·cols)×1. */
export const vec = <S>(m: Mat<S>): Mat<S> => fill(m.rows * m.cols, 1, (k) => at(m, k % m.rows, Math.floor(k / m.rows)));

export function sumAll<S>(F: Field<S>, m: Mat<S>): S {
  let s = F.zero;
  for (const x of m.data) s = F.add(s, x);
  return s;
}

export const scalarOf = <S>(m: Mat<S>): S => {
  if (m.rows !== 1 || m.cols !== 1) throw new Error(`matdiff internal: expected 1x1, got ${m.rows}x${m.cols}`);
  return m.data[0]!;
};
export const scalarMat = <S>(s: S): Mat<S> => (typeof s === 'number' ? (mat(1, 1, scalarNumber(s)) as unknown as Mat<S>) : mat(1, 1, [s]));
/** [s] from a site that only holds numbers (see fill) */
const scalarNumber = (s: number): number[] => [s];

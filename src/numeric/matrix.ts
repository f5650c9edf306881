// Dense matrices over any Field, row-major. Products, inverses, determinants and adjugates are
// written here once: a plain loop for float products (no boxing, no nested arrays) and Gauss–Jordan
// elimination with partial pivoting for every field (floats, exact rationals, dual numbers). The
// float kernels are tested against mathjs as an independent oracle (test/matrix.test.ts).
import { type Field, Undefined, floatField } from './field.js';

export interface Mat<S> {
  readonly rows: number;
  readonly cols: number;
  readonly data: readonly S[];
}

export const mat = <S>(rows: number, cols: number, data: S[]): Mat<S> => ({ rows, cols, data });
export const at = <S>(m: Mat<S>, i: number, j: number): S => m.data[i * m.cols + j]!;

export function fill<S>(rows: number, cols: number, f: (i: number, j: number) => S): Mat<S> {
  const data: S[] = new Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) data[i * cols + j] = f(i, j);
  return mat(rows, cols, data);
}

export const map = <S>(m: Mat<S>, f: (x: S) => S): Mat<S> => mat(m.rows, m.cols, m.data.map(f));

export function zip<S>(a: Mat<S>, b: Mat<S>, f: (x: S, y: S) => S): Mat<S> {
  if (a.rows !== b.rows || a.cols !== b.cols) throw new Error(`matdiff internal: size mismatch ${a.rows}x${a.cols} vs ${b.rows}x${b.cols}`);
  return mat(a.rows, a.cols, a.data.map((x, k) => f(x, b.data[k]!)));
}

export const transpose = <S>(m: Mat<S>): Mat<S> => fill(m.cols, m.rows, (i, j) => at(m, j, i));

/** C = A·B in doubles: row-major, the k loop outside the j loop so both walk memory in order */
function floatMatmul(a: Mat<number>, b: Mat<number>): Mat<number> {
  const { rows: n, cols: p } = a;
  const m = b.cols;
  const A = a.data;
  const B = b.data;
  const C: number[] = new Array(n * m).fill(0);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < p; k++) {
      const aik = A[i * p + k]!;
      if (aik === 0) continue;
      for (let j = 0; j < m; j++) C[i * m + j]! += aik * B[k * m + j]!;
    }
  }
  return mat(n, m, C);
}

export function matmul<S>(F: Field<S>, a: Mat<S>, b: Mat<S>): Mat<S> {
  if (a.cols !== b.rows) throw new Error(`matdiff internal: matmul ${a.rows}x${a.cols} * ${b.rows}x${b.cols}`);
  if (F.kind === 'float') {
    return floatMatmul(a as Mat<number>, b as Mat<number>) as unknown as Mat<S>;
  }
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

/**
 * Gauss–Jordan elimination with the largest pivot; returns the inverse and the determinant, and
 * whether the matrix is singular (no pivot; in doubles, a pivot below PIVOT_FLOOR of the largest
 * entry).
 */
function gaussJordan<S>(F: Field<S>, m: Mat<S>): { inv: Mat<S> | undefined; det: S; singular: boolean } {
  const n = m.rows;
  let largest = 0;
  if (F.kind === 'float') for (const x of m.data) largest = Math.max(largest, Math.abs(x as number));
  let smallestPivot = Infinity;
  const a: S[][] = Array.from({ length: n }, (_, i) => m.data.slice(i * n, (i + 1) * n) as S[]);
  const b: S[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? F.one : F.zero)));
  let det = F.one;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (F.magnitude(a[r]![c]!) > F.magnitude(a[p]![c]!)) p = r;
    if (F.magnitude(a[p]![c]!) === 0) return { inv: undefined, det: F.zero, singular: true };
    smallestPivot = Math.min(smallestPivot, F.magnitude(a[p]![c]!));
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
  // written so that NaN and infinite entries count as singular too
  const singular = F.kind === 'float' && !(smallestPivot >= PIVOT_FLOOR * largest && Number.isFinite(largest));
  return { inv: mat(n, n, b.flat()), det, singular };
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
export const scalarMat = <S>(s: S): Mat<S> => mat(1, 1, [s]);

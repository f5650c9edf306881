// Dense matrices over any Field, row-major. The float field hands matrix products, inverses and
// determinants to mathjs (the one place the engine touches it); the exact and dual fields use the
// Gauss–Jordan code here, which works over any field.
import { det as mDet, inv as mInv, multiply as mMultiply } from 'mathjs';
import { type Field, Undefined } from './field.ts';

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

const toRows = (m: Mat<number>): number[][] => Array.from({ length: m.rows }, (_, i) => m.data.slice(i * m.cols, (i + 1) * m.cols) as number[]);
const fromRows = (r: number[][]): Mat<number> => mat(r.length, r[0]!.length, r.flat());

export function matmul<S>(F: Field<S>, a: Mat<S>, b: Mat<S>): Mat<S> {
  if (a.cols !== b.rows) throw new Error(`matdiff internal: matmul ${a.rows}x${a.cols} * ${b.rows}x${b.cols}`);
  if (F.kind === 'float') {
    return fromRows(mMultiply(toRows(a as Mat<number>), toRows(b as Mat<number>)) as number[][]) as unknown as Mat<S>;
  }
  return fill(a.rows, b.cols, (i, j) => {
    let s = F.zero;
    for (let k = 0; k < a.cols; k++) s = F.add(s, F.mul(at(a, i, k), at(b, k, j)));
    return s;
  });
}

export const identity = <S>(F: Field<S>, n: number): Mat<S> => fill(n, n, (i, j) => (i === j ? F.one : F.zero));

/** Gauss–Jordan elimination with the largest pivot; returns the inverse and the determinant. */
function gaussJordan<S>(F: Field<S>, m: Mat<S>): { inv: Mat<S> | undefined; det: S } {
  const n = m.rows;
  const a: S[][] = Array.from({ length: n }, (_, i) => m.data.slice(i * n, (i + 1) * n) as S[]);
  const b: S[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? F.one : F.zero)));
  let det = F.one;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (F.magnitude(a[r]![c]!) > F.magnitude(a[p]![c]!)) p = r;
    if (F.magnitude(a[p]![c]!) === 0) return { inv: undefined, det: F.zero };
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
  return { inv: mat(n, n, b.flat()), det };
}

/**
 * A float matrix is taken as singular when its determinant d is below 1e-10 of the largest entry
 * to the n-th power: in doubles a singular matrix (x xᵀ for n ≥ 2) has a determinant of rounding
 * noise, not 0, and its inverse or log-determinant would be noise too.
 */
export function floatSingular(m: Mat<number>, d: number): boolean {
  const scale = Math.max(1e-300, ...m.data.map(Math.abs)) ** m.rows;
  // written so that 0/0 (the zero matrix, whose scale underflows) counts as singular
  return !Number.isFinite(d) || !(Math.abs(d) / scale >= 1e-10);
}

export function inverse<S>(F: Field<S>, m: Mat<S>): Mat<S> {
  if (F.kind === 'float') {
    const d = mDet(toRows(m as Mat<number>)) as number;
    if (floatSingular(m as Mat<number>, d)) throw new Undefined('singular matrix');
    return fromRows(mInv(toRows(m as Mat<number>)) as number[][]) as unknown as Mat<S>;
  }
  const r = gaussJordan(F, m);
  if (!r.inv) throw new Undefined('singular matrix');
  return r.inv;
}

export function determinant<S>(F: Field<S>, m: Mat<S>): S {
  if (F.kind === 'float') return mDet(toRows(m as Mat<number>)) as number as unknown as S;
  return gaussJordan(F, m).det;
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

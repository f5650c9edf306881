// The float kernels: loops over row-major arrays of doubles, for the matrix work of the float
// field (src/numeric/matrix.ts calls them when F.kind is 'float'; src/numeric/float-ops.ts runs
// the common operators on them). Each does the double operations of the generic field code in
// the same order, so its values are the same to the bit; test/kernels.test.ts compares them with
// that code and with mathjs.
// Plain arrays (number[]), not Float64Array: V8 keeps an array of doubles unboxed, the loops run
// as fast over it, and a Float64Array costs about ten times as much to allocate, which dominates
// at the sizes of the numeric check (2–4 rows). `npm run bench` measures both (bench/kernels.ts;
// docs/performance.md). Unboxed as long as only numbers are ever stored where the array is made
// and written: code that also stores fractions or dual numbers (the generic code) turns the
// arrays it writes into arrays of boxed values, two to four times slower to read and write. So
// the arrays here are made by `doubles` and written by these loops only, and src/numeric/matrix.ts
// runs its loops over numbers in copies of their own.

/** a new array for n doubles (from a site that only ever holds numbers) */
export function doubles(n: number): number[] {
  return new Array(n);
}

/** C = A·B for A n×p, B p×m: the k loop outside the j loop so both walk memory in order, and the
 *  j loop four entries at a time (1.8× faster in V8); each entry sums its products in k order,
 *  skipping the zeros of A */
export function matmulKernel(A: readonly number[], B: readonly number[], n: number, p: number, m: number): number[] {
  const C = doubles(n * m).fill(0);
  for (let i = 0; i < n; i++) {
    const ci = i * m;
    for (let k = 0; k < p; k++) {
      const aik = A[i * p + k]!;
      if (aik === 0) continue;
      const bk = k * m;
      let j = 0;
      for (; j + 3 < m; j += 4) {
        C[ci + j]! += aik * B[bk + j]!;
        C[ci + j + 1]! += aik * B[bk + j + 1]!;
        C[ci + j + 2]! += aik * B[bk + j + 2]!;
        C[ci + j + 3]! += aik * B[bk + j + 3]!;
      }
      for (; j < m; j++) C[ci + j]! += aik * B[bk + j]!;
    }
  }
  return C;
}

/** the result of Gauss–Jordan elimination: no inverse where a column has no non-zero pivot */
export interface Elimination {
  readonly inv: number[] | undefined;
  readonly det: number;
  /** the least pivot used (Infinity for an empty matrix) */
  readonly smallestPivot: number;
}

/**
 * Gauss–Jordan elimination of the n×n matrix `X` with the largest pivot in each column, beside
 * the identity: the inverse, the determinant and the least pivot (the generic code of
 * src/numeric/matrix.ts, over flat rows of doubles).
 */
export function gaussJordanKernel(X: readonly number[], n: number): Elimination {
  const a = copy(X);
  const b = doubles(n * n).fill(0);
  for (let i = 0; i < n; i++) b[i * n + i] = 1;
  let det = 1;
  let smallestPivot = Infinity;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r * n + c]!) > Math.abs(a[p * n + c]!)) p = r;
    const size = Math.abs(a[p * n + c]!);
    if (size === 0) return { inv: undefined, det: 0, smallestPivot: 0 };
    smallestPivot = Math.min(smallestPivot, size);
    if (p !== c) {
      swapRows(a, n, p, c);
      swapRows(b, n, p, c);
      det = -det;
    }
    const cn = c * n;
    const piv = a[cn + c]!;
    det = det * piv;
    for (let j = 0; j < n; j++) {
      a[cn + j] = a[cn + j]! / piv;
      b[cn + j] = b[cn + j]! / piv;
    }
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const rn = r * n;
      const f = a[rn + c]!;
      if (f === 0) continue;
      for (let j = 0; j < n; j++) {
        a[rn + j] = a[rn + j]! - f * a[cn + j]!;
        b[rn + j] = b[rn + j]! - f * b[cn + j]!;
      }
    }
  }
  return { inv: b, det, smallestPivot };
}

function copy(x: readonly number[]): number[] {
  const out = doubles(x.length);
  for (let k = 0; k < x.length; k++) out[k] = x[k]!;
  return out;
}

function swapRows(a: number[], n: number, p: number, c: number): void {
  for (let j = 0; j < n; j++) {
    const t = a[p * n + j]!;
    a[p * n + j] = a[c * n + j]!;
    a[c * n + j] = t;
  }
}

/** X₀ + X₁ + …, entry by entry, summed left to right */
export function sumKernel(xs: readonly (readonly number[])[]): number[] {
  const out = copy(xs[0]!);
  for (let i = 1; i < xs.length; i++) {
    const b = xs[i]!;
    for (let k = 0; k < out.length; k++) out[k] = out[k]! + b[k]!;
  }
  return out;
}

/** X₀ ∘ X₁ ∘ …, entry by entry, multiplied left to right */
export function hadamardKernel(xs: readonly (readonly number[])[]): number[] {
  const out = copy(xs[0]!);
  for (let i = 1; i < xs.length; i++) {
    const b = xs[i]!;
    for (let k = 0; k < out.length; k++) out[k] = out[k]! * b[k]!;
  }
  return out;
}

/** s·X */
export function scaleKernel(s: number, x: readonly number[]): number[] {
  const out = doubles(x.length);
  for (let k = 0; k < x.length; k++) out[k] = s * x[k]!;
  return out;
}

/** Σ xₖyₖ, from 0, in order */
export function dotKernel(x: readonly number[], y: readonly number[]): number {
  let s = 0;
  for (let k = 0; k < x.length; k++) s += x[k]! * y[k]!;
  return s;
}

/** Σ xₖ, from 0, in order */
export function totalKernel(x: readonly number[]): number {
  let s = 0;
  for (let k = 0; k < x.length; k++) s += x[k]!;
  return s;
}

/** Xᵀ for X rows×cols */
export function transposeKernel(x: readonly number[], rows: number, cols: number): number[] {
  const out = doubles(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = x[i * cols + j]!;
  return out;
}

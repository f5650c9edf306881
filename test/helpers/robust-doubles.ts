// Dense matrices in plain doubles for the random-expression tests (test/helpers/robust-expr.ts and
// test/helpers/robust-oracle.ts): the evaluator of their trees is our own, not matdiff's, so that
// the oracle of test/robust-property.test.ts never goes through matdiff's evaluator. Broadcasting
// follows matdiff's (a 1×1 side is spread over the other).

export type M = number[][];
export const build = (r: number, c: number, f: (i: number, j: number) => number): M => Array.from({ length: r }, (_, i) => Array.from({ length: c }, (_, j) => f(i, j)));
export const rows = (a: M) => a.length;
export const cols = (a: M) => a[0]!.length;
export const map = (a: M, f: (x: number) => number): M => a.map((row) => row.map(f));
export const zip = (a: M, b: M, f: (x: number, y: number) => number): M => {
  // a 1×1 side is broadcast (matdiff adds a scalar to every entry)
  if (rows(a) === 1 && cols(a) === 1 && (rows(b) !== 1 || cols(b) !== 1)) return map(b, (y) => f(a[0]![0]!, y));
  if (rows(b) === 1 && cols(b) === 1 && (rows(a) !== 1 || cols(a) !== 1)) return map(a, (x) => f(x, b[0]![0]!));
  if (rows(a) !== rows(b) || cols(a) !== cols(b)) throw new Error(`oracle: shapes ${rows(a)}×${cols(a)} and ${rows(b)}×${cols(b)}`);
  return a.map((row, i) => row.map((x, j) => f(x, b[i]![j]!)));
};
export const mul = (a: M, b: M): M => {
  if (rows(a) === 1 && cols(a) === 1 && rows(b) !== 1 && cols(a) !== rows(b)) return map(b, (y) => a[0]![0]! * y);
  if (rows(b) === 1 && cols(b) === 1 && cols(a) !== 1) return map(a, (x) => x * b[0]![0]!);
  if (cols(a) !== rows(b)) throw new Error(`oracle: product of ${rows(a)}×${cols(a)} and ${rows(b)}×${cols(b)}`);
  return build(rows(a), cols(b), (i, j) => {
    let s = 0;
    for (let k = 0; k < cols(a); k++) s += a[i]![k]! * b[k]![j]!;
    return s;
  });
};
export const sc = (x: number): M => [[x]];
export const sumAll = (a: M) => a.reduce((s, row) => s + row.reduce((t, x) => t + x, 0), 0);
export const eye = (n: number): M => build(n, n, (i, j) => (i === j ? 1 : 0));

/**
 * LU with partial pivoting: the determinant, whether the matrix is singular to working precision,
 * and the inverse (NaN when singular). "Singular" is deliberately wide, so the oracle keeps away
 * from nearly singular points (as from kinks): a pivot below 1e-13 of the largest entry, or a
 * determinant below 1e-8 of the largest entry to the n-th power (I + 1e9·K for a singular K).
 */
export function lu(a: M): { det: number; inv: M; singular: boolean } {
  const n = rows(a);
  const w = a.map((row, i) => [...row, ...eye(n)[i]!]);
  let det = 1;
  const scale = Math.max(...a.flat().map(Math.abs));
  let singular = scale === 0;
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(w[i]![k]!) > Math.abs(w[p]![k]!)) p = i;
    if (p !== k) {
      [w[p], w[k]] = [w[k]!, w[p]!];
      det = -det;
    }
    const piv = w[k]![k]!;
    det *= piv;
    if (Math.abs(piv) <= 1e-13 * scale) singular = true;
    if (piv === 0) continue;
    for (let j = 0; j < 2 * n; j++) w[k]![j]! /= piv;
    for (let i = 0; i < n; i++) {
      if (i === k) continue;
      const f = w[i]![k]!;
      if (f !== 0) for (let j = 0; j < 2 * n; j++) w[i]![j]! -= f * w[k]![j]!;
    }
  }
  if (!(Math.abs(det) >= 1e-8 * scale ** n)) singular = true;
  return { det, singular, inv: singular ? build(n, n, () => NaN) : w.map((row) => row.slice(n)) };
}

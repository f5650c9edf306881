// The float matrix kernels (src/numeric/matrix.ts: products, Gauss–Jordan inverse and
// determinant) against mathjs as an independent oracle, and the exact field against the float
// one. mathjs is a development dependency only: the engine has kernels of its own.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { det as mDet, inv as mInv, multiply as mMultiply } from 'mathjs';
import Fraction from 'fraction.js';
import { determinant, floatSingular, inverse, mat, matmul, type Mat } from '../src/numeric/matrix.js';
import { exactField, floatField, Undefined } from '../src/numeric/field.js';
import { Rand } from './helpers/numeric.js';

const rows = (m: Mat<number>): number[][] => Array.from({ length: m.rows }, (_, i) => m.data.slice(i * m.cols, (i + 1) * m.cols) as number[]);
const random = (r: number, c: number, rand: Rand): Mat<number> => mat(r, c, Array.from({ length: r * c }, () => rand.normal()));
function close(a: number[][], b: number[][], tol: number, what: string) {
  let scale = 1;
  for (const row of b) for (const x of row) scale = Math.max(scale, Math.abs(x));
  a.forEach((row, i) => row.forEach((x, j) => assert.ok(Math.abs(x - b[i]![j]!) <= tol * scale, `${what}[${i}][${j}]: ${x} vs mathjs ${b[i]![j]}`)));
}

test('matrix: float products equal mathjs multiply (vectors, rectangles, zeros)', () => {
  const rand = new Rand(11);
  for (const [n, p, m] of [[1, 1, 1], [3, 1, 4], [1, 5, 1], [4, 4, 4], [7, 3, 2], [2, 9, 6]] as const) {
    const a = random(n, p, rand);
    const b = random(p, m, rand);
    if (n === 4) (a.data as number[]).fill(0, 0, 4); // a zero row: the kernel skips zeros
    close(rows(matmul(floatField, a, b)), mMultiply(rows(a), rows(b)) as number[][], 1e-14, `${n}x${p} * ${p}x${m}`);
  }
});

test('matrix: float inverse and determinant equal mathjs inv and det', () => {
  const rand = new Rand(12);
  for (const n of [1, 2, 3, 5, 8]) {
    for (let k = 0; k < 5; k++) {
      const a = random(n, n, rand);
      close([[determinant(floatField, a)]], [[mDet(rows(a)) as number]], 1e-12, `det ${n}x${n}`);
      close(rows(inverse(floatField, a)), mInv(rows(a)) as number[][], 1e-9, `inv ${n}x${n}`);
    }
  }
  // a matrix that needs a row swap (zero pivot): the determinant changes sign
  const swap = mat(2, 2, [0, 1, 1, 0]);
  assert.is(determinant(floatField, swap), -1);
  assert.equal(rows(inverse(floatField, swap)), [[0, 1], [1, 0]]);
});

test('matrix: the exact field inverts exactly, and agrees with the float one', () => {
  const a = mat(3, 3, [2, 1, 0, 1, 3, 1, 0, 1, 4].map((x) => new Fraction(x)));
  const ai = inverse(exactField, a);
  const id = matmul(exactField, a, ai);
  id.data.forEach((x, k) => assert.ok(x.equals(k % 4 === 0 ? 1 : 0), `A·A⁻¹ entry ${k} is ${x.toFraction()}`));
  assert.is(determinant(exactField, a).toFraction(), '18');
  close(rows(inverse(floatField, mat(3, 3, a.data.map((x) => x.valueOf())))), rows(mat(3, 3, ai.data.map((x) => x.valueOf()))), 1e-14, 'float vs exact inverse');
});

test('matrix: singular matrices have no inverse in either field (x xᵀ, zeros)', () => {
  const x = [1.5, -2, 0.25];
  const outer = mat(3, 3, x.flatMap((a) => x.map((b) => a * b)));
  assert.throws(() => inverse(floatField, outer), (e: unknown) => e instanceof Undefined);
  assert.throws(() => inverse(floatField, mat(2, 2, [0, 0, 0, 0])), (e: unknown) => e instanceof Undefined);
  assert.throws(() => inverse(exactField, mat(2, 2, [1, 2, 2, 4].map((v) => new Fraction(v)))), (e: unknown) => e instanceof Undefined);
});

test('matrix: singular to working precision by the pivots, not the determinant (a 100×100 spd matrix is regular)', () => {
  const rand = new Rand(13);
  const n = 100;
  // B Bᵀ/n + I: symmetric positive definite, condition number below 10, determinant far below 1ⁿ·…
  const B = random(n, n, rand);
  const spd = mat(n, n, rows(matmul(floatField, B, mat(n, n, rows(B).flatMap((_, i) => rows(B).map((r) => r[i]!))))).flatMap((r, i) => r.map((x, j) => x / n + (i === j ? 1 : 0))));
  assert.is(floatSingular(spd), false);
  assert.ok(Number.isFinite(determinant(floatField, spd)));
  // rank-deficient at every size: x xᵀ, and a matrix with a repeated row
  for (const k of [2, 5, 30]) {
    const x = Array.from({ length: k }, () => rand.normal());
    assert.is(floatSingular(mat(k, k, x.flatMap((a) => x.map((b) => a * b)))), true, `x xᵀ at ${k}`);
  }
  const rep = random(6, 6, rand);
  (rep.data as number[]).splice(6, 6, ...rep.data.slice(0, 6));
  assert.is(floatSingular(rep), true, 'a repeated row');
  // a diagonal matrix with entries 1 and 1e-6 is regular; with 1e-12 it is singular to working precision
  assert.is(floatSingular(mat(2, 2, [1, 0, 0, 1e-6])), false);
  assert.is(floatSingular(mat(2, 2, [1, 0, 0, 1e-12])), true);
  assert.is(floatSingular(mat(2, 2, [Number.NaN, 0, 0, 1])), true);
});

test.run();

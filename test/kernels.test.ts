// The float kernels (src/numeric/kernels.ts) against the generic field code of
// src/numeric/matrix.ts and against mathjs, on random sizes: square and not, 1×1, 1×n and n×1.
// The generic code runs over `genericFloat`, doubles in a field whose kind is not 'float' (so
// matrix.ts takes none of its float branches): the kernels must give the same values to the bit,
// since they do the same double operations in the same order. mathjs is the independent oracle
// (to rounding). test/kernels-evaluate.test.ts checks the evaluator that uses them.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { add as mAdd, det as mDet, dotMultiply as mDotMultiply, inv as mInv, multiply as mMultiply, sum as mSum, transpose as mTranspose } from 'mathjs';
import Fraction from 'fraction.js';
import { dotKernel, gaussJordanKernel, hadamardKernel, matmulKernel, scaleKernel, sumKernel, totalKernel, transposeKernel } from '../src/numeric/kernels.js';
import { determinant, fill, floatSingular, inverse, map, mat, matmul, sumAll, transpose, zip, type Mat } from '../src/numeric/matrix.js';
import { floatField, type Field } from '../src/numeric/field.js';
import { Rand } from './helpers/numeric.js';

/** doubles through the generic code: the float field's operations under a kind matrix.ts does not special-case */
const genericFloat: Field<number> = { ...floatField, kind: 'bounded' };

const random = (r: number, c: number, rand: Rand, zeros = 0): Mat<number> => mat(r, c, Array.from({ length: r * c }, () => (rand.chance(zeros) ? 0 : rand.normal())));
const rows = (m: Mat<number>): number[][] => Array.from({ length: m.rows }, (_, i) => m.data.slice(i * m.cols, (i + 1) * m.cols) as number[]);

function sameBits(a: readonly number[], b: readonly number[], what: string): void {
  assert.is(a.length, b.length, `${what}: lengths`);
  for (let k = 0; k < a.length; k++) assert.ok(Object.is(a[k], b[k]), `${what}[${k}]: ${a[k]} vs ${b[k]}`);
}

function close(a: readonly number[], b: readonly number[], tol: number, what: string): void {
  assert.is(a.length, b.length, `${what}: lengths`);
  const scale = Math.max(1, ...b.map(Math.abs));
  for (let k = 0; k < a.length; k++) assert.ok(Math.abs(a[k]! - b[k]!) <= tol * scale, `${what}[${k}]: ${a[k]} vs mathjs ${b[k]}`);
}

/** (rows, inner, cols) of products: the edge shapes, then random ones up to 9 */
function productSizes(rand: Rand): [number, number, number][] {
  const edges: [number, number, number][] = [[1, 1, 1], [1, 7, 1], [7, 1, 7], [1, 5, 6], [6, 5, 1], [1, 1, 9], [9, 1, 1], [4, 4, 4], [3, 8, 5], [2, 3, 13]];
  for (let k = 0; k < 40; k++) edges.push([rand.int(1, 9), rand.int(1, 9), rand.int(1, 9)]);
  return edges;
}

test('kernels: the product equals the generic product bit for bit, and mathjs multiply', () => {
  const rand = new Rand(41);
  for (const [n, p, m] of productSizes(rand)) {
    // a fifth of A's entries 0: the kernel skips them, the generic code adds 0·b (the same, for finite b)
    const a = random(n, p, rand, 0.2);
    const b = random(p, m, rand);
    const what = `${n}x${p} * ${p}x${m}`;
    const C = matmulKernel(a.data, b.data, n, p, m);
    sameBits(C, matmul(genericFloat, a, b).data, what);
    sameBits(C, matmul(floatField, a, b).data, `${what} (floatField)`);
    close(C, (mMultiply(rows(a), rows(b)) as number[][]).flat(), 1e-14, what);
  }
});

test('kernels: the product of a zero entry and an infinite one is skipped, as before the kernels', () => {
  // A = [0 1], B = [∞; 2]: 0·∞ is NaN, and the product loop never forms it (the float path's rule)
  assert.equal(matmulKernel([0, 1], [Infinity, 2], 1, 2, 1), [2]);
});

test('kernels: Gauss–Jordan equals the generic elimination bit for bit, and mathjs inv and det', () => {
  const rand = new Rand(42);
  for (const n of [1, 1, 2, 2, 3, 3, 4, 5, 6, 7, 8, 11]) {
    const a = random(n, n, rand, n > 2 ? 0.15 : 0);
    const e = gaussJordanKernel(a.data, n);
    assert.ok(e.inv, `${n}x${n} has an inverse`);
    sameBits(e.inv!, inverse(genericFloat, a).data, `inv ${n}x${n}`);
    sameBits([e.det], [determinant(genericFloat, a)], `det ${n}x${n}`);
    sameBits(inverse(floatField, a).data, e.inv!, `inv ${n}x${n} (floatField)`);
    close(e.inv!, (mInv(rows(a)) as number[][]).flat(), 1e-9, `inv ${n}x${n}`);
    close([e.det], [mDet(rows(a)) as number], 1e-12, `det ${n}x${n}`);
  }
  // a zero pivot: rows swap and the determinant changes sign
  const swap = gaussJordanKernel([0, 1, 1, 0], 2);
  assert.equal(swap.inv, [0, 1, 1, 0]);
  assert.is(swap.det, -1);
});

test('kernels: singular matrices, exactly (no pivot) and to working precision (x xᵀ)', () => {
  const zero = gaussJordanKernel([0, 0, 0, 0], 2);
  assert.is(zero.inv, undefined);
  assert.is(zero.det, 0);
  assert.is(determinant(floatField, mat(2, 2, [0, 0, 0, 0])), 0);
  const x = [1.5, -2, 0.25];
  const outer = mat(3, 3, x.flatMap((a) => x.map((b) => a * b)));
  assert.ok(floatSingular(outer), 'x xᵀ is singular in doubles');
  assert.ok(!floatSingular(mat(2, 2, [2, 1, 1, 3])));
  // the generic elimination of the same matrix: the same determinant (rounding noise) to the bit
  sameBits([determinant(floatField, outer)], [determinant(genericFloat, outer)], 'det x xᵀ');
  // NaN and infinite entries count as singular
  assert.ok(floatSingular(mat(2, 2, [1, NaN, 0, 1])));
  assert.ok(floatSingular(mat(2, 2, [1, Infinity, 0, 1])));
});

test('kernels: sums, Hadamard products, scaling, Frobenius products and sums of entries', () => {
  const rand = new Rand(43);
  const shapes: [number, number][] = [[1, 1], [1, 8], [8, 1], [3, 5], [6, 6], [2, 17]];
  for (let k = 0; k < 20; k++) shapes.push([rand.int(1, 9), rand.int(1, 9)]);
  for (const [r, c] of shapes) {
    const xs = [random(r, c, rand), random(r, c, rand, 0.3), random(r, c, rand)];
    const what = `${r}x${c}`;
    const sum = sumKernel(xs.map((x) => x.data));
    sameBits(sum, xs.reduce((a, b) => zip(a, b, genericFloat.add)).data, `sum ${what}`);
    close(sum, (mAdd(mAdd(rows(xs[0]!), rows(xs[1]!)), rows(xs[2]!)) as number[][]).flat(), 1e-15, `sum ${what}`);
    const had = hadamardKernel(xs.map((x) => x.data));
    sameBits(had, xs.reduce((a, b) => zip(a, b, genericFloat.mul)).data, `Hadamard ${what}`);
    close(had, (mDotMultiply(mDotMultiply(rows(xs[0]!), rows(xs[1]!)), rows(xs[2]!)) as number[][]).flat(), 1e-15, `Hadamard ${what}`);
    const s = rand.normal();
    sameBits(scaleKernel(s, xs[0]!.data), map(xs[0]!, (x) => genericFloat.mul(s, x)).data, `scale ${what}`);
    const frob = zip(xs[0]!, xs[1]!, genericFloat.mul).data.reduce((a, b) => genericFloat.add(a, b), genericFloat.zero);
    sameBits([dotKernel(xs[0]!.data, xs[1]!.data)], [frob], `Frobenius ${what}`);
    close([dotKernel(xs[0]!.data, xs[1]!.data)], [mSum(mDotMultiply(rows(xs[0]!), rows(xs[1]!)) as number[][]) as number], 1e-13, `Frobenius ${what}`);
    sameBits([totalKernel(xs[2]!.data)], [sumAll(genericFloat, xs[2]!)], `sum of entries ${what}`);
    close([totalKernel(xs[2]!.data)], [mSum(rows(xs[2]!)) as number], 1e-13, `sum of entries ${what}`);
  }
  // one matrix alone: the sum and product of one term copy it
  sameBits(sumKernel([[1, -0, 2]]), [1, -0, 2], 'sum of one');
  sameBits(hadamardKernel([[1, -0, 2]]), [1, -0, 2], 'product of one');
});

test('kernels: transposes, and fill, map, zip and transpose alike over numbers and over fractions', () => {
  const rand = new Rand(44);
  for (const [r, c] of [[1, 1], [1, 6], [6, 1], [3, 5], [5, 3], [4, 4]] as const) {
    const a = random(r, c, rand);
    const t = transposeKernel(a.data, r, c);
    sameBits(t, (mTranspose(rows(a)) as number[][]).flat(), `transpose ${r}x${c}`);
    sameBits(transpose(a).data, t, `transpose ${r}x${c} (matrix.ts)`);
    // the same helpers over fractions (the generic loops) give the same values, in the same order of calls
    const ints = fill(r, c, (i, j) => i * 10 + j - 7);
    const fracs = fill(r, c, (i, j) => new Fraction(i * 10 + j - 7));
    assert.equal(transpose(fracs).data.map(Number), transpose(ints).data);
    assert.equal(map(fracs, (x) => x.mul(3)).data.map(Number), map(ints, (x) => x * 3).data);
    assert.equal(zip(fracs, fracs, (x, y) => x.add(y)).data.map(Number), zip(ints, ints, (x, y) => x + y).data);
    const calls: string[] = [];
    fill(r, c, (i, j) => (calls.push(`${i},${j}`), 0));
    assert.equal(calls, Array.from({ length: r * c }, (_, k) => `${Math.floor(k / c)},${k % c}`), 'fill calls f in row-major order, once each');
  }
  assert.equal(transpose(mat(0, 3, [])), mat(3, 0, []));
  assert.equal(fill(0, 4, () => 1), mat(0, 4, []));
});

test.run();

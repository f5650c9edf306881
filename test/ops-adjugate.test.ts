// The adjugate adj(X): its values in every field (exact, float, dual), at singular matrices too —
// worked by hand, at rank-deficient matrices, and adj(X)·X = X·adj(X) = det(X)·I at random ones.
// Split from test/ops.test.ts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from '../src/index.js';
import { type Term } from '../src/core/term.js';
import { evaluateTerm } from '../src/numeric/evaluate.js';
import { determinant, mat, matmul, type Mat } from '../src/numeric/matrix.js';
import { dualField, exactField, floatField, type Dual, type Field } from '../src/numeric/field.js';
import { Fraction } from '../src/core/fraction.js';
import { Rand } from './helpers/numeric.js';

// ---- the adjugate: values in every field, at singular matrices too -----------------------------

const fr = (rows: (number | string)[][]): Mat<Fraction> => mat(rows.length, rows[0]!.length, rows.flat().map((x) => new Fraction(x)));
const showExact = (m: Mat<Fraction>): string[][] => Array.from({ length: m.rows }, (_, i) => m.data.slice(i * m.cols, (i + 1) * m.cols).map((x) => x.toFraction()));
const adjTerm = (n: number): Term => parse('adj(X)', `X: ${n} x ${n}`);
/** adj(X) through the operator record (the evaluator), over any field */
const adjOf = <S>(F: Field<S>, X: Mat<S>): Mat<S> => evaluateTerm(adjTerm(X.rows), { vars: new Map([['X', X]]), sizes: new Map() }, F);

test('ops: adj of a 3×3 rational matrix is its transposed cofactors, worked by hand', () => {
  // X = [1/2 1 0; 0 2 1; 1 0 3]: cofactors C11 = 6, C12 = 1, C13 = −2, C21 = −3, C22 = 3/2,
  // C23 = 1, C31 = 1, C32 = −1/2, C33 = 1; det X = ½·6 + 1·1 = 4
  const X = fr([['1/2', 1, 0], [0, 2, 1], [1, 0, 3]]);
  assert.equal(showExact(adjOf(exactField, X)), [['6', '-3', '1'], ['1', '3/2', '-1/2'], ['-2', '1', '1']]);
  assert.equal(showExact(adjOf(exactField, fr([[7]]))), [['1']], 'the adjugate of a 1×1 matrix is 1');
});

test('ops: adj of singular matrices is non-zero and right: rank 1 (2×2) and rank n − 1 (3×3)', () => {
  // rank 1, 2×2: adj [a b; c d] = [d −b; −c a]
  assert.equal(showExact(adjOf(exactField, fr([[1, 2], [2, 4]]))), [['4', '-2'], ['-2', '1']]);
  // rank 2, 3×3 (det = 2·1 + 1·(−2) = 0 along the first row): cofactors by hand, adj = Cᵀ of rank 1
  const S = fr([[2, 0, 1], [1, 3, 2], [1, 1, 1]]);
  const want = [['1', '1', '-3'], ['1', '1', '-3'], ['-2', '-2', '6']];
  assert.equal(showExact(adjOf(exactField, S)), want);
  // in doubles the same (a singular matrix has no inverse, so det·inv cannot give it)
  const Sf = mat(3, 3, S.data.map((x) => x.valueOf()));
  adjOf(floatField, Sf).data.forEach((x, k) => assert.ok(Math.abs(x - Number(want.flat()[k])) < 1e-12, `float adj entry ${k}: ${x}`));
  // over dual numbers with a singular real part: the real part is adj(S), and the determinant's ε
  // part is Jacobi's tr(adj(S) B), which elimination alone (no pivot to divide by) would lose
  const B = fr([[1, -1, 2], [0, 3, 1], [2, 1, -1]]);
  const D: Mat<Dual> = mat(3, 3, S.data.map((a, k) => ({ a, b: B.data[k]! })));
  assert.equal(showExact(mat(3, 3, adjOf(dualField, D).data.map((d) => d.a))), want);
  const jacobi = matmul(exactField, fr(want), B);
  const trace = [0, 1, 2].reduce((s, i) => s.add(jacobi.data[4 * i]!), new Fraction(0));
  const dt = determinant(dualField, D);
  assert.ok(dt.a.equals(0) && dt.b.equals(trace), `det(S + εB) = ${dt.a.toFraction()} + ${dt.b.toFraction()}ε, want 0 + ${trace.toFraction()}ε`);
  assert.not.ok(trace.equals(0), 'the example has a non-zero ε part');
});

/** adj(X)·X = X·adj(X) = det(X)·I, compared with `same` */
function adjugateIdentity<S>(F: Field<S>, X: Mat<S>, same: (a: S, b: S) => boolean, what: string): void {
  const A = adjOf(F, X);
  const d = determinant(F, X);
  for (const P of [matmul(F, A, X), matmul(F, X, A)]) {
    P.data.forEach((x, k) => {
      const want = k % (X.rows + 1) === 0 ? d : F.zero;
      assert.ok(same(x, want), `${what}: adj(X)·X ≠ det(X)·I at entry ${k} (${X.rows}×${X.rows})`);
    });
  }
}

test('ops: adj(X)·X = X·adj(X) = det(X)·I for random X in every field, singular ones too', () => {
  const rand = new Rand(4242);
  const int = () => new Fraction(rand.int(-3, 3), rand.int(1, 2));
  for (let trial = 0; trial < 12; trial++) {
    const n = 1 + (trial % 5);
    const X = mat(n, n, Array.from({ length: n * n }, int));
    const V = mat(n, n, Array.from({ length: n * n }, int));
    adjugateIdentity(exactField, X, (a, b) => a.equals(b), 'exact');
    adjugateIdentity(dualField, mat(n, n, X.data.map((a, k) => ({ a, b: V.data[k]! }))), (a, b) => a.a.equals(b.a) && a.b.equals(b.b), 'dual');
    const Y = mat(n, n, Array.from({ length: n * n }, () => rand.normal()));
    const scale = Math.max(1, ...Y.data.map(Math.abs)) ** n;
    adjugateIdentity(floatField, Y, (a, b) => Math.abs(a - b) <= 1e-12 * scale, 'float');
    // rank n − 1: the last row is a combination of the others
    if (n >= 2) {
      const rows = Array.from({ length: n - 1 }, (_, i) => X.data.slice(i * n, (i + 1) * n));
      const last = rows[0]!.map((x, j) => x.mul(2).sub(rows[rows.length - 1]![j]!));
      const S = mat(n, n, [...rows.flat(), ...last]);
      adjugateIdentity(exactField, S, (a, b) => a.equals(b), 'exact, singular');
      adjugateIdentity(dualField, mat(n, n, S.data.map((a, k) => ({ a, b: V.data[k]! }))), (a, b) => a.a.equals(b.a) && a.b.equals(b.b), 'dual, singular real part');
    }
  }
  // above 8×8 the adjugate is det·inverse where X is invertible, cofactors where it is not
  for (const n of [9, 10]) {
    const Y = mat(n, n, Array.from({ length: n * n }, () => rand.normal()));
    adjugateIdentity(floatField, Y, (a, b) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(determinant(floatField, Y))), `float ${n}×${n}`);
    const X = mat(n, n, Array.from({ length: n * n }, () => new Fraction(rand.int(-2, 2))));
    const S = mat(n, n, [...X.data.slice(0, n * (n - 1)), ...X.data.slice(0, n)]);
    adjugateIdentity(exactField, X, (a, b) => a.equals(b), `exact ${n}×${n}`);
    adjugateIdentity(exactField, S, (a, b) => a.equals(b), `exact ${n}×${n}, singular`);
  }
});

test.run();

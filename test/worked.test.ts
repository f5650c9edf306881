// Worked gradients: a table of rows { source, expr, vars, wrt, expected }. Each `expected` is a
// closed form worked by hand from the cited source (Matrix Cookbook, Nov 15 2012 version, equation
// numbers; Magnus–Neudecker; standard machine-learning losses), written independently of what
// matdiff prints. For every row, at several random points:
//   (a) derive() succeeds and its own numeric check passed;
//   (b) the gradient has the shape of the variable;
//   (c) the derived gradient equals `expected` (relative error < 1e-8) and its text parses back;
//   (d) the derived gradient equals an independent oracle: central differences of f entry by entry
//       (test/helpers/numeric.ts), which does not use derive's check.
// The checks live in test/helpers/worked.ts (test/seeds.test.ts uses them too).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { derive } from '../src/index.js';
import { checkWorkedRow } from './helpers/worked.js';
import { evalAt } from './helpers/numeric.js';
import { WORKED } from './helpers/worked-table.js';

test('worked: the table has at least 45 rows, each with a source', () => {
  assert.ok(WORKED.length >= 45, `${WORKED.length} rows`);
  for (const r of WORKED) assert.ok(r.source.length > 5, r.expr);
});

for (const [index, row] of WORKED.entries()) {
  test(`worked ${index + 1}: ${row.source}`, () => {
    checkWorkedRow(row, 1000 * (index + 1));
  });
}

// ---- det gradients at singular points ------------------------------------------------------------
// The table's rows are checked at random points, where X is invertible almost surely. The gradient
// of det exists at every X, adj(X)ᵀ (Matrix Cookbook (41)); here the derived gradients are
// evaluated where the matrix under det is singular, and compared with central differences of f
// computed by this test alone (its own determinant by cofactor expansion, its own relu).

type Mx = number[][];
const minor = (A: Mx, i: number, j: number): Mx => A.filter((_, r) => r !== i).map((row) => row.filter((_, c) => c !== j));
const detOf = (A: Mx): number => (A.length === 1 ? A[0]![0]! : A[0]!.reduce((s, a, j) => s + (j % 2 ? -1 : 1) * a * detOf(minor(A, 0, j)), 0));
const reluOf = (A: Mx): Mx => A.map((row) => row.map((x) => Math.max(0, x)));
const mulOf = (A: Mx, B: Mx): Mx => A.map((row) => B[0]!.map((_, j) => row.reduce((s, a, k) => s + a * B[k]![j]!, 0)));
const tOf = (A: Mx): Mx => A[0]!.map((_, j) => A.map((row) => row[j]!));

/** ∂f/∂X entry by entry, (f(X + hE) − f(X − hE))/2h: f is a polynomial of degree ≤ 3·n here */
function centralDifferences(f: (X: Mx) => number, X: Mx, h = 1e-5): Mx {
  return X.map((row, i) =>
    row.map((_, j) => {
      const at = (t: number) => f(X.map((r, a) => r.map((x, b) => (a === i && b === j ? x + t : x))));
      return (at(h) - at(-h)) / (2 * h);
    }),
  );
}

const SINGULAR: { what: string; expr: string; vars: string; at: Record<string, Mx>; f: (v: Record<string, Mx>) => number; zero?: boolean }[] = [
  { what: 'det(X), X of rank 1 (2×2)', expr: 'det(X)', vars: 'X: n x n', at: { X: [[1, 2], [2, 4]] }, f: (v) => detOf(v.X!) },
  { what: 'det(X), X of rank 2 (3×3)', expr: 'det(X)', vars: 'X: n x n', at: { X: [[2, 0, 1], [1, 3, 2], [1, 1, 1]] }, f: (v) => detOf(v.X!) },
  { what: 'det(X), X of rank 1 (3×3): the gradient is 0', expr: 'det(X)', vars: 'X: n x n', at: { X: [[1, 2, 3], [2, 4, 6], [-1, -2, -3]] }, f: (v) => detOf(v.X!), zero: true },
  {
    what: 'det(relu(M)) + sum(M), relu(M) of rank 1 (2×2)',
    expr: 'det(relu(M)) + sum(M)',
    vars: 'M: 2 x 2',
    at: { M: [[1, -2], [3, -1]] },
    f: (v) => detOf(reluOf(v.M!)) + v.M!.flat().reduce((s, x) => s + x, 0),
  },
  {
    what: 'det(relu(M)), relu(M) of rank 2 (3×3, row 3 = row 1 + row 2)',
    expr: 'det(relu(M))',
    vars: 'M: n x n',
    at: { M: [[1, -1, 2], [2, 3, -4], [3, 3, 2]] },
    f: (v) => detOf(reluOf(v.M!)),
  },
  {
    what: 'det(A*X*B), X of rank 2 (3×3)',
    expr: 'det(A*X*B)',
    vars: 'A: n x n; X: n x n; B: n x n',
    at: { A: [[1, 2, 0], [0, 1, -1], [2, 0, 1]], X: [[2, 0, 1], [1, 3, 2], [1, 1, 1]], B: [[1, 0, 1], [-1, 2, 0], [0, 1, 3]] },
    f: (v) => detOf(mulOf(mulOf(v.A!, v.X!), v.B!)),
  },
  // det(XᵀX) = det(X)², whose gradient 2det(X)adj(X)ᵀ vanishes at singular X
  { what: "det(X'*X), X of rank 2 (3×3): the gradient is 0", expr: "det(X'*X)", vars: 'X: n x n', at: { X: [[2, 0, 1], [1, 3, 2], [1, 1, 1]] }, f: (v) => detOf(mulOf(tOf(v.X!), v.X!)), zero: true },
];

for (const row of SINGULAR) {
  test(`worked at a singular point: ${row.what}`, () => {
    const wrt = row.expr.includes('relu') ? 'M' : 'X';
    const d = derive(row.expr, { wrt, vars: row.vars });
    const g = d.byName(wrt)!;
    assert.ok(g.check?.ok, `check: ${JSON.stringify(g.check)}`);
    const sizes = new Map<string, number>();
    const G = evalAt(g.term, { sizes, values: row.at });
    const FD = centralDifferences((X) => row.f({ ...row.at, [wrt]: X }), row.at[wrt]!);
    const err = Math.max(...G.flat().map((x, k) => Math.abs(x - FD.flat()[k]!)));
    assert.ok(err < 1e-6, `∂f/∂${wrt} = ${g.text} at ${JSON.stringify(row.at[wrt])}: ${JSON.stringify(G)}, central differences ${JSON.stringify(FD)}`);
    // not vacuous: the gradient is non-zero where adj has rank 1
    if (!row.zero) assert.ok(Math.max(...G.flat().map(Math.abs)) > 0.5, `${g.text} is ~0 at the point`);
  });
}

test.run();

// Gradients through vec and kron: their adjoints (unvec, blocksum, blockfrob, src/ops/kronvec.ts)
// make every such gradient a closed form in matdiff syntax. Each row is derived, passes derive's
// own check, has the shape of its variable, agrees with an independent entrywise central-difference
// gradient at random points, and prints as text that parses back to the very same (interned) term.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { derive, parse, toLatex, toUnicode } from '../src/index.js';
import { evalAt, fdGradient, randomPoint, relDiff } from './helpers/numeric.js';

interface Row {
  readonly source: string;
  readonly expr: string;
  readonly vars: string;
  readonly wrt: string;
  /** the gradient as matdiff prints it, where the closed form is the point of the row */
  readonly expected?: string;
}

// The worked gradients with a source (Matrix Cookbook (105), Magnus–Neudecker ch. 2) are rows of
// the worked table (test/helpers/worked-table.ts); their printed forms are checked below.
const ROWS: Row[] = [
  { source: '∂tr(A ⊗ X)/∂A = tr(X) I', expr: 'tr(kron(A, X))', vars: 'A: p x p; X: n x n', wrt: 'A', expected: 'tr(X)*I(p)' },
  { source: '‖A ⊗ X‖² = ‖A‖²‖X‖², so ∂/∂X = 2(A : A)X', expr: 'norm2(kron(A, X))^2', vars: 'A: p x q; X: n x m', wrt: 'X', expected: '2*(A : A)*X' },
  { source: '‖A ⊗ X‖², ∂/∂A = 2(X : X)A', expr: 'norm2(kron(A, X))^2', vars: 'A: p x q; X: n x m', wrt: 'A', expected: '2*(X : X)*A' },
  { source: 'vec(X)ᵀ M vec(X): the gradient is unvec((M + Mᵀ)vec(X), n)', expr: "vec(X)'*M*vec(X)", vars: 'X: n x m; M: m*n x m*n', wrt: 'X' },
  { source: 'vec(X)ᵀ M vec(X), ∂/∂M = vec(X)vec(X)ᵀ', expr: "vec(X)'*M*vec(X)", vars: 'X: n x m; M: m*n x m*n', wrt: 'M', expected: "vec(X)*vec(X)'" },
  { source: 'tr((A ⊗ X)B): a general cotangent, blocksum(Bᵀ, A)', expr: 'tr(kron(A, X)*B)', vars: 'A: p x q; X: n x m; B: m*q x n*p', wrt: 'X', expected: "blocksum(B', A)" },
  { source: 'tr((X ⊗ A)B): a general cotangent, blockfrob(Bᵀ, A)', expr: 'tr(kron(X, A)*B)', vars: 'A: p x q; X: n x m; B: m*q x n*p', wrt: 'X', expected: "blockfrob(B', A)" },
  { source: 'kron of a matrix with itself: both adjoints meet', expr: 'sum(kron(X, X) .* C)', vars: 'X: n x m; C: n*n x m*m', wrt: 'X' },
  { source: '‖vec(X) − y‖² through a sigmoid', expr: "s = sigmoid(vec(W*X)); E = 1/2*(s - y):(s - y)", vars: 'W: n x k; X: k x m; y: m*n', wrt: 'W' },
  { source: 'unvec in the input: ‖unvec(Mv, n) − T‖²', expr: 'norm2(unvec(M*v, n) - T)^2', vars: 'v: k; M: m*n x k; T: n x m', wrt: 'M' },
  { source: 'blocksum and blockfrob in the input', expr: 'sum(blocksum(C, A) .* B) + norm2(blockfrob(C, B))^2', vars: 'C: n*p x m*q; A: p x q; B: n x m', wrt: 'C' },
  { source: 'blocksum in the input, w.r.t. its weights', expr: 'sum(blocksum(C, A) .* B) + norm2(blockfrob(C, B))^2', vars: 'C: n*p x m*q; A: p x q; B: n x m', wrt: 'A' },
  { source: 'blockfrob in the input, w.r.t. its block', expr: 'sum(blocksum(C, A) .* B) + norm2(blockfrob(C, B))^2', vars: 'C: n*p x m*q; A: p x q; B: n x m', wrt: 'B' },
];

for (const [k, row] of ROWS.entries()) {
  test(`${row.source}: ∂/∂${row.wrt} of ${row.expr}`, () => {
    const d = derive(row.expr, { wrt: row.wrt, vars: row.vars });
    const g = d.gradient;
    assert.ok(g.check?.ok, `derive's check: ${g.check?.failure}`);
    const f = parse(row.expr, row.vars);
    const x = [...d.elaborated.vars.values()].find((v) => v.name === row.wrt)!;
    assert.equal(g.term.shape, x.shape, 'the gradient has the shape of the variable');
    if (row.expected !== undefined) assert.is(String(g), row.expected);
    // independent of the engine's check: every entry by central differences
    for (const seed of [1, 2, 3]) {
      const p = randomPoint(f, 7000 + 100 * k + seed);
      const G = evalAt(g.term, p);
      const FD = fdGradient(f, row.wrt, p);
      assert.ok(relDiff(G, FD) < 1e-6, `seed ${seed}: ${JSON.stringify(G)} vs finite differences ${JSON.stringify(FD)}`);
    }
    // printing round-trips: what matdiff prints is matdiff input for the same term
    assert.ok(parse(String(g), row.vars) === g.term, `${String(g)} does not parse back to the gradient`);
    assert.ok(toUnicode(g.term).length > 0 && toLatex(g.term).length > 0);
  });
}

test('the three gradients of the issue no longer throw', () => {
  // (declared: the elaborator cannot yet unify products of two unknown dimensions, vec(X) vs vec(A))
  assert.is(String(derive("vec(X)'*vec(A)", { wrt: 'X', vars: 'X: n x m; A: n x m' }).gradient), 'A');
  assert.is(String(derive('tr(kron(A, X))', { wrt: 'X', vars: 'A: p x p; X: n x n' }).gradient), 'tr(A)*I(n)');
  assert.is(String(derive("vec(Y)'*kron(B', A)*vec(X)", { wrt: 'X', vars: 'Y: n x q; B: m x q; A: n x k; X: k x m' }).gradient), "A'*Y*B'");
});

test('unvec, blocksum, blockfrob print in each style and parse back', () => {
  const vars = 'v: m*n; C: n*p x m*q; A: p x q; B: n x m';
  for (const src of ['unvec(v, n)', 'blocksum(C, A)', 'blockfrob(C, B)', 'unvec(v, m)', "unvec(vec(kron(A, B)), n*p)'"]) {
    const t = parse(src, vars);
    assert.ok(parse(String(t), vars) === t, `${src} → ${String(t)}`);
  }
  const t = parse('unvec(v, n)', vars);
  assert.equal(t.shape, { rows: 'n', cols: 'm' });
  assert.equal(parse('unvec(v, m)', vars).shape, { rows: 'm', cols: 'n' });
  assert.is(toUnicode(t), 'unvec(v, n)');
  assert.is(toLatex(t), '\\operatorname{unvec}_{n}\\left(v\\right)');
  assert.equal(parse('blocksum(C, A)', vars).shape, { rows: 'n', cols: 'm' });
  assert.equal(parse('blockfrob(C, B)', vars).shape, { rows: 'p', cols: 'q' });
});

test('unvec, blocksum, blockfrob evaluate as defined (by hand)', () => {
  // v = (1..6), unvec(v, 2) = [1 3 5; 2 4 6]
  const v = [[1], [2], [3], [4], [5], [6]];
  assert.equal(evalAt(parse('unvec(v, 2)', 'v: 6'), { sizes: new Map(), values: { v } }), [[1, 3, 5], [2, 4, 6]]);
  // C 4×4 in 2×2 blocks; A = [1 2; 3 4]: blocksum = C11 + 2 C12 + 3 C21 + 4 C22
  const C = [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12], [13, 14, 15, 16]];
  const A = [[1, 2], [3, 4]];
  const B = [[1, 0], [0, -1]];
  const pt = { sizes: new Map(), values: { C, A, B } };
  assert.equal(evalAt(parse('blocksum(C, A)', 'C: 4 x 4; A: 2 x 2'), pt), [[1 + 2 * 3 + 3 * 9 + 4 * 11, 2 + 2 * 4 + 3 * 10 + 4 * 12], [5 + 2 * 7 + 3 * 13 + 4 * 15, 6 + 2 * 8 + 3 * 14 + 4 * 16]]);
  // blockfrob with B = Diag(1, -1): each block's (1,1) minus its (2,2) entry
  assert.equal(evalAt(parse('blockfrob(C, B)', 'C: 4 x 4; B: 2 x 2'), pt), [[1 - 6, 3 - 8], [9 - 14, 11 - 16]]);
});

test('shape errors name the operator and the shapes', () => {
  assert.throws(() => parse('blocksum(C, A)', 'C: n x m; A: p x q'), /blocksum.*multiples/);
  assert.throws(() => parse('unvec(v, k)', 'v: m*n'), /unvec/);
  assert.throws(() => parse('unvec(v, x+1)', 'v: m*n'), /dimension/);
});

test.run();

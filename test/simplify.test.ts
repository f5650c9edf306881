// The canonical form (src/simplify/canon.ts) on terms typed directly: each row is a term and the
// text its canonical form prints as. Rules are general (any constant vector, any product), so
// the rows vary the context a rule fires in, and say where it must not fire.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { derive, parse, toText } from '../src/index.js';
import { canon } from '../src/simplify/canon.js';

const VARS = 'A: m x n; B: n x k; C: n x n; x: n; r: 1 x n; v: n; a: scalar; c: 1 x 1';

const CANON: { input: string; expected: string }[] = [
  // Diag of a constant vector is a multiple of the identity
  { input: 'Diag(ones(n))', expected: 'I(n)' },
  { input: 'Diag(ones(1,n))', expected: 'I(n)' },
  { input: 'Diag(2*ones(n))', expected: '2*I(n)' },
  { input: 'Diag(a*ones(n))', expected: 'a*I(n)' },
  { input: 'Diag(-ones(n)/3)', expected: '-1/3*I(n)' },
  // … and the identity disappears from products, wherever it stands
  { input: 'A*Diag(ones(n))', expected: 'A' },
  { input: 'Diag(ones(m))*A', expected: 'A' },
  { input: 'A*Diag(ones(n))*B', expected: 'A*B' },
  { input: "x'*Diag(ones(n))*x", expected: "x'*x" },
  { input: 'A*Diag(2*ones(n))*B', expected: '2*A*B' },
  { input: 'C*Diag(a*ones(n))', expected: 'a*C' },
  // the identity's diagonal is the ones vector
  { input: 'diag(I(n))', expected: 'ones(n)' },
  { input: 'diag(Diag(ones(n)))', expected: 'ones(n)' },
  // a 1×1 Diag is its entry
  { input: 'Diag(c)', expected: 'c' },
  // not constant: Diag stays
  { input: 'Diag(v)', expected: 'Diag(v)' },
  { input: 'A*Diag(v)*B', expected: 'A*Diag(v)*B' },
  { input: 'Diag(v + ones(n))', expected: 'Diag(ones(n) + v)' },
  { input: 'Diag(r)', expected: 'Diag(r)' },
  // adjacent powers of one square matrix add their exponents
  { input: 'C*C', expected: 'C^2' },
  { input: "C'*C'*C'", expected: "C'^3" },
  { input: 'C^2*C^-1', expected: 'C' },
  { input: 'A*C*C*B', expected: 'A*C^2*B' },
  { input: "C*C' + C*C", expected: "C*C' + C^2" },
  { input: 'inv(C)*C*B', expected: 'B' },
  { input: 'inv(C)*inv(C)', expected: 'inv(C)^2' },
  // the diagonal of an outer product is a Hadamard product (diag.outer)
  { input: "diag(x*v')", expected: 'v .* x' },
  { input: "diag(2*x*r)", expected: "2*(r' .* x)" },
  { input: "diag(C*C')", expected: "diag(C*C')" },
  // the adjugate and det·inverse (adjugate.definition): det(C)·C⁻¹ is adj(C), defined for singular
  // C too; adj(C)/det(C) is C⁻¹, defined exactly where the left side is
  { input: 'det(C)*inv(C)', expected: 'adj(C)' },
  { input: "det(C)*inv(C)'", expected: "adj(C)'" },
  { input: "2*det(C)^2*inv(C)'", expected: "2*det(C)*adj(C)'" },
  { input: "adj(C)'/det(C)", expected: "inv(C)'" },
  { input: 'a*adj(C)/det(C)^2', expected: '(a/det(C))*inv(C)' },
  { input: 'adj(inv(C))', expected: 'det(inv(C))*C' },
  { input: 'adj(I(n))', expected: 'I(n)' },
  { input: 'adj(c)', expected: '1' },
  // … and not elsewhere: another matrix's determinant, a product, the other power
  { input: 'det(C)*adj(C)', expected: 'det(C)*adj(C)' },
  { input: 'inv(C)/det(C)', expected: 'inv(C)/det(C)' },
  { input: "det(C')*inv(C)", expected: "det(C')*inv(C)" },
  { input: 'det(C)*inv(C)*B', expected: 'det(C)*inv(C)*B' },
  // Cᵀ·C⁻ᵀ = I: the transpose of an inverse stays outside, and still cancels
  { input: "C'*inv(C)'", expected: 'I(n)' },
  { input: "inv(C)'*C'*inv(C)'*B", expected: "inv(C)'*B" },
  { input: "inv(C)'*inv(C)'", expected: "inv(C)'^2" },
  // the trace of a literal identity or ones matrix is its size
  { input: 'tr(I(3))', expected: '3' },
  { input: 'tr(ones(2,2))', expected: '2' },
  { input: 'tr(I(n))', expected: 'tr(I(n))' },
];

for (const row of CANON) {
  test(`canon: ${row.input} is ${row.expected}`, () => {
    const got = canon(parse(row.input, VARS));
    assert.is(toText(got), row.expected);
    // the printed form is canonical too: it parses back to a fixed point of canon
    assert.ok(canon(parse(toText(got), VARS)) === got, `${toText(got)} is not a fixed point`);
  });
}

// gradients whose identification produces Diag(1) (the adjoint of diag is Diag), each with the
// printed result and the numeric check passing
const GRADIENTS: { expr: string; wrt: string; vars?: string; expected: string }[] = [
  { expr: 'sum(diag(A*X))', wrt: 'X', expected: "A'" },
  { expr: 'sum(diag(A*X))', wrt: 'X', vars: 'A: n x n; X: n x n', expected: "A'" },
  { expr: 'sum(diag(A*X*B))', wrt: 'X', vars: 'A: n x m; X: m x k; B: k x n', expected: "A'*B'" },
  { expr: '3*sum(diag(X))', wrt: 'X', vars: 'X: n x n', expected: '3*I(n)' },
  { expr: 'ones(n)\'*diag(X*A)', wrt: 'X', vars: 'X: n x m; A: m x n', expected: "A'" },
  // like terms meet once X·X is X²: ∂tr(X³)/∂X = 3(X²)ᵀ
  { expr: 'tr(X^3)', wrt: 'X', expected: "3*X'^2" },
  { expr: 'tr(X*X*X)', wrt: 'X', expected: "3*X'^2" },
  { expr: "x'*Diag(x)*x", wrt: 'x', expected: '3*x.^2' },
  // determinants: the gradient is the adjugate (Matrix Cookbook (41)), log det's reads X⁻ᵀ
  { expr: 'det(X)', wrt: 'X', vars: 'X: n x n', expected: "adj(X)'" },
  { expr: 'det(X)^2', wrt: 'X', vars: 'X: n x n', expected: "2*det(X)*adj(X)'" },
  { expr: 'log(det(X))', wrt: 'X', vars: 'X: n x n', expected: "inv(X)'" },
  { expr: 'det(inv(X))', wrt: 'X', vars: 'X: n x n', expected: "-det(inv(X))*inv(X)'" },
  { expr: 'det(X)*logdet(X)', wrt: 'X', vars: 'X: n x n spd', expected: '(1 + logdet(X))*adj(X)' },
  { expr: 'sum(adj(X))', wrt: 'X', vars: 'X: 2 x 2', expected: '2*I(2) - ones(2,2)' },
];

for (const row of GRADIENTS) {
  test(`canon: the gradient of ${row.expr} (wrt ${row.wrt}) is ${row.expected}, checked`, () => {
    const g = derive(row.expr, { wrt: row.wrt, vars: row.vars ?? '' }).gradient;
    assert.is(g.text, row.expected);
    assert.ok(g.check?.ok, `check: ${g.check?.failure}`);
  });
}

test.run();

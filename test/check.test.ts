// The numeric check (src/check/check.ts) judged on claimed gradients, right and wrong: it passes a
// gradient that is zero (whose finite difference is pure rounding noise) and still fails every
// wrong one of ordinary functions, of huge or tiny values, or with a large constant part; where
// no point can be checked (f or the gradient undefined everywhere) it says so, not a bare FAILED.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { derive, parse } from '../src/index.js';
import { checkGradient } from '../src/check/check.js';
import { MatdiffError } from '../src/errors.js';

/** check the claim `grad` (matdiff syntax, read with the function's declarations) for ∂f/∂wrt */
function judge(expr: string, wrt: string, vars: string, grad: string) {
  const d = derive(expr, { wrt, vars, check: false });
  return checkGradient(d.fn, wrt, parse(grad, vars), d.elaborated.vars, {});
}

// rows: a function, its true gradient, and wrong gradients a person could write
const ROWS: { expr: string; wrt: string; vars: string; right: string; wrong: string[] }[] = [
  // ordinary functions (float: not rational)
  { expr: 'sum(exp(W*x))', wrt: 'W', vars: 'W: n x m; x: m', right: "exp(W*x)*x'", wrong: ["2*exp(W*x)*x'", "exp(W*x)*x' + ones(n)*x'"] },
  { expr: 'sum(sigmoid(A*X))', wrt: 'X', vars: 'A: n x n; X: n x n', right: "A'*(sigmoid(A*X) - sigmoid(A*X).^2)", wrong: ["(A'*(sigmoid(A*X) - sigmoid(A*X).^2))'", "2*A'*(sigmoid(A*X) - sigmoid(A*X).^2)", "(sigmoid(A*X) - sigmoid(A*X).^2)*A'"] },
  { expr: 'logdet(X)', wrt: 'X', vars: 'X: n x n', right: "inv(X)'", wrong: ['inv(X)', "2*inv(X)'"] },
  { expr: "a = tanh(W*x); E = a:a", wrt: 'W', vars: 'W: n x m; x: m', right: "2*((ones(n) - tanh(W*x).^2) .* tanh(W*x))*x'", wrong: ["2*tanh(W*x)*x'", "((ones(n) - tanh(W*x).^2) .* tanh(W*x))*x'"] },
  // huge values: exp(exp(x)) reaches e^20 and more; its gradient is as large
  { expr: 'sum(exp(exp(x)))', wrt: 'x', vars: 'x: n', right: 'exp(exp(x)) .* exp(x)', wrong: ['exp(exp(x))', '2*exp(exp(x)) .* exp(x)', 'exp(exp(x)) .* exp(x) + 1e-3*exp(exp(x))'] },
  { expr: 'sum(exp(exp(exp(x))))', wrt: 'x', vars: 'x: n', right: 'exp(exp(exp(x))) .* exp(exp(x)) .* exp(x)', wrong: ['exp(exp(exp(x))) .* exp(exp(x))', '1.001*exp(exp(exp(x))) .* exp(exp(x)) .* exp(x)'] },
  // a large constant part: f ≈ 5e8 while its gradient is ≈ 1; the difference is mostly rounding
  { expr: 'exp(20) + sum(exp(x))', wrt: 'x', vars: 'x: n', right: 'exp(x)', wrong: ['2*exp(x)', 'exp(x) + x'] },
  { expr: 'exp(25)*(1 + 1e-9*sum(sin(x)))', wrt: 'x', vars: 'x: n', right: 'exp(25)*1e-9*cos(x)', wrong: ['exp(25)*2e-9*cos(x)', 'exp(25)*1e-9*sin(x)'] },
  // tiny values: f ≈ 1e-12, so a wrong gradient is ≈ 1e-12 off and must still be seen
  { expr: '1e-12*sum(exp(x))', wrt: 'x', vars: 'x: n', right: '1e-12*exp(x)', wrong: ['2e-12*exp(x)', 'zeros(n)', '1e-12*exp(x) + 1e-15*x'] },
];

for (const row of ROWS) {
  test(`check: ∂(${row.expr})/∂${row.wrt} = ${row.right} passes`, () => {
    const r = judge(row.expr, row.wrt, row.vars, row.right);
    assert.is(r.method, 'float');
    assert.ok(r.ok, r.failure);
    assert.ok(r.trials >= 4);
  });
  for (const wrong of row.wrong) {
    test(`check: ∂(${row.expr})/∂${row.wrt} = ${wrong} (wrong) fails`, () => {
      const r = judge(row.expr, row.wrt, row.vars, wrong);
      assert.is(r.ok, false, `a wrong gradient passed: max relative error ${r.maxRelError}`);
      assert.match(r.failure ?? '', /relative error/);
    });
  }
}

test('check: the engine\'s own gradient of each row agrees with the row', () => {
  for (const row of ROWS) {
    const g = derive(row.expr, { wrt: row.wrt, vars: row.vars }).gradient;
    assert.ok(g.check?.ok, `${row.expr}: ${g.check?.failure}`);
  }
});

// ---- a gradient that is zero: the difference is rounding noise of f's values --------------------

const KRON = { expr: 'sum(kron(V, softmax(y) + 9))', vars: 'V: n x m; y: k' };

test('check: sum(kron(V, softmax(y) + 9)) does not depend on y (softmax sums to 1): the gradient is 0, checked', () => {
  const g = derive(KRON.expr, { wrt: 'y', vars: KRON.vars }).gradient;
  assert.is(g.text, 'zeros(k)');
  assert.is(g.check?.method, 'float');
  assert.ok(g.check?.ok, g.check?.failure);
  // decided at the rounding level of f, and that level is reported
  assert.ok(g.check!.roundingFloor! > 0 && g.check!.roundingFloor! < 1e-6, String(g.check!.roundingFloor));
});

test('check: the same zero written without sum(softmax(y)) = 1 passes too, and a non-zero claim fails', () => {
  assert.ok(judge(KRON.expr, 'y', KRON.vars, '(sum(V) - sum(V)*sum(softmax(y)))*softmax(y)').ok);
  assert.ok(judge(KRON.expr, 'y', KRON.vars, 'zeros(k)').ok);
  // each wrong claim is small next to f (≈ 10·sum(V)·k) but far above the rounding of f
  for (const wrong of ['sum(V)*softmax(y)', '1e-6*ones(k)', '1e-4*y', 'sum(V)*(softmax(y) - softmax(y).^2)']) {
    const r = judge(KRON.expr, 'y', KRON.vars, wrong);
    assert.is(r.ok, false, `${wrong} passed`);
  }
});

test('check: a zero gradient of a function with huge values passes, a small non-zero claim fails', () => {
  const expr = 'exp(30)*sum(softmax(y))';
  assert.ok(judge(expr, 'y', 'y: k', 'zeros(k)').ok);
  assert.is(judge(expr, 'y', 'y: k', 'exp(30)*1e-6*softmax(y)').ok, false);
});

// ---- no point can be checked ------------------------------------------------------------------

function checkError(expr: string, vars = ''): MatdiffError {
  try {
    derive(expr, { wrt: 'x', vars });
  } catch (e) {
    if (e instanceof MatdiffError) return e;
    throw e;
  }
  throw new Error(`${expr}: derive did not throw`);
}

test('check: logdet(x*x\') is undefined everywhere (n ≥ 2): an explicit "cannot check", not a bare FAILED', () => {
  const e = checkError("logdet(x*x')");
  assert.is(e.kind, 'check');
  assert.match(e.message, /cannot check ∂f\/∂x: the function has no value in doubles at any point tried \(n = 2, 3, 4\)/);
  assert.match(e.message, /logdet\(x\*x'\): logdet of a singular matrix/);
});

test('check: sum(adj(x*y\')) is defined, but its gradient by the rule for invertible X needs inv(x*y\'): said so, not shown as a gradient', () => {
  const e = checkError("sum(adj(x*y'))");
  assert.is(e.kind, 'check');
  assert.match(e.message, /cannot check ∂f\/∂x = .*inv\(x\*y'\).*: the function is defined but this formula is undefined at every point tried/);
  assert.match(e.message, /inv\(x\*y'\): singular matrix; it is not the gradient there/);
  assert.match(e.hint ?? '', /singular/);
});

test('check: det(x*y\') for 1×1 x and y is x*y, whose gradient y is printed and checked exactly', () => {
  const g = derive("det(x*y')", { wrt: 'x', vars: 'x: 1; y: 1' }).gradient;
  assert.is(g.text, 'y');
  assert.is(g.check?.method, 'exact');
  assert.ok(g.check?.ok);
});

test('check: a function that overflows doubles everywhere says so', () => {
  const e = checkError('exp(1000 + sum(x))', 'x: n');
  assert.match(e.message, /no value in doubles at any point tried.*overflows doubles/);
});

test('check: where f is singular only at some points (logdet(X\'*X) for X: n x m) the others are checked', () => {
  const g = derive("logdet(X'*X)", { wrt: 'X', vars: 'X: n x m' }).gradient;
  assert.is(g.text, "2*X*inv(X'*X)");
  assert.ok(g.check?.ok, g.check?.failure);
});

test.run();

// Jacobians by the first identification theorem (src/engine/jacobian.ts, linear-map.ts), against an
// independent oracle: central differences of the function's own values, entry by entry of vec X
// (columns stacked), compared with the printed Jacobian parsed back and evaluated. The printed
// forms are the ones a person writes (softmax: Diag(p) - p*p', A*X*B: kron(B', A)).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { jacobian, parse } from '../src/index.js';
import { randomPoint, evalAt, relError, type Matrix, type Point } from './helpers/numeric.js';
import type { Term } from '../src/core/term.js';
import { declsOf } from './helpers/decls.js';
import { JACOBIANS, HESSIANS, spdValues } from './helpers/jacobian-table.js';

/** vec of a matrix: columns stacked */
const vec = (m: Matrix): number[] => m[0]!.flatMap((_, j) => m.map((row) => row[j]!));

/** ∂ vec F/∂(vec X)ᵀ by central differences of F's values */
function fdJacobian(f: Term, x: string, p: Point, h = 1e-5): Matrix {
  const X = p.values[x]!;
  const r = X.length;
  const n = r * X[0]!.length;
  const cols: number[][] = [];
  for (let j = 0; j < n; j++) {
    const at = (s: number) => {
      const Xs = X.map((row) => [...row]);
      Xs[j % r]![Math.floor(j / r)]! += s;
      return vec(evalAt(f, { sizes: p.sizes, values: { ...p.values, [x]: Xs } }));
    };
    const plus = at(h);
    const minus = at(-h);
    cols.push(plus.map((v, i) => (v - minus[i]!) / (2 * h)));
  }
  return cols[0]!.map((_, i) => cols.map((c) => c[i]!));
}

for (const c of JACOBIANS) {
  test(`jacobian: ${c.expr} wrt ${c.wrt} is ${c.pretty}, and agrees with central differences`, () => {
    const r = jacobian(c.expr, { wrt: c.wrt, vars: c.vars });
    assert.equal(r.pretty().expr, c.pretty);
    assert.equal(r.form, c.form);
    assert.ok(r.check?.ok, 'checked');
    // the printed text, parsed back in the (cut) function's own variables, against the oracle
    const f = parse(r.source, declsOf(r.fn));
    const J = parse(r.text, declsOf(r.fn));
    for (let seed = 1; seed <= 3; seed++) {
      const r0 = randomPoint([f, J], seed, { lo: 2, hi: 4, positive: c.positive });
      const p = { sizes: r0.sizes, values: spdValues(r0.values, c.spd) };
      const fd = fdJacobian(f, c.wrt, p);
      const got = evalAt(J, p);
      assert.ok(relError(got, fd) < 1e-6, `seed ${seed}: relative error ${relError(got, fd)}`);
    }
  });
}

test('jacobian: the table holds at least 40 Jacobians and Hessians, each with its source', () => {
  assert.ok(JACOBIANS.length + HESSIANS.length >= 40, `${JACOBIANS.length + HESSIANS.length} rows`);
  for (const c of [...JACOBIANS, ...HESSIANS]) assert.ok(c.source.length > 5, c.expr);
});

test('jacobian: the denominator layout is the transpose, and each says which it is', () => {
  const n = jacobian('sigmoid(W*x)', { wrt: 'x', vars: 'W: n x m; x: m' });
  const d = jacobian('sigmoid(W*x)', { wrt: 'x', vars: 'W: n x m; x: m', layout: 'denominator' });
  assert.equal([n.shape.rows, n.shape.cols], ['n', 'm']);
  assert.equal([d.shape.rows, d.shape.cols], ['m', 'n']);
  assert.equal(d.pretty().expr, "W'*Diag(s - s.^2)");
  assert.match(n.layoutSentence, /numerator layout: J\[i, j\] = ∂fᵢ\/∂xⱼ/);
  assert.match(n.layoutSentence, /transpose/);
  assert.match(d.layoutSentence, /denominator layout/);
  assert.ok(d.check?.ok);
});

test('jacobian: the action form dF = L(dX) is given beside every Jacobian', () => {
  const r = jacobian('A*X*B', { wrt: 'X', vars: 'A: p x n; X: n x m; B: m x q' });
  assert.equal(`${r.action.lhs} = ${r.action.term.text}`, 'df = A*dX*B');
  assert.match(r.layoutSentence, /vec stacks the columns/);
});

test('jacobian: an intermediate is a cut in the graph (h below is held fixed)', () => {
  const r = jacobian('h = tanh(W*x); y = sigmoid(V*h)', { wrt: 'h', vars: 'W: n x m; x: m; V: k x n' });
  assert.equal(r.pretty().expr, 'Diag(s - s.^2)*V');
  assert.equal(r.source, 'y = sigmoid(V*h)');
});
test.run();

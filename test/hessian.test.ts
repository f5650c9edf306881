// Hessians (src/engine/jacobian.ts: the Jacobian of the gradient, by the second identification
// theorem) against an independent oracle: second central differences of the function's own
// values, H[i, j] ≈ (f(x + h eᵢ + h eⱼ) − f(x + h eᵢ − h eⱼ) − f(x − h eᵢ + h eⱼ) + f(x − h eᵢ − h eⱼ))/4h²
// over the entries of vec X. The printed forms are the textbook ones (A + A', X'*Diag(s - s.^2)*X,
// Diag(p) - p*p', kron(I(q), A + A')).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hessian, parse } from '../src/index.js';
import { randomPoint, evalAt, scalarAt, type Matrix, type Point } from './helpers/numeric.js';
import type { Term } from '../src/core/term.js';
import { declsOf } from './helpers/decls.js';
import { HESSIANS, spdValues } from './helpers/jacobian-table.js';

function fdHessian(f: Term, x: string, p: Point, h = 1e-4): Matrix {
  const X = p.values[x]!;
  const r = X.length;
  const n = r * X[0]!.length;
  const at = (steps: [number, number][]) => {
    const Xs = X.map((row) => [...row]);
    for (const [j, s] of steps) Xs[j % r]![Math.floor(j / r)]! += s;
    return scalarAt(f, { sizes: p.sizes, values: { ...p.values, [x]: Xs } });
  };
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => (at([[i, h], [j, h]]) - at([[i, h], [j, -h]]) - at([[i, -h], [j, h]]) + at([[i, -h], [j, -h]])) / (4 * h * h)),
  );
}

const maxAbsDiff = (a: Matrix, b: Matrix) => Math.max(...a.flatMap((row, i) => row.map((v, j) => Math.abs(v - b[i]![j]!))));
const scale = (a: Matrix) => Math.max(1, ...a.flat().map(Math.abs));

for (const c of HESSIANS) {
  test(`hessian: ${c.expr} wrt ${c.wrt} is ${c.pretty}, and agrees with second differences`, () => {
    const r = hessian(c.expr, { wrt: c.wrt, vars: c.vars });
    assert.equal(r.pretty().expr, c.pretty);
    assert.equal(r.form, c.form);
    assert.ok(r.check?.ok, 'checked');
    const f = parse(r.source, declsOf(r.fn));
    const H = parse(r.text, declsOf(r.fn));
    for (let seed = 1; seed <= 3; seed++) {
      const r0 = randomPoint([f, H], seed, { lo: 2, hi: 4, positive: c.positive });
      const p = { sizes: r0.sizes, values: spdValues(r0.values, c.spd) };
      const fd = fdHessian(f, c.wrt, p);
      const got = evalAt(H, p);
      assert.ok(maxAbsDiff(got, fd) < 1e-5 * scale(fd), `seed ${seed}: ${maxAbsDiff(got, fd)}`);
    }
  });
}

test('hessian: the action H[V] is given, and a Hessian is symmetric', () => {
  const r = hessian("tr(X'*A*X)", { wrt: 'X', vars: 'X: n x q; A: n x n' });
  assert.equal(`${r.action.lhs} = ${r.action.term.text}`, "H[V] = (A + A')*V");
  const v = hessian('logsumexp(x)', { wrt: 'x', vars: 'x: n' });
  const H = parse(v.text, declsOf(v.fn));
  const p = randomPoint(H, 7);
  const m = evalAt(H, p);
  assert.ok(maxAbsDiff(m, m[0]!.map((_, j) => m.map((row) => row[j]!))) < 1e-12);
  assert.match(v.layoutSentence, /symmetric/);
});

test('hessian: a function that is not scalar is refused with a pointer to jacobian', () => {
  assert.throws(() => hessian('softmax(z)', { wrt: 'z', vars: 'z: n' }), /not a scalar: a Hessian needs a scalar function/);
});
test.run();

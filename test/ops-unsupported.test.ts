// The operators matdiff cannot carry a differential through fail loudly: kron and vec name
// themselves in an 'unsupported' error where they have no adjoint (else their gradients are right),
// and a matrix power with a non-constant or non-integer exponent names ^. Split from test/ops.test.ts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { derive, MatdiffError } from '../src/index.js';
import { OPS } from '../src/ops/index.js';
import { compareWithFd, type Case } from './helpers/ops-fd.js';

test('ops: through kron and vec the gradient is right where they have an adjoint, else an unsupported error names them', () => {
  const rows: (Case & { op: string })[] = [
    { expr: 'sum(kron(A, B))', vars: 'A: n x m; B: k x l', wrt: 'A', op: 'kron' },
    { expr: "kron(x, y)'*kron(x, y)", vars: 'x: n; y: m', wrt: 'y', op: 'kron' },
    { expr: 'norm2(vec(A))', vars: 'A: n x m', wrt: 'A', op: 'vec' },
    { expr: "v'*vec(A)", vars: 'A: n x m', wrt: 'A', op: 'vec' },
  ];
  rows.forEach((c, k) => {
    if (OPS.get(c.op)!.adjoint) {
      const d = derive(c.expr, { wrt: c.wrt, vars: c.vars });
      assert.ok(d.gradient.check?.ok, `${c.expr}: derive's check did not pass`);
      compareWithFd(c, d, [41 + k, 51 + k]);
      return;
    }
    try {
      derive(c.expr, { wrt: c.wrt, vars: c.vars });
      assert.unreachable(`${c.expr}: expected an unsupported error`);
    } catch (e) {
      if (!(e instanceof MatdiffError)) throw e;
      assert.is(e.kind, 'unsupported', `${c.expr}: ${e.message}`);
      assert.ok(e.message.includes(c.op), `${c.expr}: the message does not name ${c.op}: ${e.message}`);
    }
  });
  // a kron that the differential does not pass through is fine either way
  const d = derive('sum(kron(A, B)) + sum(exp(x))', { wrt: 'x', vars: 'A: n x m; B: k x l; x: n' });
  assert.ok(d.gradient.check?.ok);
  assert.is(d.gradient.text, 'exp(x)');
});

test('ops: a matrix power with a non-constant or non-integer exponent is an unsupported error naming ^', () => {
  for (const [expr, vars, wrt] of [
    ['tr(X^a)', 'X: n x n spd; a: scalar', 'X'],
    ['tr(X^(1/2))', 'X: n x n spd', 'X'],
  ] as const) {
    try {
      derive(expr, { wrt, vars });
      assert.unreachable(`${expr}: expected an unsupported error`);
    } catch (e) {
      if (!(e instanceof MatdiffError)) throw e;
      assert.is(e.kind, 'unsupported', `${expr}: ${e.message}`);
      assert.match(e.message, /matrix power/);
    }
  }
});

test.run();

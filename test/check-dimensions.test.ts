// The numeric check (src/check/) gives every dimension a size: a symbol that appears only in a
// constant (I(k)), or only in the gradient formula (ones(k), zeros(k,m), unvec), is planned and
// drawn, so the check runs and a wrong claim is caught at those sizes. Split from
// test/check-hardening.test.ts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { derive, parse } from '../src/index.js';
import { checkGradient } from '../src/check/check.js';
import { planCheck, dimensionsOf } from '../src/check/plan.js';

test('dimensions: a*tr(I(k)) — k appears only in a constant — is checked, its gradient is k', () => {
  const d = derive('a*tr(I(k))', { wrt: 'a' });
  const c = d.gradient.check!;
  assert.ok(c.ok, c.failure);
  for (const s of c.sizes) assert.ok(s.k! >= 1 && s.k! <= 4, JSON.stringify(s));
  assert.is(d.gradient.text, 'tr(I(k))');
  // a wrong claim is caught at those sizes: tr(I(k)) = k, not 1
  const wrong = checkGradient(d.fn, 'a', parse('1'), d.elaborated.vars);
  assert.is(wrong.ok, false);
});

test('dimensions: every symbol of f and of the gradient (ones(k), zeros(k,m), unvec) is planned', () => {
  const f = parse('a*sum(ones(k))*tr(I(j))', '');
  const g = parse('sum(ones(k))*tr(I(j)) + sum(zeros(p, q))', '');
  const dims = dimensionsOf([f, g]);
  for (const d of ['k', 'j', 'p', 'q']) assert.ok(dims.has(d), d);
  const d = derive('a*sum(ones(k))*tr(I(j))', { wrt: 'a', check: false });
  const plan = planCheck(d.fn, g, d.elaborated.vars, 'a');
  for (const s of ['k', 'j', 'p', 'q']) assert.ok(plan.float.has(s), s);
  const r = checkGradient(d.fn, 'a', g, d.elaborated.vars);
  assert.ok(r.ok, r.failure);
});

test.run();

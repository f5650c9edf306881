// A name defined again, as code is written (`h = tanh(W*x1); h = tanh(W*h + x2); sum(h)`): the
// later definition is a new version (h2) whose right side means the earlier one. Each derivation
// is checked numerically (derive's check is on) and compared with the same program written with
// distinct names; the report, the check of a claim and --wrt of either version work.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { derive, check, parse } from '../src/index.js';
import { failure, caretOf } from './helpers/errors.js';
import { runCli } from './helpers/cli.js';

const RNN = 'h = tanh(W*x1); h = tanh(W*h + x2); sum(h)';
const RNN_DISTINCT = 'h = tanh(W*x1); h2 = tanh(W*h + x2); sum(h2)';

const SAME: { rebound: string; distinct: string; wrt: string[]; vars?: string }[] = [
  { rebound: RNN, distinct: RNN_DISTINCT, wrt: ['W', 'x1', 'x2'] },
  { rebound: 'h = W*x; h = h + 1; h = h.*h; sum(h)', distinct: 'h = W*x; h2 = h + 1; h3 = h2.*h2; sum(h3)', wrt: ['W', 'x'] },
  // the name the new version takes is free: h2 is taken, so it is h3
  { rebound: 'h2 = W*x; h = h2 + 1; h = sigmoid(h); sum(h)', distinct: 'h2 = W*x; h = h2 + 1; h3 = sigmoid(h); sum(h3)', wrt: ['W'] },
  // after a name ending in a digit, h1_2
  { rebound: 'v1 = W*x; v1 = exp(v1); E = v1:v1', distinct: 'v1 = W*x; v1_2 = exp(v1); E = v1_2:v1_2', wrt: ['W'], vars: 'W: n x m; x: m' },
  // the last statement defines the name again
  { rebound: 's = W*x; s = sum(s.^2)', distinct: 's = W*x; s2 = sum(s.^2)', wrt: ['W'] },
];

for (const row of SAME) {
  test(`rebinding: ${row.rebound} is ${row.distinct}`, () => {
    assert.ok(parse(row.rebound, row.vars ?? '') === parse(row.distinct, row.vars ?? ''), 'the same function');
    const d = derive(row.rebound, { wrt: row.wrt, vars: row.vars ?? '' });
    const e = derive(row.distinct, { wrt: row.wrt, vars: row.vars ?? '' });
    for (const g of d.gradients) {
      assert.ok(g.check?.ok, `∂f/∂${g.wrt} checked numerically`);
      assert.ok(g.term === e.byName(g.wrt)!.term, `∂f/∂${g.wrt}: ${g.text} vs ${e.byName(g.wrt)!.text}`);
    }
    // the derivation's source writes the versions out: it is the distinct program, as typed
    assert.is(d.source, row.distinct);
    assert.equal([...d.elaborated.defs.keys()], [...e.elaborated.defs.keys()]);
    assert.is(d.elaborated.fnName, e.elaborated.fnName);
  });
}

test('rebinding: the result notes the new version and names it in the printed form', () => {
  const d = derive(RNN, { wrt: 'x1' });
  assert.equal(d.notes, ['`h` is defined again: the new definition is named h2 (its right side\'s h is the earlier h), and the uses of h after it mean h2; --wrt h is the earlier one, --wrt h2 the new one']);
  const p = d.gradient.pretty('text');
  assert.equal(p.defs.map((x) => `${x.name} = ${x.expr}`), ['h = tanh(W*x1)', 'h2 = tanh(W*h + x2)']);
  const r = runCli(['derive', RNN, '--wrt', 'W']);
  assert.is(r.code, 0, r.stderr);
  assert.ok(r.stdout.includes('\n  where h2 = tanh(W*h + x2)\n'), r.stdout);
  assert.ok(r.stdout.includes('\n  note: `h` is defined again: the new definition is named h2'), r.stdout);
});

test('rebinding: --wrt the first version and the second cut the program there', () => {
  const first = derive(RNN, { wrt: 'h' });
  const firstDistinct = derive(RNN_DISTINCT, { wrt: 'h' });
  assert.ok(first.gradient.term === firstDistinct.gradient.term, first.gradient.text);
  assert.is(first.gradient.pretty('text').expr, "W'*(1 - h2.^2)");
  const second = derive(RNN, { wrt: 'h2' });
  assert.is(second.gradient.text, 'ones(n)');
  assert.ok(first.notes.length === 1 && second.notes.length === 1, 'the cut keeps the notes');
});

test('rebinding: the report reads the versions as distinct definitions', () => {
  const d = derive(RNN, { wrt: 'W' });
  assert.equal(d.trace('W').defs.map((x) => x.def.name), ['h', 'h2', 'f']);
  const text = d.report('text');
  assert.ok(text.includes('function:  h = tanh(W*x1); h2 = tanh(W*h + x2); sum(h2)'), text.slice(0, 400));
  assert.ok(text.includes('h₂ = tanh(Wh + x₂)'), 'the definition of h₂');
  assert.not.ok(/FAILED|not verified/i.test(text), 'every line of the report checks');
  const r = runCli(['report', RNN, '--wrt', 'W', '--format', 'json']);
  assert.is(r.code, 0, r.stderr);
});

test('rebinding: a claim is judged in the versioned program', () => {
  assert.is(check('h = W*x; h = 2*h; sum(h)', { wrt: 'W', claim: "2*ones(n)*x'" }).verdict, 'correct');
  assert.is(check('h = W*x; h = 2*h; sum(h)', { wrt: 'W', claim: "ones(n)*x'" }).verdict, 'wrong');
});

test('rebinding: a variable is not rebound (its use before the definition is more likely a slip)', () => {
  const e = failure(() => derive('x = 2*x; x', { wrt: 'x' }));
  assert.is(e.kind, 'parse');
  assert.ok(e.message.includes('`x` is used before it is defined'), e.message);
  assert.ok(e.hint!.includes('name the new value (x2 = …)'), e.hint);
  assert.is(caretOf(e).col, 0);
  const declared = failure(() => derive('x = 2*x; sum(x)', { wrt: 'x', vars: 'x: n' }));
  assert.ok(declared.message.includes('`x` is declared as a variable'), declared.message);
  // a definition before a use that is a variable: `s = h + 1; h = W*x` keeps h's use a variable
  const late = failure(() => derive('s = h + 1; h = W*x; sum(s) + sum(h)', { wrt: 'W' }));
  assert.ok(late.message.includes('`h` is used before it is defined'), late.message);
  assert.is(caretOf(late).col, 11);
});

test.run();

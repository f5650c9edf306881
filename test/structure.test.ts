// Gradients with respect to a symmetric (spd) or diagonal variable. Such a variable moves only in
// its own space, so its gradient is the part of the unconstrained one that such a dX sees:
// ½(G + Gᵀ), or I ∘ G. Checked against the finite-difference oracle of test/helpers/numeric.ts
// (entry by entry, then projected by the oracle itself), and for independence of how the
// function is written; claims that agree only on the variable's space are correct with a note.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { derive, parse, check, toText } from '../src/index.js';
import { checkGradient } from '../src/check/check.js';
import { evalAt, fdGradient, randomPoint, relDiff, transpose } from './helpers/numeric.js';

const SYM = 'A: n x n symmetric';

test('structure: x\'Ay, y\'Ax and x\'Aᵀy are one function of a symmetric A, with one gradient ½(xyᵀ + yxᵀ)', () => {
  const terms = ["x'*A*y", "y'*A*x", "x'*A'*y"].map((e) => derive(e, { wrt: 'A', vars: SYM }).gradient.term);
  assert.ok(terms[0] === terms[1] && terms[1] === terms[2], terms.map(String).join(' | '));
  assert.is(String(terms[0]), "1/2*(x*y' + y*x')");
  // without the fact they differ, as they should: xyᵀ and yxᵀ
  assert.is(derive("x'*A*y", { wrt: 'A' }).gradient.text, "x*y'");
  assert.is(derive("y'*A*x", { wrt: 'A' }).gradient.text, "y*x'");
});

const ROWS: { expr: string; vars: string; wrt: string; expected?: string }[] = [
  { expr: 'tr(B*X)', vars: 'X: n x n symmetric; B: n x n', wrt: 'X', expected: "1/2*(B + B')" },
  { expr: 'logdet(X)', vars: 'X: n x n spd', wrt: 'X', expected: 'inv(X)' },
  { expr: "x'*inv(X)*y", vars: 'X: n x n spd', wrt: 'X' },
  { expr: 'tr(X*B*X)', vars: 'X: n x n symmetric; B: n x n', wrt: 'X' },
  { expr: "x'*X*x", vars: 'X: n x n symmetric', wrt: 'X', expected: "x*x'" },
  { expr: 'tr(B*X)', vars: 'X: n x n diagonal; B: n x n', wrt: 'X' },
  { expr: "x'*X*y + sum(exp(X))", vars: 'X: n x n diagonal', wrt: 'X' },
  { expr: 'sum(sigmoid(X*w))', vars: 'X: n x n symmetric; w: n', wrt: 'X' },
];

for (const row of ROWS) {
  test(`structure: ∂(${row.expr})/∂${row.wrt} with ${row.vars} matches the projected finite differences`, () => {
    const d = derive(row.expr, { wrt: row.wrt, vars: row.vars });
    const g = d.gradient;
    assert.ok(g.check?.ok, `check: ${g.check?.failure}`);
    if (row.expected) assert.is(g.text, row.expected);
    for (let seed = 1; seed <= 3; seed++) {
      const p = randomPoint(d.fn, seed);
      const G = evalAt(g.term, p);
      const FD = fdGradient(d.fn, row.wrt, p, 5e-4);
      assert.ok(relDiff(G, FD) < 1e-6, `${g.text}: ${JSON.stringify(G)} vs FD ${JSON.stringify(FD)}`);
      // the gradient lies in the variable's own space
      assert.ok(relDiff(G, transpose(G)) < 1e-12, 'symmetric');
      if (row.vars.includes('diagonal')) assert.ok(G.every((r, i) => r.every((x, j) => i === j || x === 0)), 'diagonal');
    }
  });
}

test('structure: the engine\'s check fails a gradient outside the variable\'s space, even one right along it', () => {
  const d = derive("x'*A*y", { wrt: 'A', vars: SYM });
  // x*y' gives the right df for every symmetric dA, but it is not the (symmetric) gradient
  const r = checkGradient(d.fn, 'A', parse("x*y'", SYM), d.elaborated.vars, {});
  assert.is(r.ok, false);
  assert.match(r.failure!, /not symmetric/);
  const wrong = checkGradient(d.fn, 'A', parse("x*y' + y*x'", SYM), d.elaborated.vars, {});
  assert.is(wrong.ok, false, 'twice the gradient is symmetric but wrong');
  assert.ok(checkGradient(d.fn, 'A', d.gradient.term, d.elaborated.vars, {}).ok);
});

test('structure: a claim right on the symmetric space is correct, with a note when it is not itself symmetric', () => {
  const plain = check("x'*A*y", { wrt: 'A', vars: SYM, claim: "1/2*(x*y' + y*x')" });
  assert.is(plain.verdict, 'correct');
  assert.is(plain.note, undefined);
  for (const claim of ["x*y'", "y*x'"]) {
    const r = check("x'*A*y", { wrt: 'A', vars: SYM, claim });
    assert.is(r.verdict, 'correct', claim);
    assert.match(r.note!, /not symmetric, but A is declared symmetric/);
    assert.match(r.report('text'), /Note: The claim G is not symmetric/);
    assert.match(r.report('md'), /\*\*Note\.\*\*/);
  }
  const twice = check("x'*A*y", { wrt: 'A', vars: SYM, claim: "x*y' + y*x'" });
  assert.is(twice.verdict, 'wrong');
  assert.is(twice.diagnosis?.kind, 'factor');
  const other = check("x'*A*y", { wrt: 'A', vars: SYM, claim: "x*x'" });
  assert.is(other.verdict, 'wrong');
  const diag = check('tr(B*X)', { wrt: 'X', vars: 'X: n x n diagonal; B: n x n', claim: "B'" });
  assert.is(diag.verdict, 'correct');
  assert.match(diag.note!, /not diagonal, but X is declared diagonal/);
});

test('structure: the report names the projection step and explains the convention for a symmetric variable', () => {
  const d = derive("x'*A*y", { wrt: 'A', vars: SYM });
  const text = d.report('text');
  assert.match(text, /a symmetric differential \[definition\]/);
  assert.match(text, /is n×n and symmetric, like A/);
  assert.ok(d.steps.some((s) => s.rule === 'adj.symmetric'), 'the engine records the step');
  assert.is(toText(d.steps.find((s) => s.rule === 'adj.symmetric')!.before), "x*y'");
});

test.run();

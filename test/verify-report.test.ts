// Reports of a check, in the styles of the derivation reports: text (Unicode, no LaTeX), Markdown
// with $$ blocks, one self-contained HTML page (KaTeX, no script), JSON (the result as data).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { check } from '../src/index.ts';

const S3 = { expr: 'v = W*x; s = sigmoid(v); E = 1/2*(s - y):(s - y)', vars: 'W: n x m; x: m; y: n' };
const right = () => check(S3.expr, { wrt: 'W', vars: S3.vars, claim: "S = Diag(s); (S - S^2)*(s - y)*x'" });
const wrong = () => check("x'*A*x", { wrt: 'x', claim: '2*A*x' });
const chain = () =>
  check('v = W*x; s = sigmoid(v); S = Diag(s); E = 1/2*(s-y):(s-y)', {
    vars: S3.vars,
    steps: "dE = (s-y):ds\n   = (s-y):(S*dv)\n   = (S*(s-y)):(dW*x)\n   = (S*(s-y)*x'):dW",
  });

test('text: the verdict, how it was decided, the claim in Unicode, no LaTeX', () => {
  const t = right().report('text');
  assert.match(t, /Verdict: CORRECT/);
  assert.match(t, /floating-point evaluation at \d+ random points/);
  assert.match(t, /∂E\/∂W = \(S − S²\)\(s − y\)xᵀ/);
  assert.not.match(t, /\\frac|\\begin/);
  const w = wrong().report('text');
  assert.match(w, /Verdict: WRONG/);
  assert.match(w, /Diagnosis \(symmetric\)/);
  assert.match(w, /Counterexample \(exact; n = 2\)/);
  assert.match(w, /A = \[/);
  assert.match(w, /claimed = /);
  assert.match(w, /matdiff's gradient: ∂f\/∂x = \(A \+ A'\)\*x/);
});

test('text: a chain marks each line and the first wrong step, with its rule', () => {
  const t = chain().report('text');
  assert.match(t, /line  1:  dE = \(s − y\) : ds   ✓/);
  assert.match(t, /line  2: .*✗ first wrong step/);
  assert.match(t, /rule that makes it right: put in ds = /);
  assert.match(t, /elementwise rule \(σ\)/);
  assert.match(t, /this line = /);
  assert.match(t, /the first wrong step is on line 2/);
});

test('md: $$ blocks, a bmatrix counterexample, the diagnosis in words', () => {
  const m = wrong().report('md');
  assert.match(m, /^# Check of a claimed gradient \$\\frac\{\\partial f\}\{\\partial x\}\$/);
  assert.match(m, /Claim \(`2\*A\*x`, n×1\)/);
  assert.match(m, /## Verdict: wrong/);
  assert.match(m, /## Diagnosis: symmetric/);
  assert.match(m, /\\begin\{bmatrix\}/);
  assert.match(m, /\$\$\n\\frac\{\\partial f\}\{\\partial x\} = 2 A x\n\$\$/);
  const c = chain().report('md');
  assert.match(c, /## Line 2: wrong \(the first wrong step\)/);
  assert.match(c, /`d\.sigmoid`/);
});

test('html: one self-contained page, math typeset by KaTeX, no script', () => {
  for (const h of [right().report('html'), wrong().report('html'), chain().report('html')]) {
    assert.match(h, /^<!doctype html>/);
    assert.match(h, /class="katex"/);
    assert.match(h, /@font-face/);
    assert.not.match(h, /<script/i);
    assert.not.match(h, /https?:\/\/(?!www\.w3\.org)/);
  }
  assert.match(wrong().report('html'), /✗ wrong/);
  assert.match(right().report('html'), /✓ correct/);
});

test('json: the result as data, round-trips', () => {
  const j = JSON.parse(wrong().report('json'));
  assert.is(j.kind, 'claim');
  assert.is(j.verdict, 'wrong');
  assert.is(j.diagnosis.kind, 'symmetric');
  assert.is(j.gradient.text, "(A + A')*x");
  assert.is(j.comparison.method, 'exact');
  assert.ok(Array.isArray(j.counterexample.values));
  assert.is(j.report, undefined);
  const c = JSON.parse(chain().report('json'));
  assert.is(c.kind, 'chain');
  assert.is(c.firstWrong, 2);
  assert.is(c.steps[1].fix.rules[0].id, 'd.sigmoid');
  assert.is(c.identification.verdict, 'wrong');
});

test('an unknown format is an error', () => {
  assert.throws(() => wrong().report('pdf' as never), /unknown check report format/);
});

test.run();

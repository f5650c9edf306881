// Reports of a check, in the styles of the derivation reports: text (Unicode, no LaTeX), Markdown
// with $$ blocks, one self-contained HTML page (KaTeX, no script), JSON (the result as data).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import katex from 'katex';
import { check } from '../src/index.js';
import { checkMath } from '../src/verify/render.js';

const S3 = { expr: 'v = W*x; s = sigmoid(v); E = 1/2*(s - y):(s - y)', vars: 'W: n x m; x: m; y: n' };
const right = () => check(S3.expr, { wrt: 'W', vars: S3.vars, claim: "S = Diag(s); (S - S^2)*(s - y)*x'" });
const wrong = () => check("x'*A*x", { wrt: 'x', claim: '2*A*x' });
const composite = () => check(S3.expr, { wrt: 'W', vars: S3.vars, claim: "2*x*((s - s.^2) .* (s - y))'" });
/** more claims for the KaTeX test: floats, fractions, row vectors, names with subscripts */
const MORE: [string, string, string, string][] = [
  ["L = -y*log(softmax(z))'", 'z', 'y: 1 x N onehot; z: 1 x N', "softmax(z)' - y'"],
  ['tr(inv(X)*A)', 'X', 'X: n x n; A: n x n', "inv(X)*A*inv(X)"],
  ["yhat = sigmoid(w'*x); L = -(y*log(yhat) + (1 - y)*log(1 - yhat))", 'w', 'w: n; x: n; y: scalar', '(y - yhat)*x'],
  ['sigmoid(w0*x0 + w1*x1 + w2)', 'w2', 'w0: scalar; w1: scalar; w2: scalar; x0: scalar; x1: scalar', '1*sigmoid(w0*x0 + w1*x1 + w2)'],
  ["1/2*x'*x", 'x', '', "2*x'"],
];
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

test('a diagnosis of two mistakes names both, in every format', () => {
  const c = composite();
  assert.match(c.report('text'), /Diagnosis \(transpose \+ factor\):\n  Two mistakes/);
  assert.match(c.report('md'), /## Diagnosis: transpose \+ factor/);
  assert.match(c.report('html'), /<h2>Diagnosis: transpose \+ factor<\/h2>/);
  assert.equal(JSON.parse(c.report('json')).diagnosis.kinds, ['transpose', 'factor']);
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

test('latex: a standalone document, words written for pdflatex, the same math', () => {
  const w = wrong().report('latex');
  assert.match(w, /^\\documentclass\[11pt\]\{article\}\n\\usepackage\{amsmath,amssymb\}/);
  assert.match(w, /\\begin\{document\}[\s\S]*\\end\{document\}\n$/);
  assert.match(w, /\\section\*\{Check of a claimed gradient \$\\frac\{\\partial f\}\{\\partial x\}\$\}/);
  assert.match(w, /\\subsection\*\{Diagnosis: symmetric\}/);
  assert.match(w, /\\begin\{bmatrix\}/);
  assert.match(w, /declare it: \\texttt\{A: n x n symmetric\}/);
  const c = chain().report('latex');
  assert.match(c, /\\subsection\*\{Line 2: wrong \(the first wrong step\)\}/);
  assert.match(c, /\\texttt\{d\.sigmoid\}/);
  assert.match(c, /\\checkmark/);
  // pdflatex reads ASCII: every Unicode character of the words is written as LaTeX
  for (const doc of [w, c, right().report('latex'), composite().report('latex')]) assert.not.match(doc, /[^\x00-\x7f]/);
});

test('katex: every LaTeX string of a check report parses (claims, chains, counterexamples, fixes)', () => {
  const reports = [right(), wrong(), chain(), composite(), ...MORE.map(([e, wrt, vars, claim]) => check(e, { wrt, vars, claim })),
    check(S3.expr, { wrt: 'W', vars: S3.vars, claim: 'x' }), // a shape the gradient cannot have
    check('', { vars: 'x: n; y: scalar; y_hat: scalar', steps: '(y_hat - y) * x = (y - y_hat) * x' }),
    check('v = W*x; s = sigmoid(v); S = Diag(s); E = 1/2*(s-y):(s-y)', { vars: S3.vars, steps: "dE = ((S - S^2)*(s-y)*x'):dW\n   = (x*((S - S^2)*(s-y))'):dW" }),
    check("f = x'*A*x", { vars: 'x: n; A: n x n', steps: "df = dx'*A*x + x'*A*dx\n   = (A*x):dx + (A*x):dx\n   = (2*A*x):dx" })];
  let n = 0;
  for (const r of reports) {
    for (const m of checkMath(r)) {
      n++;
      try {
        katex.renderToString(m.latex, { throwOnError: true, strict: 'error', displayMode: m.display });
      } catch (e) {
        assert.unreachable(`${m.where}: KaTeX cannot parse \`${m.latex}\`: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    // and every math span of the Markdown and LaTeX documents, as written
    for (const doc of [r.report('md'), r.report('latex')]) {
      for (const [, md, tex, inline] of doc.matchAll(/\$\$\n([\s\S]*?)\n\$\$|\\\[\n([\s\S]*?)\n\\\]|(?<![\\$])\$([^$\n]+)\$/g)) {
        const latex = md ?? tex ?? inline ?? '';
        try {
          katex.renderToString(latex.trim() || (() => { throw new Error('empty math'); })(), { throwOnError: true, strict: 'error' });
        } catch (e) {
          assert.unreachable(`KaTeX cannot parse \`${latex}\`: ${e instanceof Error ? e.message : String(e)}`);
        }
        n++;
      }
    }
  }
  assert.ok(n > 60, `${n} strings`);
});

test('an unknown format is an error', () => {
  assert.throws(() => wrong().report('pdf' as never), /unknown check report format/);
});

test.run();

// Reports: seed 003 reads line for line like the derivation in the seed; every line of every
// report is checked; each format has what it promises (Unicode without LaTeX, $$ blocks, a
// pdflatex-safe document, a self-contained page, steps as data); the command writes them.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { derive } from '../src/index.js';
import { buildReport, renderReport, REPORT_FORMATS } from '../src/report/index.js';
import { buildView } from '../src/report/view.js';
import { runReport } from '../src/cli/report-command.js';
import { identity } from '../src/identities/catalogue.js';
import { CANON_RULES } from '../src/simplify/normal.js';

const SEED3 = { expr: 'v = W*x; s = sigmoid(v); E = 1/2*(s - y):(s - y)', wrt: 'W', vars: 'W: n x m; x: m; y: n' };
const seed3 = () => derive(SEED3.expr, { wrt: SEED3.wrt, vars: SEED3.vars });

test('report: seed 003 reads line for line like the seed', () => {
  const v = buildView(buildReport(seed3()), 'unicode');
  const s = v.sections[0]!;
  // dE = (s−y):ds = (s−y):(S−S²)dv = (S−S²)(s−y):dW x = (S−S²)(s−y)xᵀ:dW, then ∂E/∂W
  assert.equal(
    s.chain.map((l) => l.rhs),
    ['(s − y) : ds', '(s − y) : (S − S²)dv', '(S − S²)(s − y) : dW x', '(S − S²)(s − y)xᵀ : dW'],
  );
  assert.is(s.chain[0]!.lhs, 'dE');
  assert.is(`${s.result.lhs} = ${s.result.rhs}`, '∂E/∂W = (S − S²)(s − y)xᵀ');
  // the setup of the seed: each definition with its differential
  assert.equal(
    s.setup.map((x) => `${x.lhs} = ${x.rhs} ⇒ ${x.dlhs} = ${x.drhs}`),
    ['v = Wx ⇒ dv = dW x', 's = σ(v) ⇒ ds = (s − s∘²) ∘ dv', 'E = 1/2·(s − y) : (s − y) ⇒ dE = (s − y) : ds'],
  );
  assert.equal(s.setup[1]!.diag, { lhs: 'S', rhs: 'Diag(s)', drhs: '(S − S²)dv' });
});

test('report: seed 003 names the product rule, the σ rule, the Frobenius move and the identification', () => {
  const r = buildReport(seed3());
  const ids = r.sections[0]!.lines.flatMap((l) => l.rules.map((x) => x.id));
  for (const id of ['d.product', 'd.sigmoid', 'adj.product', 'chain.substitute']) assert.ok(ids.includes(id), `missing ${id} in ${ids.join(', ')}`);
  const text = renderReport(r, 'text');
  for (const words of ['product rule [Matrix Cookbook (37)]', 'elementwise rule (σ)', 'Frobenius move (matrix product)', 'identification [Magnus–Neudecker ch. 9]']) {
    assert.ok(text.includes(words), `the text report does not name: ${words}`);
  }
});

test('report: seed 003 shows the Diag and Hadamard forms with the shape of every factor', () => {
  const v = buildView(buildReport(seed3()), 'unicode');
  const forms = v.sections[0]!.forms;
  assert.equal(forms.map((f) => [f.label, f.math]), [
    ['Diag form', '(S − S²)(s − y)xᵀ'],
    ['Hadamard form', '((s − s∘²) ∘ (s − y))xᵀ'],
  ]);
  assert.equal(forms[0]!.factors.map((f) => `${f.math}: ${f.shape}`), ['(S − S²): n×n', '(s − y): n×1', 'xᵀ: 1×m']);
  const note = v.sections[0]!.why.map((x) => (typeof x === 'string' ? x : x.math)).join('');
  assert.match(note, /^xᵀ appears because x multiplies dW from the right/);
  assert.match(v.sections[0]!.convention.map((x) => (typeof x === 'string' ? x : x.math)).join(''), /shape of the variable: ∂E\/∂W is n×m, like W/);
});

// ---- every line of every report is checked -------------------------------------------------------

const ROWS: { expr: string; wrt: string; vars: string; result: string }[] = [
  { ...SEED3, result: '(S − S²)(s − y)xᵀ' },
  { expr: SEED3.expr, wrt: 'x', vars: SEED3.vars, result: 'Wᵀ(S − S²)(s − y)' },
  { expr: "yhat = sigmoid(w'*x); L = -(y*log(yhat) + (1 - y)*log(1 - yhat))", wrt: 'w', vars: 'w: n; x: n; y: scalar', result: '(yhat − y)·x' },
  { expr: "p = softmax(z); L = -y*log(p)'", wrt: 'z', vars: 'y: 1 x N onehot; z: 1 x N', result: 'p − y' },
  { expr: "z = w'*x + b; u = relu(z); C = (y - u)^2", wrt: 'b', vars: 'w: n; x: n; b: scalar; y: scalar', result: '2·step(z)(u − y)' },
  { expr: "a = sigmoid(w'*x + b)", wrt: 'w', vars: 'w: n; x: n; b: scalar', result: '(1 − s)s·x' },
  { expr: "x'*A*x", wrt: 'x', vars: '', result: '(A + Aᵀ)x' },
  { expr: "x'*A*x", wrt: 'x', vars: 'A: n x n symmetric', result: '2Ax' },
  { expr: 'tr(A*X*B)', wrt: 'X', vars: '', result: 'AᵀBᵀ' },
  { expr: 'logdet(X)', wrt: 'X', vars: 'X: n x n spd', result: 'X⁻¹' },
  { expr: "-y'*log(softmax(z))", wrt: 'z', vars: 'y: n onehot; z: n', result: 'p − y' },
  { expr: 'h = tanh(W*x + b); L = 1/2*(h - y):(h - y)', wrt: 'W', vars: 'W: n x m; x: m; b: n; y: n', result: '(I − H²)(h − y)xᵀ' },
  { expr: 'r = A*x - y; f = r:r + lambda*x:x', wrt: 'x', vars: 'lambda: scalar', result: '2(Aᵀr + lambda·x)' },
  { expr: 'det(X)', wrt: 'X', vars: 'X: n x n', result: '' },
  { expr: 'sum(exp(W*x))', wrt: 'W', vars: 'W: n x m', result: '' },
];

for (const row of ROWS) {
  test(`report: every line checked — ${row.expr} (wrt ${row.wrt})`, () => {
    const r = buildReport(derive(row.expr, { wrt: row.wrt, vars: row.vars }));
    const s = r.sections[0]!;
    assert.ok(s.lines.length >= 1);
    for (const l of s.lines) assert.ok(l.check.ok && l.check.trials >= 2, `line failed its check`);
    for (const f of s.forms) assert.ok(f.check.ok);
    for (const x of s.setup) for (const c of x.checks) assert.ok(c.ok);
    if (row.result) assert.is(buildView(r, 'unicode').sections[0]!.result.rhs, row.result);
  });
}

// ---- formats -----------------------------------------------------------------------------------

test('report: the text format is Unicode, without LaTeX', () => {
  const t = seed3().report('text');
  assert.not.match(t, /\\[a-zA-Z]+|\$\$/);
  assert.ok(t.includes('∂E/∂W = (S − S²)(s − y)xᵀ'));
});

test('report: Markdown has $$ blocks and an aligned chain', () => {
  const m = seed3().report('md');
  assert.ok(m.split('\n').filter((l) => l === '$$').length >= 4);
  assert.ok(m.includes('\\begin{aligned}'));
  assert.ok(m.includes('\\frac{\\partial E}{\\partial W} &= \\left(S - S^{2}\\right) \\left(s - y\\right) x^{\\top}'));
});

test('report: the LaTeX document is standalone and pdflatex-safe (ASCII only)', () => {
  const l = seed3().report('latex');
  assert.match(l, /^\\documentclass/);
  assert.ok(l.trimEnd().endsWith('\\end{document}'));
  assert.not.match(l, /[^\x00-\x7e]/);
});

test('report: the HTML page is self-contained: no script, no external URL, fonts inlined', () => {
  const h = seed3().report('html');
  assert.match(h, /^<!doctype html>/);
  assert.not.match(h, /<script|<link|src="http|url\(http|url\(fonts/i);
  assert.ok(h.includes('data:font/woff2;base64,'));
  assert.ok((h.match(/class="katex"/g) ?? []).length > 20);
});

test('report: JSON has the steps as data (rule ids, before, after, check)', () => {
  const j = JSON.parse(seed3().report('json'));
  const steps = j.gradients[0].steps as { rules: { id: string }[]; before: { unicode: string }; after: { unicode: string }; check: { ok: boolean } }[];
  assert.is(steps.length, 4);
  assert.equal(steps[2]!.rules.map((r) => r.id), ['adj.product', 'chain.substitute', 'd.product']);
  assert.is(steps[2]!.before.unicode, '(s − y) : (S − S²)dv');
  assert.is(steps[2]!.after.unicode, '(S − S²)(s − y) : dW x');
  assert.ok(steps.every((s) => s.check.ok));
  assert.equal(j.gradients[0].shape, ['n', 'm']);
});

test('report: JSON steps carry the engine trace, simplification rules by id', () => {
  const j = JSON.parse(seed3().report('json'));
  const steps = j.gradients[0].steps as { trace: { rule: string; touched: string | null }[] }[];
  // the canonical form's rewrites by id (Sᵀ = S for the diagonal S, the transpose pushed in), then `simplify`
  assert.equal(steps[2]!.trace.map((x) => x.rule), ['adj.product', 'transpose.symmetric', 'canon.transpose-other', 'transpose.scale', 'transpose.sum', 'simplify', 'chain.substitute']);
  assert.is(steps[2]!.trace[0]!.touched, '(S - S^2)*d(v)');
  assert.equal(j.gradients[0].setup[1].trace.map((x: { rule: string }) => x.rule), ['d.sigmoid']);
  // every rule the engine traces has its catalogue entry (the words and sources reports cite)
  for (const g of j.gradients) for (const s of [...g.steps, ...g.setup]) for (const x of s.trace) assert.ok(x.rule in CANON_RULES || identity(x.rule), x.rule);
});

test('report: the named simplification rules the simplifier reports reach the JSON trace', () => {
  for (const [expr, wrt] of [['sum(log(1 + exp(x)))', 'x'], ['sum(relu(x).^2)', 'x'], ["x'*A*x", 'x']] as const) {
    const d = derive(expr, { wrt });
    const named = new Set(d.steps.map((s) => s.rule).filter((r) => r.startsWith('simplify.')));
    const j = JSON.parse(d.report('json'));
    const traced = new Set((j.gradients[0].steps as { trace: { rule: string }[] }[]).flatMap((s) => s.trace.map((x) => x.rule)));
    for (const id of named) assert.ok(traced.has(id), `${expr}: ${id} not in the JSON trace`);
  }
});

test('report: the report formats derivation.trace(), the engine\'s one trace', () => {
  const d = seed3();
  const t = d.trace('W');
  assert.is(d.trace('W'), t, 'built once');
  const r = buildReport(d);
  assert.is(r.sections[0]!.lines.length, t.lines.length);
  r.sections[0]!.lines.forEach((l, i) => assert.equal(l.rules.map((x) => x.id), t.lines[i]!.rules.map((x) => x.id)));
  // each step: a rule id, before, after and the subterm it touched
  for (const l of t.lines) for (const s of l.steps) assert.ok(s.rule && s.before && s.after && s.touched);
  assert.throws(() => d.trace('x'), /not a variable this derivation differentiated/);
});

test('report: several variables give one chain each', () => {
  const r = buildReport(derive("a = sigmoid(w'*x + b)", { wrt: ['w', 'x', 'b'], vars: 'w: n; x: n; b: scalar' }));
  assert.equal(r.sections.map((s) => s.wrt), ['w', 'x', 'b']);
  assert.is(buildView(r, 'unicode').sections[2]!.result.rhs, '(1 − s)s');
});

// ---- the command -------------------------------------------------------------------------------

function capture(fn: () => number): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const w1 = process.stdout.write.bind(process.stdout);
  const w2 = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string) => ((out += s), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => ((err += s), true)) as typeof process.stderr.write;
  try {
    return { code: fn(), out, err };
  } finally {
    process.stdout.write = w1;
    process.stderr.write = w2;
  }
}

test('report command: every format, to stdout or a file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'matdiff-report-'));
  for (const f of REPORT_FORMATS) {
    const file = join(dir, `r.${f}`);
    const r = capture(() => runReport([SEED3.expr, '--wrt', 'W', '--vars', SEED3.vars, '--format', f, '-o', file]));
    assert.is(r.code, 0, r.err);
    assert.ok(readFileSync(file, 'utf8').length > 500);
  }
  const r = capture(() => runReport(["x'*A*x", '--wrt', 'x']));
  assert.is(r.code, 0);
  assert.ok(r.out.includes('∂f/∂x = (A + Aᵀ)x'));
});

test('report command: mistakes exit 2 with a message', () => {
  const rows: [string[], RegExp][] = [
    [["x'*A*x", '--wrt', 'x', '--format', 'htm'], /unknown report format `htm`[\s\S]*did you mean `html`/],
    [["x'*A*x"], /--wrt W/],
    [['W*x', '--wrt', 'W', '--vars', 'W: n x m; x: k'], /shape clash/],
    [["x'*A*x", '--wrt', 'q'], /does not occur/],
  ];
  for (const [argv, message] of rows) {
    const r = capture(() => runReport(argv));
    assert.is(r.code, 2, argv.join(' '));
    assert.match(r.err, message);
  }
  assert.match(capture(() => runReport(['--help'])).out, /--format/);
});

test.run();

// The report of a Jacobian or a Hessian: every stage named and cited (the differential's rules,
// the vec rules, the identification theorem), the layout sentence, the action form and the check,
// in text, Markdown, LaTeX, HTML (KaTeX) and JSON; and `matdiff report --jacobian|--hessian`.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { jacobian, hessian, report } from '../src/index.js';
import { runCli } from './helpers/cli.js';

test('jacobian report (text): differential, vec rules, identification theorem, layout, check', () => {
  // lines are wrapped at 96 columns: compare with the spaces collapsed
  const t = jacobian('sigmoid(W*x)', { wrt: 'x', vars: 'W: n x m; x: m' }).report('text').replace(/\s+/g, ' ');
  for (const words of ['Jacobian of f with respect to x', 'df = (s − s∘²) ∘ (W dx)', 'elementwise rule (σ)', 'vec of a Hadamard product [Magnus–Neudecker ch. 2]', 'J = ∂f/∂xᵀ = Diag(s − s∘²)W', 'first identification theorem [Magnus–Neudecker ch. 9]', 'numerator layout: J[i, j] = ∂fᵢ/∂xⱼ', 'checked numerically']) {
    assert.ok(t.includes(words), `missing: ${words}\n${t}`);
  }
});

test('hessian report (text): the second differential line by line', () => {
  const t = hessian("x'*A*x", { wrt: 'x', vars: 'A: n x n; x: n' }).report('text').replace(/\s+/g, ' ');
  for (const words of ['Hessian of f with respect to x', 'df = (A + Aᵀ)x : dx', 'd²f', 'second identification theorem [Magnus–Neudecker ch. 10]', 'H = ∂²f/∂x∂xᵀ = A + Aᵀ', 'symmetric', 'the gradient G was itself checked against f']) {
    assert.ok(t.includes(words), `missing: ${words}\n${t}`);
  }
});

test('jacobian report: Markdown, LaTeX, HTML and JSON', () => {
  const j = jacobian('A*X*B', { wrt: 'X', vars: 'A: p x n; X: n x m; B: m x q' });
  const md = report(j, 'md');
  assert.match(md, /\\left\(B\^\{\\top\} \\otimes A\\right\) \\operatorname\{vec\} \\mathrm\{d\}X/);
  assert.match(md, /`jac\.identify`, Magnus–Neudecker ch\. 9/);
  assert.match(report(j, 'latex'), /\\documentclass/);
  const html = report(j, 'html');
  assert.match(html, /class="katex/);
  assert.not.match(html, /katex-error/);
  const o = JSON.parse(report(j, 'json'));
  assert.equal(o.kind, 'jacobian');
  assert.equal(o.jacobian.text, "kron(B', A)");
  assert.equal(o.readOff.rules, ['jac.product', 'jac.identify']);
  assert.equal(o.action, 'df = A*dX*B');
  assert.ok(o.check.ok);
  const h = JSON.parse(hessian('logdet(X)', { wrt: 'X', vars: 'X: n x n' }).report('json'));
  assert.equal(h.gradient, "inv(X)'");
  assert.equal(h.readOff.rules, ['jac.transpose', 'jac.product', 'hess.identify']);
});

test('cli report --jacobian and --hessian; their option errors', () => {
  const r = runCli(['report', 'softmax(z)', '--wrt', 'z', '--vars', 'z: n', '--jacobian']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /J = ∂f\/∂zᵀ = Diag\(p\) − ppᵀ/);
  const h = runCli(['report', 'logsumexp(z)', '--wrt', 'z', '--vars', 'z: n', '--hessian', '--format', 'json']);
  assert.equal(h.code, 0, h.stderr);
  assert.equal(JSON.parse(h.stdout).kind, 'hessian');
  for (const [argv, re] of [
    [['report', 'softmax(z)', '--wrt', 'z', '--jacobian', '--hessian'], /not both/],
    [['report', 'x\'*x', '--wrt', 'x', '--layout', 'denominator'], /add --jacobian/],
    [['report', 'softmax(z)', '--wrt', 'z', '--jacobian', '--layout', 'up'], /unknown layout/],
  ] as [string[], RegExp][]) {
    const e = runCli(argv);
    assert.equal(e.code, 2, argv.join(' '));
    assert.match(e.stderr, re);
  }
});
test.run();

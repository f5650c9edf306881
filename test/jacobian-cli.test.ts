// `matdiff jacobian` and `matdiff hessian` on the command line, and derive with respect to an
// intermediate: the JSON fields, the human output, the errors (exit 2, no stack trace).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from './helpers/cli.js';
import { parse } from '../src/index.js';

test('cli jacobian --json: the fields, the matrix in self-contained syntax that parses back', () => {
  const r = runCli(['jacobian', 'softmax(z)', '--wrt', 'z', '--vars', 'z: n', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const o = JSON.parse(r.stdout);
  assert.equal(Object.keys(o), ['function', 'wrt', 'shape', 'form', 'layout', 'jacobian', 'pretty', 'latex', 'action', 'about', 'check']);
  assert.equal(o.jacobian, "Diag(softmax(z)) - softmax(z)*softmax(z)'");
  assert.equal(o.pretty, "Diag(p) - p*p' where p = softmax(z)");
  assert.equal(o.shape, ['n', 'n']);
  assert.equal(o.layout, 'numerator');
  assert.ok(o.check.ok);
  assert.ok(parse(o.jacobian, 'z: n'));
});

test('cli hessian: human output names the form, the layout sentence, the action and the check', () => {
  const r = runCli(['hessian', "x'*A*x", '--wrt', 'x', '--vars', 'A: n x n; x: n']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^H = ∂²f\/∂x∂xᵀ = A \+ A'\n/);
  assert.match(r.stdout, /layout: H\[i, j\] = ∂²f\/∂xᵢ∂xⱼ/);
  assert.match(r.stdout, /action: H\[V\] = \(A \+ A'\)\*V/);
  assert.match(r.stdout, /check: passed \(exact/);
  const j = JSON.parse(runCli(['hessian', "x'*A*x", '--wrt', 'x', '--json']).stdout);
  assert.equal(j.hessian, "A + A'");
});

test('cli jacobian --layout denominator, and a wrong layout is an error', () => {
  const r = runCli(['jacobian', 'W*x', '--wrt', 'x', '--vars', 'W: n x m; x: m', '--layout', 'denominator', '--json']);
  assert.equal(JSON.parse(r.stdout).jacobian, "W'");
  const bad = runCli(['jacobian', 'W*x', '--wrt', 'x', '--layout', 'sideways']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown layout `sideways`/);
  assert.not.match(bad.stderr, /    at /);
});

test('cli: errors of jacobian and hessian are a user\'s mistakes (exit 2, a clear message)', () => {
  const cases: [string[], RegExp][] = [
    [['hessian', 'softmax(z)', '--wrt', 'z', '--vars', 'z: n'], /not a scalar: a Hessian needs a scalar function/],
    [['jacobian', 'X*y', '--wrt', 'X', '--vars', 'X: n x n symmetric'], /declared symmetric: Jacobians and Hessians with respect to a symmetric variable are not supported yet/],
    [['jacobian', 'W*x', '--wrt', 'W, x'], /one variable, not 2/],
    [['jacobian', 'W*x', '--wrt', 'q'], /`q` does not occur/],
    [['jacobian', 'W*x +', '--wrt', 'x'], /\^/],
    [['derive', 'softmax(z)', '--wrt', 'z'], /matdiff jacobian/],
  ];
  for (const [argv, re] of cases) {
    const r = runCli(argv);
    assert.equal(r.code, 2, `${argv.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, re);
    assert.not.match(r.stderr, /    at /);
  }
});

test('cli jacobian and hessian disclose what they assumed of undeclared names', () => {
  const r = runCli(['jacobian', 'sigmoid(W*x + b)', '--wrt', 'x']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /assumed: W is n×m \(letter convention: A–Z are matrices\); x is m×1 .*b is n×1 \(inferred from its use in W\*x \+ b\)/);
  const h = JSON.parse(runCli(['hessian', 'norm2(A*x - b)^2', '--wrt', 'x', '--json']).stdout);
  assert.equal(h.assumed.map((a: { name: string }) => a.name).sort(), ['A', 'b', 'x']);
  assert.equal(h.hessian, "2*A'*A");
});

test('cli derive with respect to an intermediate: the graph is cut there (seed 001: ∂L/∂z)', () => {
  const r = runCli(['derive', "z = W*x + b; L = -y'*log(softmax(z))", '--wrt', 'z', '--vars', 'W: n x m; x: m; b: n; y: n onehot', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const o = JSON.parse(r.stdout);
  assert.equal(o.gradient, 'softmax(z) - y');
  assert.equal(o.function, "-y'*log(softmax(z))");
  // the same as the cut written by hand
  const hand = JSON.parse(runCli(['derive', "-y'*log(softmax(z))", '--wrt', 'z', '--vars', 'z: n; y: n onehot', '--json']).stdout);
  assert.equal(o.gradient, hand.gradient);
  // a name that is the function itself has no derivative with respect to itself worth asking
  const self = runCli(['derive', 'z = W*x; L = sum(z)', '--wrt', 'L']);
  assert.equal(self.code, 2);
  assert.match(self.stderr, /is the function itself/);
});
test.run();

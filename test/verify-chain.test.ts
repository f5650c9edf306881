// Chains of steps: every `=` judged for all values of the variables and of their differentials,
// the first wrong step marked with a counterexample and the rule that fixes it, the final
// identification confirmed. Seed 003's chain is the model; seed 000's last line is a one-step chain.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { check, derive, evaluate, parse } from '../src/index.js';
import { MatdiffError } from '../src/errors.js';

const DEFS = 'v = W*x; s = sigmoid(v); S = Diag(s); E = 1/2*(s-y):(s-y)';
const VARS = 'W: n x m; x: m; y: n';
const SEED3 = `dE = (s-y):ds
   = (s-y):((S - S^2)*dv)
   = ((S - S^2)*(s-y)):(dW*x)
   = ((S - S^2)*(s-y)*x'):dW`;

test('seed 003: the chain as the seed writes it is correct, and so is its identification', () => {
  const r = check(DEFS, { vars: VARS, steps: SEED3 });
  assert.is(r.verdict, 'correct');
  assert.is(r.steps.length, 4);
  assert.ok(r.steps.every((s) => s.verdict === 'correct'));
  assert.equal(r.steps.map((s) => s.line), [1, 2, 3, 4]);
  assert.equal(r.varying, ['W']);
  assert.is(r.firstWrong, undefined);
  assert.ok(r.identification);
  assert.is(r.identification!.verdict, 'correct');
  assert.is(r.identification!.wrt, 'W');
  assert.is(r.identification!.fnName, 'E');
  assert.is(r.identification!.claimed.unicode, '(S − S²)(s − y)xᵀ');
});

test('seed 003: definitions and declarations may head the steps file', () => {
  const file = `# seed 003
vars: W: n x m; x: m; y: n
v = W*x
s = sigmoid(v)
S = Diag(s)
E = 1/2*(s-y):(s-y)
${SEED3}
dE/dW = (S - S^2)*(s*x' - y*x')`;
  const r = check('', { steps: file });
  assert.is(r.verdict, 'correct');
  assert.equal(r.steps.map((s) => s.line), [7, 8, 9, 10]);
  // the explicit last line, the seed's ∂E/∂W = (S − S²)(sxᵀ − yxᵀ), is judged as the gradient
  assert.is(r.identification!.line, 11);
  assert.is(r.identification!.verdict, 'correct');
});

test('seed 003: d(expression) works like the differential of a definition', () => {
  const steps = `dE = (s-y):ds
   = (s-y):((S - S^2)*d(W*x))
   = ((S - S^2)*(s-y)*x'):d(W)`;
  const r = check(DEFS, { vars: VARS, steps });
  assert.is(r.verdict, 'correct');
});

test('a wrong substitution is flagged at its line, with a counterexample and the σ rule that fixes it', () => {
  const steps = `dE = (s-y):ds
   = (s-y):(S*dv)
   = (S*(s-y)):(dW*x)
   = (S*(s-y)*x'):dW`;
  const r = check(DEFS, { vars: VARS, steps });
  assert.is(r.verdict, 'wrong');
  assert.is(r.firstWrong, 2);
  const bad = r.steps[1]!;
  assert.is(bad.line, 2);
  assert.is(bad.verdict, 'wrong');
  // the later steps are right in themselves
  assert.is(r.steps[2]!.verdict, 'correct');
  assert.is(r.steps[3]!.verdict, 'correct');
  const cx = bad.counterexample!;
  assert.ok(cx, 'a counterexample');
  assert.not.equal(cx.claimed.entries, cx.truth.entries);
  assert.equal(cx.values.map((v) => v.name), ['W', 'x', 'y', 'dW']);
  assert.ok(bad.fix, 'a fix');
  assert.ok(bad.fix!.rules.some((x) => x.id === 'd.sigmoid'), bad.fix!.rules.map((x) => x.id).join());
  assert.match(bad.fix!.words, /ds = /);
  // and the identification of the wrong chain is wrong for the same reason: σ where σ′ belongs
  assert.is(r.identification!.verdict, 'wrong');
  assert.is(r.identification!.diagnosis!.kind, 'missing-derivative');
  assert.match(r.report('text'), /first wrong step is on line 2/);
});

test('a wrong Frobenius move is flagged, with the adjoint rule and the line as it should read', () => {
  const steps = `df = dx'*A*x + x'*A*dx
   = (A*x):dx + (A*x):dx
   = (2*A*x):dx`;
  const r = check("f = x'*A*x", { vars: 'x: n; A: n x n', steps });
  assert.is(r.firstWrong, 2);
  const bad = r.steps[1]!;
  assert.is(bad.line, 2);
  assert.ok(bad.counterexample?.exact, 'an exact counterexample: everything is rational');
  const ids = bad.fix!.rules.map((x) => x.id);
  assert.ok(ids.includes('adj.product') && ids.includes('adj.transpose'), ids.join());
  assert.is(bad.fix!.line!.unicode, '(A + Aᵀ)x : dx');
  assert.is(bad.diagnosis!.kind, 'symmetric');
  assert.is(r.steps[2]!.verdict, 'correct');
  assert.is(r.identification!.verdict, 'wrong');
  assert.is(r.identification!.diagnosis!.kind, 'symmetric');
});

test('a transposed last line is caught: C : dWᵀ is right, C : dW with the transposed C does not even typecheck', () => {
  const right = check(DEFS, { vars: VARS, steps: `dE = ((S - S^2)*(s-y)*x'):dW\n   = (x*((S - S^2)*(s-y))'):dW'` });
  assert.is(right.verdict, 'correct');
  const wrong = check(DEFS, { vars: VARS, steps: `dE = ((S - S^2)*(s-y)*x'):dW\n   = (x*((S - S^2)*(s-y))'):dW` });
  assert.is(wrong.verdict, 'wrong');
  assert.is(wrong.firstWrong, 2);
  assert.is(wrong.steps[0]!.verdict, 'correct');
  assert.match(wrong.steps[1]!.error!, /shape clash/);
});

test('a wrong explicit identification line is judged as a claim: the layout mix-up', () => {
  const r = check(DEFS, { vars: VARS, steps: `${SEED3}\ndE/dW = x*((S - S^2)*(s-y))'` });
  assert.ok(r.steps.every((s) => s.verdict === 'correct'));
  assert.is(r.identification!.verdict, 'wrong');
  assert.is(r.identification!.diagnosis!.kind, 'transpose');
  assert.is(r.verdict, 'wrong');
});

test("seed 000: the final line (ŷ − y)x = −(y − ŷ)x holds, and the claim is the gradient", () => {
  const r = check('', { vars: 'x: n; y: scalar; y_hat: scalar', steps: '(y_hat - y) * x = -(y - y_hat) * x' });
  assert.is(r.verdict, 'correct');
  assert.is(r.steps.length, 1);
  assert.ok(['symbolic', 'exact'].includes(r.steps[0]!.comparison!.method));
  const wrong = check('', { vars: 'x: n; y: scalar; y_hat: scalar', steps: '(y_hat - y) * x = (y - y_hat) * x' });
  assert.is(wrong.verdict, 'wrong');
  assert.ok(wrong.steps[0]!.counterexample);
  // with its definitions, the line's left side is ∂L/∂w
  const defs = "y_hat = sigmoid(w'*x); L = -(y*log(y_hat) + (1 - y)*log(1 - y_hat))";
  const c = check(defs, { wrt: 'w', vars: 'w: n; x: n; y: scalar', claim: '-(y - y_hat) * x' });
  assert.is(c.verdict, 'correct');
});

test('differentials only exist in chains: d and dv are still ordinary names elsewhere', () => {
  assert.is(derive("d*x'*x", { wrt: 'x' }).gradient.text, '2*d*x');
  // (dv is an ordinary name: a scalar by the a–g convention, a vector when declared so)
  assert.equal(evaluate('dv*x', { dv: 2, x: [3, 4] }), [[6], [8]]);
  assert.equal(evaluate("dv'*x", { dv: [1, 2], x: [3, 4] }, 'dv: n; x: n'), [[11]]);
  assert.is(parse("dv'*x", 'dv: n; x: n').shape.rows, '1');
  // and in a chain a name dq for an unknown q is an unknown name, not a differential
  assert.throws(() => check(DEFS, { vars: VARS, steps: 'dE = (s-y):dq\n = 0' }), /neither a variable nor a definition/);
});

/** the error `check` throws, as the command line prints it */
function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof MatdiffError) return e.format();
    throw e;
  }
  assert.unreachable('no error');
  return '';
}

test('a typo in a chain is an error at its place in the file, with the nearest name: never a silent new variable', () => {
  // dvv: it used to become a scalar variable (a–g convention) and the step was judged on that
  const file = `vars: ${VARS}\nv = W*x\ns = sigmoid(v)\nE = 1/2*(s-y):(s-y)\ndE = (s-y):ds\n   = (s-y):((s - s.^2) .* dvv)\n`;
  const m = errorOf(() => check('', { steps: file }));
  assert.match(m, /^error: line 6: `dvv` is neither a variable nor a definition of the function, nor the differential of one \(there is no `vv`\)/);
  // the caret under the name, in the line as the file has it
  assert.match(m, /\n {5}= \(s-y\):\(\(s - s\.\^2\) \.\* dvv\)\n {28}\^\^\^\n/);
  assert.match(m, /hint: did you mean `dv`\?/);
  // dq: two differentials are one edit away
  const q = errorOf(() => check(DEFS, { vars: VARS, steps: 'dE = (s-y):dq\n = 0' }));
  assert.match(q, /did you mean `dv`, `ds`/);
  assert.match(q, /\n {2}dE = \(s-y\):dq\n {13}\^\^/);
  // a plain name that is not the function's: yy for y
  assert.match(errorOf(() => check(DEFS, { vars: VARS, steps: 'dE = (s-yy):ds\n = 0' })), /`yy` is neither a variable nor a definition[\s\S]*did you mean `y`/);
  // without definitions, plain names are variables, but dX still needs its X
  assert.match(errorOf(() => check('', { steps: "d(x'*x) = 2*x'*dxx" })), /`dxx`[\s\S]*did you mean `dx`/);
  assert.is(check('', { steps: "d(x'*x) = 2*x'*dx" }).verdict, 'correct');
  // a declared variable whose name starts with d is a variable, not a differential
  assert.is(check('f = delta*x\'*x', { vars: 'delta: scalar; x: n', steps: "df = 2*delta*x'*dx" }).verdict, 'correct');
});

test("seed 003's chain with its definitions and no declarations: W is the definitions' variable, dW its differential", () => {
  // W appears in the chain only as dW; it used to become a variable named dW
  const r = check(DEFS, { steps: SEED3 });
  assert.is(r.verdict, 'correct', r.report('text'));
  assert.equal(r.varying, ['W']);
  assert.is(r.identification!.verdict, 'correct');
  assert.ok(!r.report('json').includes('"ddW"'));
});

test('a chain where every variable varies by default says so, and how to hold the others fixed', () => {
  const r = check(DEFS, { vars: VARS, steps: 'dE = (s-y):ds\n = (s-y):((S - S^2)*dv)' });
  assert.is(r.varyingFrom, 'all');
  assert.is(r.steps[0]!.verdict, 'wrong'); // y varies too: dE has a −(s − y):dy term
  assert.match(r.report('text'), /every variable varies; give --wrt W to hold the others fixed/);
  assert.is(check(DEFS, { vars: VARS, wrt: 'W', steps: 'dE = (s-y):ds\n = (s-y):((S - S^2)*dv)' }).verdict, 'correct');
});

test('each = is judged on its own: a later step that is right stays right after a wrong one', () => {
  const steps = `df = 2*x'*dx
   = 3*x'*dx
   = (3*x):dx`;
  const r = check("f = x'*x", { vars: 'x: n', steps });
  assert.equal(r.steps.map((s) => s.verdict), ['correct', 'wrong', 'correct']);
  assert.is(r.firstWrong, 2);
  assert.is(r.identification!.diagnosis!.kind, 'factor');
});

test.run();

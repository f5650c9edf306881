// The judge's hard cases, each with the verdict worked out by hand:
//   piecewise functions whose kinks lie between the integers (every integer point agrees, the
//   claim is still wrong on a slab between two kinks), and identities that hold away from the kinks;
//   cancellation: a true claim whose terms cancel to far below their own size (tanh saturating)
//   is never wrong, and a wrong one there is wrong with a counterexample whose values differ;
//   the identification of a chain's last line for a symmetric or diagonal variable is the one
//   derive() and claims use;
//   what the judge cannot decide it says, and never calls correct.
// Every wrong verdict's counterexample is re-evaluated here through the public evaluate(): the
// claim and the gradient must differ at the printed values, and print differently.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { check, evaluate } from '../src/index.js';
import { runCli } from './helpers/cli.js';

type Verdict = 'correct' | 'wrong' | 'undecided';
interface Row {
  why: string;
  expr: string;
  vars?: string;
  wrt: string;
  claim: string;
  verdict: Verdict;
}

const ROWS: Row[] = [
  // ---- kinks between the integers ----
  { why: 'sign(a) and sign(a + 1/2) differ for −1/2 < a < 0, and at no integer but the kink 0', expr: 'abs(a + 1/2)', wrt: 'a', claim: 'sign(a)', verdict: 'wrong' },
  { why: 'sign(a) is the gradient only where a and a + b have the same sign', expr: 'abs(a + b)', wrt: 'a', claim: 'sign(a)', verdict: 'wrong' },
  { why: 'the gradient itself', expr: 'abs(a + 1/2)', wrt: 'a', claim: 'sign(a + 1/2)', verdict: 'correct' },
  { why: 'sign(z) = 2 step(z) − 1 everywhere but at the kink z = 0, where abs has no derivative', expr: 'abs(a + 1/2)', wrt: 'a', claim: '2*step(a + 1/2) - 1', verdict: 'correct' },
  { why: 'sign(a) against sign(a + 1/3): the slab −1/3 < a < 0', expr: 'abs(a + 1/3)', wrt: 'a', claim: 'sign(a)', verdict: 'wrong' },
  { why: 'step(x) against step(x − 1/2): the slab 0 < xᵢ < 1/2', expr: 'sum(relu(x - 1/2))', wrt: 'x', claim: 'step(x)', verdict: 'wrong' },
  { why: 'step(x − 1/3) against step(x − 1/2): the slab 1/3 < xᵢ < 1/2', expr: 'sum(relu(x - 1/2))', wrt: 'x', claim: 'step(x - 1/3)', verdict: 'wrong' },
  { why: 'the gradient, written with its kink', expr: 'sum(relu(x - 1/2))', wrt: 'x', claim: 'step(x - 1/2)', verdict: 'correct' },
  { why: 'relu(z) = z ∘ step(z) away from z = 0: 1/2·relu(a − 2/3)² has the gradient (a − 2/3)·step(a − 2/3)', expr: '1/2*relu(a - 2/3)^2', wrt: 'a', claim: '(a - 2/3)*step(a - 2/3)', verdict: 'correct' },
  { why: 'the kink of a product Wx: sign(Wx − 1/4) is not sign(Wx)', expr: 'sum(abs(W*x - 1/4))', vars: 'W: n x m; x: m', wrt: 'W', claim: "sign(W*x)*x'", verdict: 'wrong' },
  { why: 'a kink through a non-rational function: step(tanh(x) − 1/3) is not step(tanh(x) − 0.3)', expr: 'sum(relu(tanh(x) - 1/3))', wrt: 'x', claim: 'step(tanh(x) - 0.3) .* (1 - tanh(x).^2)', verdict: 'wrong' },
  { why: 'the same, right', expr: 'sum(relu(tanh(x) - 1/3))', wrt: 'x', claim: 'step(tanh(x) - 1/3) .* (1 - tanh(x).^2)', verdict: 'correct' },
  // ---- cancellation ----
  { why: 'the issue: (2 − 2tanh²(K:K))K expanded; both are ~1e-10 where K:K = 13, far below the terms 2K', expr: 'tanh(K:K)', wrt: 'K', claim: '2*K - 2*tanh(K:K)^2*K', verdict: 'correct' },
  { why: 'the same for a 4×4 K, where tanh saturates at most points', expr: 'tanh(K:K)', vars: 'K: 4 x 4', wrt: 'K', claim: '2*K - 2*tanh(K:K)^2*K', verdict: 'correct' },
  { why: 'and an 8×8 K', expr: 'tanh(K:K)', vars: 'K: 8 x 8', wrt: 'K', claim: '2*K - 2*tanh(K:K)^2*K', verdict: 'correct' },
  { why: 'the wrong sign of the same small quantity', expr: 'tanh(K:K)', vars: 'K: 8 x 8', wrt: 'K', claim: '-(2*K - 2*tanh(K:K)^2*K)', verdict: 'wrong' },
  { why: '2 + 2tanh² for 2 − 2tanh²', expr: 'tanh(K:K)', wrt: 'K', claim: '2*K + 2*tanh(K:K)^2*K', verdict: 'wrong' },
  { why: 'a difference of 1e-6·K on a gradient of ~1e-12 is real, not rounding', expr: 'tanh(K:K)', vars: 'K: 8 x 8', wrt: 'K', claim: '2*K - 2*tanh(K:K)^2*K + 1e-6*K', verdict: 'wrong' },
  { why: 'σ′ written as e^{−a}/(1 + e^{−a})²', expr: 'sigmoid(a)', wrt: 'a', claim: 'exp(-a)/(1 + exp(-a))^2', verdict: 'correct' },
  // ---- what cannot be decided ----
  { why: "xᵀx + 1 > 0 for every x, so abs never crosses its kink, but no declared fact says so: the other piece is never reached and the judge cannot tell it is empty", expr: "abs(x'*x + 1)", wrt: 'x', claim: '2*x', verdict: 'undecided' },
  // ---- kinks the declared facts rule out ----
  { why: 'x is declared positive, so abs(x) never crosses its kink in the domain: sign(x) = 1 there, and ones(n) is the gradient', expr: 'sum(abs(x))', vars: 'x: n positive', wrt: 'x', claim: 'ones(n)', verdict: 'correct' },
  { why: 'the same claim (written x ./ x, which is 1 wherever defined) without the fact is wrong: negative entries give −1', expr: 'sum(abs(x))', vars: 'x: n', wrt: 'x', claim: 'x ./ x', verdict: 'wrong' },
  { why: 'exp(x) + 1/2 > 0 whatever x: the sign of the argument is fixed by the operators', expr: 'sum(abs(exp(x) + 1/2))', wrt: 'x', claim: 'exp(x)', verdict: 'correct' },
  { why: '−x for a positive x is negative: abs(−x) = x there', expr: 'sum(abs(-x))', vars: 'x: n positive', wrt: 'x', claim: 'ones(n)', verdict: 'correct' },
  { why: 'the claim is exactly 0 in reals, but each product carries rounding error and their difference is all rounding: no point can tell', expr: 'sin(a)^2 + cos(a)^2', wrt: 'a', claim: '2*sin(a)*cos(a) - 2*cos(a)*sin(a)', verdict: 'undecided' },
];

/** a printed entry ("-1/3", "0.25", "1.23e-12") as a number */
const num = (s: string): number => (s.includes('/') ? Number(s.split('/')[0]) / Number(s.split('/')[1]) : Number(s));

for (const row of ROWS) {
  test(`${row.verdict}: ∂/∂${row.wrt} ${row.expr} = ${row.claim} — ${row.why}`, () => {
    const c = check(row.expr, { wrt: row.wrt, vars: row.vars ?? '', claim: row.claim });
    assert.is(c.verdict, row.verdict, `${c.verdict}: ${c.comparison.undecided ?? ''}`);
    assert.is(c.ok, row.verdict === 'correct');
    if (row.verdict === 'undecided') {
      assert.ok(c.undecided && c.undecided.length > 20, 'says why');
      assert.not.ok(c.counterexample);
      assert.match(c.report('text'), /Verdict: UNDECIDED/);
    }
    if (row.verdict !== 'wrong') return;
    const cx = c.counterexample;
    assert.ok(cx, 'a wrong verdict comes with a counterexample');
    assert.is.not(JSON.stringify(cx!.claimed.entries), JSON.stringify(cx!.truth.entries), 'the printed values differ');
    // re-evaluated at the printed values, independently of the judge
    const values = Object.fromEntries(cx!.values.map((v) => [v.name, v.value.entries.map((r) => r.map(num))]));
    const claimed = evaluate(row.claim, values, row.vars ?? '').flat();
    const truth = evaluate(c.gradient.text, values, row.vars ?? '').flat();
    const scale = Math.max(...claimed.map(Math.abs), ...truth.map(Math.abs));
    assert.ok(claimed.some((x, i) => Math.abs(x - truth[i]!) > 1e-6 * scale), `they differ at the counterexample: ${claimed} vs ${truth}`);
    assert.ok(claimed.every((x, i) => Math.abs(x - num(cx!.claimed.entries.flat()[i]!)) <= 1e-5 * (scale || 1)), 'the printed claimed value is the claim there');
  });
}

test('the kink counterexample is a point no integer could give: a in (−1/2, 0)', () => {
  const c = check('abs(a + 1/2)', { wrt: 'a', claim: 'sign(a)' });
  const a = num(c.counterexample!.values.find((v) => v.name === 'a')!.value.entries[0]![0]!);
  assert.ok(a > -0.5 && a < 0, `a = ${a}`);
});

test('cancellation: the printed values of a true claim are not a counterexample, and the report names the skipped points', () => {
  const c = check('tanh(K:K)', { wrt: 'K', vars: 'K: 8 x 8', claim: '2*K - 2*tanh(K:K)^2*K' });
  assert.is(c.verdict, 'correct');
  assert.not.ok(c.counterexample);
});

// ---- chains: the identification derive() and claims use ----

const SYM = { defs: "f = x'*A*y", vars: 'A: n x n symmetric; x: n; y: n', v: 'A' };
const DIAG = { defs: "f = x'*D*y", vars: 'D: n x n diagonal; x: n; y: n', v: 'D' };
/** df = xᵀ dX y = (xyᵀ) : dX = <last> */
const chain = (s: typeof SYM, last: string) => check(s.defs, { vars: s.vars, steps: `df = x'*d${s.v}*y\n = (x*y') : d${s.v}\n = ${last}` });

test('chain, symmetric A: the projected form ½(xyᵀ + yxᵀ) : dA is right, as derive writes the gradient', () => {
  const r = chain(SYM, "1/2*(x*y' + y*x') : dA");
  assert.is(r.verdict, 'correct');
  assert.is(r.identification!.verdict, 'correct');
  assert.not.ok(r.identification!.note);
});

test('chain, symmetric A: the unprojected xyᵀ : dA is right on symmetric dA, with the note claim mode gives', () => {
  const r = chain(SYM, "(x*y') : dA");
  assert.is(r.verdict, 'correct');
  assert.is(r.identification!.verdict, 'correct');
  const claim = check(SYM.defs, { wrt: 'A', vars: SYM.vars, claim: "x*y'" });
  assert.is(claim.verdict, 'correct');
  assert.ok(r.identification!.note);
  assert.is(r.identification!.note, claim.note);
  assert.match(r.report('text'), /Note: The claim G is not symmetric/);
});

test('chain, symmetric A: twice the symmetric gradient is wrong, in the step and in the identification', () => {
  const r = chain(SYM, "(x*y' + y*x') : dA");
  assert.is(r.verdict, 'wrong');
  assert.is(r.firstWrong, 3); // df = xᵀdAy (1) = xyᵀ : dA (2) = (xyᵀ + yxᵀ) : dA (3)
  assert.is(r.identification!.verdict, 'wrong');
  assert.ok(r.identification!.counterexample);
  const claim = check(SYM.defs, { wrt: 'A', vars: SYM.vars, claim: "x*y' + y*x'" });
  assert.is(claim.verdict, 'wrong');
  assert.equal(r.identification!.diagnosis?.kinds, claim.diagnosis?.kinds);
});

test('chain, diagonal D: Diag(x ∘ y) : dD and xyᵀ : dD (with the note) are both right', () => {
  const projected = chain(DIAG, 'Diag(x .* y) : dD');
  assert.is(projected.verdict, 'correct');
  assert.not.ok(projected.identification!.note);
  const free = chain(DIAG, "(x*y') : dD");
  assert.is(free.verdict, 'correct');
  assert.match(free.identification!.note ?? '', /declared diagonal/);
});

test('chain: a step between kinks is judged like a claim (sign(a) for sign(a + 1/2) is wrong)', () => {
  const r = check('f = abs(a + 1/2)', { steps: 'df = sign(a + 1/2)*da\n = sign(a)*da' });
  assert.is(r.verdict, 'wrong');
  assert.is(r.firstWrong, 2); // df = sign(a + 1/2) da (1) = sign(a) da (2)
  const cx = r.steps[1]!.counterexample!;
  assert.is.not(JSON.stringify(cx.claimed.entries), JSON.stringify(cx.truth.entries));
});

// ---- the command ----

test('matdiff check: exit 1 for the kink claim, 0 for the cancelling one, 2 for undecided', () => {
  const kink = runCli(['check', 'abs(a + 1/2)', '--wrt', 'a', '--claim', 'sign(a)']);
  assert.is(kink.code, 1, kink.stderr);
  assert.match(kink.stdout, /Verdict: WRONG/);
  const tanh = runCli(['check', 'tanh(K:K)', '--wrt', 'K', '--claim', '2*K - 2*tanh(K:K)^2*K']);
  assert.is(tanh.code, 0, tanh.stderr);
  assert.match(tanh.stdout, /Verdict: CORRECT/);
  const open = runCli(['check', "abs(x'*x + 1)", '--wrt', 'x', '--claim', '2*x']);
  assert.is(open.code, 2, open.stderr);
  assert.match(open.stdout, /Verdict: UNDECIDED/);
  assert.match(open.stdout, /kept one sign/);
});

test.run();

// The numeric check (src/check/) hardened: it decides only where both f and the gradient formula
// have values and fails a formula that has none on a set of positive measure where f has one; its
// float tolerance follows the rounding of the evaluation (cancellation inside f or inside the
// formula), so right gradients of saturated functions pass and wrong ones still fail; every
// dimension gets a size (test/check-dimensions.test.ts); and every size is bounded before any
// work starts (a 'limit' error where even the smallest check cannot run). Oracles are independent
// of the check: closed forms written here in JavaScript, exact rational arithmetic, matrix
// identities (X·X⁻¹ = I), and noise drawn with a known standard deviation. No assertion is on wall-clock time: bounded work shows in the
// test finishing, and in the sizes the check reports.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { derive, parse, evaluate, CheckFailed, MatdiffError, type Derivation } from '../src/index.js';
import { boundedCheckField, checkGradient, type CheckResult } from '../src/check/check.js';
import { planCheck, MAX_ENTRIES } from '../src/check/plan.js';
import { noiseLevel } from '../src/check/noise.js';
import { evalBounded } from '../src/numeric/bounded.js';
import { checkFloat, isOverflow, Meter, metered, OverBudget } from '../src/check/fields.js';
import { evaluateTerm } from '../src/numeric/evaluate.js';
import { exactField, Undefined } from '../src/numeric/field.js';
import { mat, type Mat } from '../src/numeric/matrix.js';
import { Rng } from '../src/check/sample.js';
import { Fraction } from '../src/core/fraction.js';

/** check the claim `grad` (matdiff syntax) for ∂f/∂wrt with the check alone */
function judge(expr: string, wrt: string, vars: string, grad: string, seed?: number): CheckResult {
  const d = derive(expr, { wrt, vars, check: false });
  return checkGradient(d.fn, wrt, parse(grad, vars), d.elaborated.vars, seed === undefined ? {} : { seed });
}

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (e) {
    return e;
  }
  throw new Error('did not throw');
}

const sigma = (x: number) => 1 / (1 + Math.exp(-x));
const rand = new Rng(20240611);
const close = (a: number, b: number, rel: number) => Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b));

// ---- 1. the domain: decide where both have values, fail a formula undefined on positive measure ---

// det(Y)·inv(Y)ᵀ ∘ step(M) with Y = relu(M) is det(relu(M))'s gradient only where relu(M) is
// invertible; relu makes it singular with positive probability (a column of M ≤ 0).
const DET_RELU = "det(relu(M))*(inv(relu(M))' .* step(M))";

for (const vars of ['M: 2 x 2', 'M: n x n']) {
  test(`domain: det(relu(M)) (${vars}) with the gradient ${DET_RELU}, undefined where relu(M) is singular, FAILS`, () => {
    const r = judge('det(relu(M))', 'M', vars, DET_RELU);
    assert.is(r.ok, false, 'a formula undefined on a set of positive measure passed');
    assert.match(r.failure ?? '', /the formula has no value at \d+ of \d+ random points where the function has one/);
    assert.match(r.failure ?? '', /inv\(relu\(M\)\): singular matrix/);
    assert.ok(r.domain!.formulaUndefined > 0);
    // independent count: relu(M) is singular at a sizeable fraction of random 2×2 M
    let singular = 0;
    for (let k = 0; k < 400; k++) {
      const m = [0, 1, 2, 3].map(() => Math.max(0, rand.normal()));
      if (m[0]! * m[3]! - m[1]! * m[2]! === 0) singular++;
    }
    assert.ok(singular > 100, `${singular} of 400`);
  });
}

test('domain: the same check with f = det(relu(M)) + sum(M) and the gradient ones + … (the brief\'s input) FAILS too', () => {
  const r = judge('det(relu(M)) + sum(M)', 'M', 'M: 2 x 2', `ones(2,2) + ${DET_RELU}`);
  assert.is(r.ok, false);
  assert.match(r.failure ?? '', /no value/);
});

test('domain: a form of the same gradient defined everywhere (2×2: adj(Y)ᵀ = tr(Y) I − Yᵀ) passes', () => {
  const r = judge('det(relu(M)) + sum(M)', 'M', 'M: 2 x 2', "ones(2,2) + (tr(relu(M))*I(2) - relu(M)') .* step(M)");
  assert.ok(r.ok, r.failure);
  assert.is(r.domain!.formulaUndefined, 0);
});

test('domain: undefined only on a set of measure zero (det(X)·inv(X)ᵀ, singular X; x/norm2(x) at 0) passes', () => {
  // small-integer points of the exact check are singular by coincidence: drawn again, not counted
  const r = judge('det(X)', 'X', 'X: n x n', "det(X)*inv(X)'");
  assert.ok(r.ok, r.failure);
  assert.is(r.domain!.formulaUndefined, 0);
  const n = judge('norm2(x)', 'x', 'x: n', 'x/norm2(x)');
  assert.ok(n.ok, n.failure);
});

test('domain: det(relu(M)) + sum(M) through derive(): never a checked formula that lacks values where f has them', () => {
  let d: Derivation;
  try {
    d = derive('det(relu(M)) + sum(M)', { wrt: 'M', vars: 'M: 2 x 2' });
  } catch (e) {
    // the engine's formula is undefined where relu(M) is singular: the check must say so
    assert.ok(e instanceof CheckFailed, String(e));
    assert.match((e as Error).message, /no value/);
    return;
  }
  assert.ok(d.gradient.check?.ok);
  // the oracle: at random M (relu(M) singular at many of them), the formula has a value, and it
  // is ∂/∂M of r11 r22 − r12 r21 + Σ M with r = relu(M), written out
  let singular = 0;
  for (let k = 0; k < 200; k++) {
    const M = [[rand.normal(), rand.normal()], [rand.normal(), rand.normal()]];
    const r = M.map((row) => row.map((x) => Math.max(0, x)));
    const s = M.map((row) => row.map((x) => (x > 0 ? 1 : 0)));
    if (r[0]![0]! * r[1]![1]! - r[0]![1]! * r[1]![0]! === 0) singular++;
    const G = evaluate(d.gradient.term, { M });
    const want = [
      [1 + r[1]![1]! * s[0]![0]!, 1 - r[1]![0]! * s[0]![1]!],
      [1 - r[0]![1]! * s[1]![0]!, 1 + r[0]![0]! * s[1]![1]!],
    ];
    G.forEach((row, i) => row.forEach((g, j) => assert.ok(Math.abs(g - want[i]![j]!) <= 1e-12, `${g} vs ${want[i]![j]}`)));
  }
  assert.ok(singular > 40);
});

// ---- 2. tolerance that follows the rounding of the evaluation ----------------------------------

interface Row {
  expr: string;
  wrt: string;
  vars: string;
  /** the true gradient (matdiff syntax) */
  right: string;
  /** wrong gradients that doubles can tell from the right one: each must fail at every seed */
  wrong: string[];
}

const ROWS: Row[] = [
  // saturated: log(σ(20 + a)) ≈ −2e-9 is the log of 1 − 2e-9, its values carry 1e-16 of rounding
  { expr: 'log(sigmoid(20 + a))', wrt: 'a', vars: '', right: '1 - sigmoid(20 + a)', wrong: ['1.001*(1 - sigmoid(20 + a))', 'sigmoid(20 + a) - 1', '2*(1 - sigmoid(20 + a))', 'sigmoid(20 + a)', '1 - sigmoid(20.01 + a)'] },
  { expr: 'log(sigmoid(-30 + a))', wrt: 'a', vars: '', right: '1 - sigmoid(a - 30)', wrong: ['1.0001*(1 - sigmoid(a - 30))', 'sigmoid(a - 30) - 1', 'sigmoid(a - 30)'] },
  // log(1 − σ(a − 25)): the log of 1 − 1e-11, and the formula −σ(a − 25) over a value 1e-11
  { expr: 'log(1 - sigmoid(a - 25))', wrt: 'a', vars: '', right: '-sigmoid(a - 25)', wrong: ['sigmoid(a - 25)', '-2*sigmoid(a - 25)', '-1.1*sigmoid(a - 25)', '-sigmoid(a - 24)'] },
  // softplus-like
  { expr: 'sum(log(1 + exp(x)))', wrt: 'x', vars: 'x: n', right: 'sigmoid(x)', wrong: ['1.0001*sigmoid(x)', '-sigmoid(x)', 'exp(x)', 'sigmoid(x) - sigmoid(x).^2'] },
  { expr: 'log(1 + exp(a + 30))', wrt: 'a', vars: '', right: 'sigmoid(a + 30)', wrong: ['1.0001*sigmoid(a + 30)', '-sigmoid(a + 30)', 'sigmoid(a + 30) - 1e-3'] },
  { expr: 'log(1 + exp(a - 30))', wrt: 'a', vars: '', right: 'sigmoid(a - 30)', wrong: ['-sigmoid(a - 30)', '2*sigmoid(a - 30)', 'exp(a - 29)'] },
  // steep and exp-heavy
  { expr: 'exp(sum(x.^7))', wrt: 'x', vars: 'x: n', right: '7*exp(sum(x.^7))*x.^6', wrong: ['7.0007*exp(sum(x.^7))*x.^6', '-7*exp(sum(x.^7))*x.^6', '6*exp(sum(x.^7))*x.^6', '7*exp(sum(x.^7))*x.^5'] },
  { expr: 'sum(exp(10*x))', wrt: 'x', vars: 'x: n', right: '10*exp(10*x)', wrong: ['10.001*exp(10*x)', 'exp(10*x)', '-10*exp(10*x)'] },
  { expr: 'sum(exp(exp(x)))', wrt: 'x', vars: 'x: n', right: 'exp(exp(x)) .* exp(x)', wrong: ['1.0001*exp(exp(x)) .* exp(x)', 'exp(exp(x))', '-exp(exp(x)) .* exp(x)'] },
  // tanh of a Frobenius product: saturated at larger sizes (K:K ≈ 16 for 4×4)
  { expr: 'tanh(K:K)', wrt: 'K', vars: 'K: n x n', right: '2*(1 - tanh(K:K)^2)*K', wrong: ["2*(1 - tanh(K:K)^2)*K'", '-2*(1 - tanh(K:K)^2)*K', '2*K', '(1 - tanh(K:K)^2)*K'] },
  { expr: 'tanh(K:K/20)', wrt: 'K', vars: 'K: n x n', right: '(1 - tanh(K:K/20)^2)*K/10', wrong: ["(1 - tanh(K:K/20)^2)*K'/10", '1.0001*(1 - tanh(K:K/20)^2)*K/10', '-(1 - tanh(K:K/20)^2)*K/10'] },
  // zero gradients: the differences are rounding noise
  { expr: 'sum(softmax(y))', wrt: 'y', vars: 'y: n', right: 'zeros(n)', wrong: ['1e-6*ones(n)', 'softmax(y)', '1e-9*y'] },
  { expr: 'exp(30)*sum(softmax(y))', wrt: 'y', vars: 'y: n', right: 'zeros(n)', wrong: ['exp(30)*1e-6*softmax(y)', 'exp(30)*1e-9*y'] },
  { expr: 'logdet(X)', wrt: 'X', vars: 'X: n x n spd', right: 'inv(X)', wrong: ['1.0001*inv(X)', 'X', '2*inv(X)'] },
];

const SEEDS = [1, 2, 3, 4, 5, 6];

for (const row of ROWS) {
  test(`tolerance: ∂(${row.expr})/∂${row.wrt} = ${row.right} passes at every seed, and the engine's own gradient passes`, () => {
    for (const seed of SEEDS) {
      const r = judge(row.expr, row.wrt, row.vars, row.right, seed);
      assert.ok(r.ok, `seed ${seed}: ${r.failure}`);
    }
    const g = derive(row.expr, { wrt: row.wrt, vars: row.vars }).gradient;
    assert.ok(g.check?.ok, g.check?.failure);
  });
  test(`tolerance: wrong gradients of ${row.expr} fail at every seed`, () => {
    for (const wrong of row.wrong) {
      for (const seed of SEEDS) {
        const r = judge(row.expr, row.wrt, row.vars, wrong, seed);
        assert.is(r.ok, false, `${wrong} passed at seed ${seed} (max relative error ${r.maxRelError}, floor ${r.roundingFloor})`);
      }
    }
  });
}

test('tolerance: log(σ(20 + a)) — the engine\'s gradient is right by a closed form, and the check says to what level it agreed', () => {
  const d = derive('log(sigmoid(20 + a))', { wrt: 'a' });
  const c = d.gradient.check!;
  assert.is(c.method, 'float');
  assert.ok(c.ok, c.failure);
  // decided by the rounding level of f's values: reported, and far below the derivative (≈ 1e-9)
  assert.ok(c.roundingFloor! > 0 && c.roundingFloor! < 1e-11, String(c.roundingFloor));
  for (const a of [-1.5, 0, 0.7, 2]) {
    const oracle = 1 / (1 + Math.exp(20 + a)); // = 1 − σ(20 + a) without cancellation
    const g = evaluate(d.gradient.term, { a })[0]![0]!;
    assert.ok(close(g, oracle, 1e-6), `${g} vs ${oracle}`);
  }
});

test('tolerance: where f\'s values in doubles cannot resolve the derivative at all, the check says it cannot check (not FAILED, not passed)', () => {
  // log det(I + s sᵀ) with s = σ(x − 20) ≈ 2e-9: det(I + s sᵀ) = 1 + |s|² rounds to 1, f is 0 in doubles
  const e = thrown(() => derive("logdet(sigmoid(x - 20)*sigmoid(x - 20)' + I(m))", { wrt: 'x', vars: 'x: m' }));
  assert.ok(e instanceof MatdiffError && !(e instanceof CheckFailed), String(e));
  assert.is((e as MatdiffError).kind, 'check');
  assert.match((e as MatdiffError).message, /cannot check ∂f\/∂x = .*: the function's values in doubles do not resolve its derivative at any of the \d+ points tried/);
  // and a wrong claim is no better off: never passed (failed, or not checkable)
  const d = derive("logdet(sigmoid(x - 20)*sigmoid(x - 20)' + I(m))", { wrt: 'x', vars: 'x: m', check: false });
  for (const claim of ['4*sigmoid(x - 20) .* (1 - sigmoid(x - 20))', '-2*sigmoid(x - 20).^2', '2*sigmoid(x - 20)']) {
    let verdict: string;
    try {
      const r = checkGradient(d.fn, 'x', parse(claim, 'x: m'), d.elaborated.vars);
      verdict = r.ok ? 'passed' : 'failed';
    } catch (e) {
      assert.ok(e instanceof MatdiffError && e.kind === 'check', String(e));
      verdict = 'cannot check';
    }
    assert.is.not(verdict, 'passed', claim);
  }
  // the oracle: f really is 0 in doubles there, while its exact value is |s|² > 0
  const s = sigma(0.3 - 20);
  assert.is(1 + s * s, 1);
});

test('tolerance: f ≡ 0 computed with cancellation (log(σ(a) + σ(−a))): the zero claim passes, non-zero ones fail', () => {
  const d = derive('log(sigmoid(a) + sigmoid(-a))', { wrt: 'a', check: false });
  assert.ok(checkGradient(d.fn, 'a', parse('0'), d.elaborated.vars).ok);
  for (const wrong of ['1e-6', '1e-8*sigmoid(a)', '1e-12']) {
    for (const seed of SEEDS) assert.is(checkGradient(d.fn, 'a', parse(wrong), d.elaborated.vars, { seed }).ok, false, wrong);
  }
  // the oracle: σ(a) + σ(−a) is 1 to the last bit or two, so f is 0 or a rounding error
  for (const a of [-2, -0.3, 0.5, 3]) assert.ok(Math.abs(Math.log(sigma(a) + sigma(-a))) <= 2.3e-16);
});

// ---- 3. sizes bounded before any work ----------------------------------------------------------

const KRON7 = 'sum(kron(A,kron(B,kron(C,kron(D,kron(E,kron(F,G)))))))';

test('sizes: seven nested kron with symbolic dimensions is checked at sizes whose product stays within the limit', () => {
  const c = derive(KRON7, { wrt: 'A' }).gradient.check!;
  assert.ok(c.ok, c.failure);
  assert.ok(c.trials >= 1);
  for (const s of c.sizes) {
    const entries = Object.values(s).reduce((p, n) => p * n, 1);
    assert.is(Object.keys(s).length, 14);
    assert.ok(entries <= MAX_ENTRIES, `${entries} entries at ${JSON.stringify(s)}`);
    assert.ok(Object.values(s).every((n) => n >= 1 && n <= 4));
  }
});

test('sizes: logdet(X), X: 60 x 60 spd, is checked in doubles (never exactly at 60×60), and inv(X) is its gradient: X·G = I', () => {
  const d = derive('logdet(X)', { wrt: 'X', vars: 'X: 60 x 60 spd' });
  const c = d.gradient.check!;
  assert.is(c.method, 'float');
  assert.ok(c.ok, c.failure);
  for (const s of c.sizes) assert.equal(s, {});
  // the oracle: an spd X of our own, and X·G = I in plain JavaScript
  const B = Array.from({ length: 60 }, () => Array.from({ length: 60 }, () => rand.normal()));
  const X = B.map((_, i) => B.map((_, j) => B[i]!.reduce((s, x, k) => s + x * B[j]![k]!, 0) / 60 + (i === j ? 1 : 0)));
  const G = evaluate(d.gradient.term, { X });
  for (let i = 0; i < 60; i++) for (let j = 0; j < 60; j++) assert.ok(Math.abs(X[i]!.reduce((s, x, k) => s + x * G[k]![j]!, 0) - (i === j ? 1 : 0)) < 1e-9);
});

test('sizes: tr(inv(X)), X: 30 x 30, is checked in doubles; its gradient −(X⁻²)ᵀ satisfies X·X·Gᵀ = −I', () => {
  const d = derive('tr(inv(X))', { wrt: 'X', vars: 'X: 30 x 30' });
  const c = d.gradient.check!;
  assert.is(c.method, 'float');
  assert.ok(c.ok, c.failure);
  const X = Array.from({ length: 30 }, (_, i) => Array.from({ length: 30 }, (_, j) => rand.normal() / 6 + (i === j ? 1 : 0)));
  const G = evaluate(d.gradient.term, { X });
  const XX = X.map((row) => X[0]!.map((_, j) => row.reduce((s, x, k) => s + x * X[k]![j]!, 0)));
  for (let i = 0; i < 30; i++) for (let j = 0; j < 30; j++) assert.ok(Math.abs(XX[i]!.reduce((s, x, k) => s + x * G[j]![k]!, 0) + (i === j ? 1 : 0)) < 1e-8);
});

test('sizes: sum(exp(X)), X: 1000 x 1000 (once a stack overflow), is checked in doubles within the budget', () => {
  const c = derive('sum(exp(X))', { wrt: 'X', vars: 'X: 1000 x 1000' }).gradient.check!;
  assert.is(c.method, 'float');
  assert.ok(c.ok, c.failure);
  assert.ok(c.trials >= 1 && c.trials <= 4);
});

test("sizes: x'*x with x: 1000000 (a fixed size, not shrunk) is checked in doubles", () => {
  const c = derive("x'*x", { wrt: 'x', vars: 'x: 1000000' }).gradient.check!;
  assert.is(c.method, 'float');
  assert.ok(c.ok, c.failure);
});

function limitError(expr: string, wrt: string, vars: string): MatdiffError {
  const e = thrown(() => derive(expr, { wrt, vars }));
  assert.ok(e instanceof MatdiffError, String(e));
  assert.is((e as MatdiffError).kind, 'limit', (e as Error).message);
  return e as MatdiffError;
}

test("sizes: x'*x with x: 10000000 is refused as a 'limit' before any work", () => {
  assert.match(limitError("x'*x", 'x', 'x: 10000000').message, /10000000/);
});

test("sizes: a value larger than the check's limit of entries (x*x' with x: 1000000) is refused: which limit, what size, how to proceed", () => {
  const e = limitError("sum(x*x')", 'x', 'x: 1000000');
  assert.match(e.message, /the numeric check of ∂f\/∂x cannot run at these sizes: `x\*x'` is 1000000×1000000 = 1000000000000 entries, above the limit of 4194304 entries in one value/);
  assert.match(e.hint ?? '', /declare the dimensions symbolically \(x: n, A: n x n\) so the check can run at small sizes, or pass --no-check \(check: false in code\)/);
  // the same function declared symbolically is checked at small sizes
  const c = derive("sum(x*x')", { wrt: 'x', vars: 'x: n' }).gradient.check!;
  assert.ok(c.ok);
  for (const s of c.sizes) assert.ok(s.n! <= 4);
  // and check: false skips it
  assert.is(derive("sum(x*x')", { wrt: 'x', vars: 'x: 1000000', check: false }).gradient.check, undefined);
});

test('sizes: too much work at fixed sizes (a 2000×2000 product; logdet of 1000×1000) is refused with the limit named', () => {
  assert.match(limitError('sum(X*Y)', 'X', 'X: 2000 x 2000; Y: 2000 x 2000').message, /entries at once, above the limit of 8388608/);
  assert.match(limitError('logdet(X)', 'X', 'X: 1000 x 1000').message, /would take about [\d.e+]+ operations.*`logdet\(X\)`.*above the limit of 3e\+8/);
});

test('sizes: the exact check runs only where it can finish: rationals that grow past the meter fall back to doubles', () => {
  // tr(inv(X)^16) at 6×6: within the plan's estimate for an exact check, but its rationals
  // (denominators det(X)^17) grow past the meter
  const d6 = derive('tr(inv(X)^16)', { wrt: 'X', vars: 'X: 6 x 6', check: false });
  assert.ok(planCheck(d6.fn, d6.gradient.term, d6.elaborated.vars, 'X').exact, 'planned exact');
  const c = derive('tr(inv(X)^16)', { wrt: 'X', vars: 'X: 6 x 6' }).gradient.check!;
  assert.is(c.method, 'float');
  assert.ok(c.ok, c.failure);
  // a 9×9 inverse is never attempted exactly
  const d9 = derive('tr(inv(X))', { wrt: 'X', vars: 'X: 9 x 9', check: false });
  assert.match(planCheck(d9.fn, d9.gradient.term, d9.elaborated.vars, 'X').noExact ?? '', /9×9 matrix is inverted/);
  // and where it can, it is exact
  assert.is(derive('tr(inv(X)^4)', { wrt: 'X', vars: 'X: n x n' }).gradient.check!.method, 'exact');
  // the meter itself: a cap of 1000 weighted operations stops an evaluation that needs more
  const d = derive('tr(inv(X)^4)', { wrt: 'X', vars: 'X: 6 x 6', check: false });
  const X = mat(6, 6, Array.from({ length: 36 }, (_, k) => new Fraction((k * 7) % 5 - 2 + (k % 7 === 0 ? 4 : 0))));
  const run = (cap: number) => evaluateTerm(d.fn, { vars: new Map([['X', X]]), sizes: new Map() }, metered(exactField, new Meter(cap)));
  assert.ok(thrown(() => run(1000)) instanceof OverBudget);
  // metered, the value is the same as unmetered
  const plain = evaluateTerm(d.fn, { vars: new Map([['X', X]]), sizes: new Map() }, exactField);
  assert.ok(run(1e9).data[0]!.equals(plain.data[0]!));
});

// ---- the pieces against independent oracles ----------------------------------------------------

test('noise: the Moré–Wild estimate recovers a known noise level, and says 0 for a smooth function', () => {
  for (const s of [1e-16, 1e-10, 3e-3]) {
    const ests: number[] = [];
    for (let k = 0; k < 50; k++) ests.push(noiseLevel(Array.from({ length: 9 }, (_, i) => Math.sin(1 + i * 1e-7) + s * rand.normal()))!);
    ests.sort((a, b) => a - b);
    const median = ests[25]!;
    assert.ok(median > s / 2 && median < s * 2, `${median} for σ = ${s}`);
  }
  // a cubic has 4th differences exactly 0 in exact arithmetic; its rounding only remains
  assert.ok(noiseLevel(Array.from({ length: 9 }, (_, i) => i ** 3 / 8))! < 1e-12);
});

/** a double as the exact rational it is */
function exactOf(x: number): Fraction {
  let k = 0;
  let y = x;
  while (!Number.isInteger(y)) {
    y *= 2;
    k++;
  }
  return new Fraction(BigInt(y), 2n ** BigInt(k));
}

test('bounds: the rounding-error bound of a float evaluation holds against exact rational arithmetic at the same inputs', () => {
  for (const expr of ['sum(inv(X))', 'det(X)', "sum(X*X'*X - 3*X)", 'tr(inv(X + X*X))']) {
    const t = parse(expr, 'X: n x n');
    for (let k = 0; k < 20; k++) {
      const n = 2 + (k % 4);
      const data = Array.from({ length: n * n }, () => rand.normal() * 10 ** Math.floor(rand.next() * 4 - 2));
      const sizes = new Map([['n', n]]);
      const b = evalBounded(t, { vars: new Map([['X', mat(n, n, data)]]), sizes }, boundedCheckField).data[0]!;
      const exact = evaluateTerm(t, { vars: new Map([['X', mat(n, n, data.map(exactOf))]]), sizes }, exactField).data[0]!;
      const err = Math.abs(exactOf(b.v).sub(exact).valueOf());
      assert.ok(err <= b.e, `${expr}: |error| ${err} > bound ${b.e}`);
    }
  }
});

test('fields: a pole is told from an overflow (1/0, log(0) have no value; exp(800) only overflows)', () => {
  const at = (expr: string, x: number): Undefined => {
    const e = thrown(() => evaluateTerm(parse(expr, 'x: 1'), { vars: new Map<string, Mat<number>>([['x', mat(1, 1, [x])]]), sizes: new Map() }, checkFloat));
    assert.ok(e instanceof Undefined, String(e));
    return e as Undefined;
  };
  assert.is(isOverflow(at('1/x', 0)), false);
  assert.is(isOverflow(at('x.^-2', 0)), false);
  assert.is(isOverflow(at('log(x)', 0)), false);
  assert.is(isOverflow(at('log(x)', -1)), false);
  assert.is(isOverflow(at('exp(x)', 800)), true);
});

test.run();

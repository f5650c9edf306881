// The five seed questions (../shared/seeds/), each written as the seed writes it, with every
// gradient the seed asks about worked by hand and checked as in test/worked.test.ts: derive's own
// check, the shape of the variable, the hand-worked closed form and central differences at random
// points (test/helpers/worked.ts). Where the seed gives numbers, the gradient is evaluated there.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { derive, evaluate, parse } from '../src/index.js';
import { checkWorkedRow, type WorkedRow } from './helpers/worked.js';
import { evalAt, randomPoint, relDiff, variablesOf } from './helpers/numeric.js';

const near = (a: number[][], b: number[][], tol = 1e-12) => assert.ok(relDiff(a, b) < tol, `${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`);

// ---- seed 003: v = Wx, s = σ(v), E = ½(s−y):(s−y) ------------------------------------------------
// dE = (s−y):ds = (s−y):(S−S²)dv = (S−S²)(s−y):dW x = (S−S²)(s−y)xᵀ:dW, S = Diag(s); likewise
// dE = (S−S²)(s−y):W dx = Wᵀ(S−S²)(s−y):dx, and dE = (s−y):(−dy) = (y−s):dy.
const SEED3 = { expr: 'v = W*x; s = sigmoid(v); E = 1/2*(s - y):(s - y)', vars: 'W: n x m; x: m; y: n' };
const SEED3_ROWS: WorkedRow[] = [
  { source: 'seed 003, ∂E/∂W = (S − S²)(s − y)xᵀ', ...SEED3, wrt: 'W', expected: "s = sigmoid(W*x); (Diag(s) - Diag(s)^2)*(s - y)*x'" },
  { source: 'seed 003, ∂E/∂W in Hadamard form ((s − s∘s)∘(s − y))xᵀ', ...SEED3, wrt: 'W', expected: "s = sigmoid(W*x); ((s - s .* s) .* (s - y))*x'" },
  { source: 'seed 003, ∂E/∂x = Wᵀ(S − S²)(s − y)', ...SEED3, wrt: 'x', expected: "s = sigmoid(W*x); W'*(Diag(s) - Diag(s)^2)*(s - y)" },
  { source: 'seed 003, ∂E/∂y = y − s', ...SEED3, wrt: 'y', expected: 'y - sigmoid(W*x)' },
];
for (const [i, row] of SEED3_ROWS.entries()) test(row.source, () => void checkWorkedRow(row, 3000 + 100 * i));

test('seed 003: the pretty form is ((s - s.^2) .* (s - y))*x\' with s = sigmoid(W*x)', () => {
  const g = derive(SEED3.expr, { wrt: 'W', vars: SEED3.vars }).gradient;
  const p = g.pretty();
  assert.is(p.expr, "((s - s.^2) .* (s - y))*x'");
  assert.equal(p.defs.map((d) => `${d.name} = ${d.expr}`), ['s = sigmoid(W*x)']);
  // the pretty form with its definition, read back, is the gradient
  const f = parse(SEED3.expr, SEED3.vars);
  const back = parse(`${p.defs.map((d) => `${d.name} = ${d.expr}`).join('; ')}; ${p.expr}`, SEED3.vars);
  for (const seed of [1, 2, 3]) {
    const pt = randomPoint(f, seed);
    near(evalAt(back, pt), evalAt(g.term, pt));
  }
});

test('seed 003: String(gradient) is self-contained matdiff syntax', () => {
  const g = derive(SEED3.expr, { wrt: 'W', vars: SEED3.vars }).gradient;
  const text = String(g);
  assert.is(text, g.text);
  // no intermediate names (v, s, E): only the variables of the function
  const back = parse(text, SEED3.vars);
  assert.equal([...variablesOf(back).keys()].sort(), ['W', 'x', 'y']);
  assert.is(text, "((sigmoid(W*x) - sigmoid(W*x).^2) .* (sigmoid(W*x) - y))*x'");
  // and it parses without the declarations too (shapes inferred from use)
  const W = [[0.5, -1, 2], [1.5, 0.25, -0.75]];
  const x = [[1], [-2], [0.5]];
  const y = [[0.2], [0.9]];
  near(evaluate(text, { W, x, y }), evaluate(g.term, { W, x, y }));
  // by hand at these numbers: s = σ(Wx), G = ((s − s²) ∘ (s − y)) xᵀ
  const sig = (t: number) => 1 / (1 + Math.exp(-t));
  const s = W.map((row) => sig(row.reduce((acc, w, j) => acc + w * x[j]![0]!, 0)));
  const G = s.map((si, i) => x.map(([xj]) => (si - si * si) * (si - y[i]![0]!) * xj!));
  near(evaluate(g.term, { W, x, y }), G);
});

// ---- seed 000: logistic log-loss, ŷ = σ(wᵀx + b), L = −(y log ŷ + (1 − y) log(1 − ŷ)) --------------
// dL = −(y/ŷ − (1 − y)/(1 − ŷ)) dŷ and dŷ = ŷ(1 − ŷ) dz, so dL = (ŷ − y) dz = (ŷ − y) x:dw: the
// seed's last line (ŷ − y)x = −(y − ŷ)x.
const SEED0 = { expr: "yhat = sigmoid(w'*x + b); L = -(y*log(yhat) + (1 - y)*log(1 - yhat))", vars: 'w: n; x: n; b: scalar; y: scalar' };
const SEED0_ROWS: WorkedRow[] = [
  { source: 'seed 000, ∂L/∂w = (ŷ − y)x', ...SEED0, wrt: 'w', expected: "-(y - sigmoid(w'*x + b))*x" },
  { source: 'seed 000, ∂L/∂b = ŷ − y', ...SEED0, wrt: 'b', expected: "sigmoid(w'*x + b) - y" },
];
for (const [i, row] of SEED0_ROWS.entries()) test(row.source, () => void checkWorkedRow(row, 100 + 100 * i));

// ---- seed 001: softmax cross-entropy with ROW vectors ------------------------------------------
// z, ȳ, ŷ are 1×N; L = −ȳ·log ŷ with ŷ = softmax(z). dŷ = dz(Diag(ŷ) − ŷᵀŷ), so
// dL = −(ȳ ⊘ ŷ)(Diag(ŷ) − ŷᵀŷ)ᵀ:dz = (−ȳ + (ȳ1)ŷ):dz = (ŷ − ȳ):dz for one-hot ȳ (ȳ1 = 1).
// With the seed's layer z = aW + b (a: 1×n, W: n×N, b: 1×N): ∂L/∂W = aᵀ(ŷ − ȳ), ∂L/∂b = ŷ − ȳ,
// ∂L/∂a = (ŷ − ȳ)Wᵀ; one layer down, the seed's ∂L/∂z⁽ˡ⁾ = (∂L/∂z⁽ˡ⁺¹⁾ W⁽ˡ⁺¹⁾ᵀ) ∘ g′(z⁽ˡ⁾).
const SEED1 = { expr: "yhat = softmax(z); L = -y*log(yhat)'", vars: 'y: 1 x N onehot; z: 1 x N' };
const SEED1_LAYER = { expr: "z = a*W + b; yhat = softmax(z); L = -y*log(yhat)'", vars: 'a: 1 x n; W: n x N; b: 1 x N; y: 1 x N onehot' };
const SEED1_NET = {
  expr: "z = x*V + c; a = tanh(z); u = a*W + b; yhat = softmax(u); L = -y*log(yhat)'",
  vars: 'x: 1 x m; V: m x n; c: 1 x n; W: n x N; b: 1 x N; y: 1 x N onehot',
};
const SEED1_ROWS: WorkedRow[] = [
  { source: 'seed 001, row vectors: ∂L/∂z = softmax(z) − ȳ', ...SEED1, wrt: 'z', expected: 'softmax(z) - y' },
  {
    source: 'seed 001, row vectors, any target ȳ (not one-hot): ∂L/∂z = (ȳ1)softmax(z) − ȳ',
    expr: SEED1.expr,
    vars: 'y: 1 x N; z: 1 x N',
    wrt: 'z',
    expected: 'sum(y)*softmax(z) - y',
  },
  { source: 'seed 001, output layer z = aW + b: ∂L/∂W = aᵀ(ŷ − ȳ)', ...SEED1_LAYER, wrt: 'W', expected: "a'*(softmax(a*W + b) - y)" },
  { source: 'seed 001, output layer: ∂L/∂b = ŷ − ȳ', ...SEED1_LAYER, wrt: 'b', expected: 'softmax(a*W + b) - y' },
  { source: 'seed 001, output layer: ∂L/∂a = (ŷ − ȳ)Wᵀ', ...SEED1_LAYER, wrt: 'a', expected: "(softmax(a*W + b) - y)*W'" },
  {
    source: 'seed 001, hidden layer (tanh): ∂L/∂c = ((ŷ − ȳ)Wᵀ) ∘ (1 − a∘a)',
    ...SEED1_NET,
    wrt: 'c',
    expected: "a = tanh(x*V + c); ((softmax(a*W + b) - y)*W') .* (1 - a .* a)",
  },
  {
    source: 'seed 001, hidden layer (tanh): ∂L/∂V = xᵀ(((ŷ − ȳ)Wᵀ) ∘ (1 − a∘a))',
    ...SEED1_NET,
    wrt: 'V',
    expected: "a = tanh(x*V + c); x'*(((softmax(a*W + b) - y)*W') .* (1 - a .* a))",
  },
];
for (const [i, row] of SEED1_ROWS.entries()) test(row.source, () => void checkWorkedRow(row, 1100 + 100 * i));

test('seed 001: the gradient w.r.t. the row of logits is a row (1 × N)', () => {
  const g = derive(SEED1.expr, { wrt: 'z', vars: SEED1.vars }).gradient;
  assert.equal({ ...g.shape }, { rows: '1', cols: 'N' });
  // at the numbers z = (1, 2, 3), ȳ = (0, 1, 0): softmax(z) − ȳ
  const z = [[1, 2, 3]];
  const e = z[0]!.map(Math.exp);
  const sum = e.reduce((a, b) => a + b, 0);
  near(evaluate(g.term, { z, y: [[0, 1, 0]] }), [[e[0]! / sum, e[1]! / sum - 1, e[2]! / sum]]);
});

// ---- seed 002: ReLU neuron, u = max(0, w·x + b), v = y − u, C = v² --------------------------------
// dC = 2v dv = −2v du = −2v step(z) dz = 2 step(z)(u − y)(x:dw + db).
const SEED2 = { expr: "z = w'*x + b; u = relu(z); v = y - u; C = v^2", vars: 'w: n; x: n; b: scalar; y: scalar' };
// the seed's cost over N examples (rows of X), without the 1/N: C = Σᵢ (yᵢ − max(0, w·xᵢ + b))²;
// dC = 2(u − y):(step(z) ∘ (X dw + 1 db)), so ∂C/∂w = 2Xᵀ(step(z) ∘ (u − y)), ∂C/∂b = 2·1ᵀ(step(z) ∘ (u − y))
const SEED2_BATCH = { expr: 'z = X*w + b; u = relu(z); v = y - u; C = v:v', vars: 'X: N x n; w: n; b: scalar; y: N' };
const SEED2_ROWS: WorkedRow[] = [
  { source: 'seed 002, ∂C/∂w = 2 step(z)(u − y)x', ...SEED2, wrt: 'w', expected: "z = w'*x + b; 2*step(z)*(relu(z) - y)*x" },
  { source: 'seed 002, ∂C/∂b = 2 step(z)(u − y)', ...SEED2, wrt: 'b', expected: "z = w'*x + b; 2*step(z)*(relu(z) - y)" },
  { source: 'seed 002, N examples: ∂C/∂w = 2Xᵀ(step(z) ∘ (u − y))', ...SEED2_BATCH, wrt: 'w', expected: "z = X*w + b; 2*X'*(step(z) .* (relu(z) - y))" },
  { source: 'seed 002, N examples: ∂C/∂b = 2·1ᵀ(step(z) ∘ (u − y))', ...SEED2_BATCH, wrt: 'b', expected: 'z = X*w + b; 2*sum(step(z) .* (relu(z) - y))' },
];
for (const [i, row] of SEED2_ROWS.entries()) test(row.source, () => void checkWorkedRow(row, 2100 + 100 * i));

test('seed 002: where the neuron is inactive (w·x + b < 0) the gradient is 0, else 2(w·x + b − y)x', () => {
  const d = derive(SEED2.expr, { wrt: ['w', 'b'], vars: SEED2.vars });
  const gw = d.byName('w')!.term;
  const gb = d.byName('b')!.term;
  const x = [[1], [2]];
  // active: z = 0.5 + 2 − 1 = 1.5, y = 1: ∂C/∂w = 2(1.5 − 1)x = x, ∂C/∂b = 1
  near(evaluate(gw, { w: [[0.5], [1]], x, b: -1, y: 1 }), [[1], [2]]);
  near(evaluate(gb, { w: [[0.5], [1]], x, b: -1, y: 1 }), [[1]]);
  // inactive: z = −0.5 − 2 − 1 < 0
  near(evaluate(gw, { w: [[-0.5], [-1]], x, b: -1, y: 1 }), [[0], [0]]);
  near(evaluate(gb, { w: [[-0.5], [-1]], x, b: -1, y: 1 }), [[0]]);
});

// ---- seed 004: sigmoid neuron σ(w₀x₀ + w₁x₁ + w₂) ------------------------------------------------
// d σ(wᵀx + b) = σ(1 − σ)(x:dw + w:dx + db); the bias w₂ multiplies 1, hence the seed's `1 * activation`.
const SEED4 = { expr: "f = sigmoid(w'*x + b)", vars: 'w: 2; x: 2; b: scalar' };
const SEED4_ROWS: WorkedRow[] = [
  { source: 'seed 004, ∂σ/∂w = σ(1 − σ)x', ...SEED4, wrt: 'w', expected: "s = sigmoid(w'*x + b); (s - s^2)*x" },
  { source: 'seed 004, ∂σ/∂x = σ(1 − σ)w', ...SEED4, wrt: 'x', expected: "s = sigmoid(w'*x + b); (s - s^2)*w" },
  { source: 'seed 004, ∂σ/∂b = σ(1 − σ) (the `1 * activation` term)', ...SEED4, wrt: 'b', expected: "s = sigmoid(w'*x + b); s - s^2" },
  { source: 'seed 004 with n inputs, ∂σ/∂w = σ(1 − σ)x', expr: SEED4.expr, vars: 'w: n; x: n; b: scalar', wrt: 'w', expected: "s = sigmoid(w'*x + b); s*(1 - s)*x" },
];
for (const [i, row] of SEED4_ROWS.entries()) test(row.source, () => void checkWorkedRow(row, 4100 + 100 * i));

test('seed 004: at the seed\'s numbers w = [2, −3, −3], x = [−1, −2] (CS231n: dx = [0.39, −0.59], dw = [−0.20, −0.39, 0.20])', () => {
  const d = derive(SEED4.expr, { wrt: ['w', 'x', 'b'], vars: SEED4.vars });
  const at = { w: [[2], [-3]], x: [[-1], [-2]], b: -3 };
  // w·x + b = −2 + 6 − 3 = 1, σ(1)(1 − σ(1)) = 0.19661193…
  const ds = (1 / (1 + Math.exp(-1))) * (1 - 1 / (1 + Math.exp(-1)));
  near(evaluate(d.byName('x')!.term, at), [[2 * ds], [-3 * ds]]);
  near(evaluate(d.byName('w')!.term, at), [[-1 * ds], [-2 * ds]]);
  near(evaluate(d.byName('b')!.term, at), [[ds]]);
  assert.ok(Math.abs(2 * ds - 0.39) < 0.01 && Math.abs(-3 * ds + 0.59) < 0.01 && Math.abs(-2 * ds + 0.39) < 0.01);
});

test.run();

// Batches: the losses a person writes for N examples at once, the examples as the columns of X
// (d×N) and the one-hot labels as the columns of Y (k×N). Each gradient is checked against an
// oracle of its own: the loss written out in plain JavaScript here (softmax of each column, tanh,
// σ, a bias added to every column), differentiated by central differences entry by entry. Neither
// the engine's evaluator nor its check is used for the oracle; the plain loss is first compared
// with matdiff's evaluate() of the same text, so a mistake in the column-wise softmax or in the
// broadcast shows there. The printed gradient is compared with the form a person writes; each row
// says whether the engine reaches it exactly (`reached`) or what it prints instead.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { derive, parse, evaluate, toText } from '../src/index.js';
import { Rand, evalAt, relDiff, matmul, randomPoint, type Matrix, type Point } from './helpers/numeric.js';

// ---- the oracle: the losses in plain JavaScript ---------------------------------------------------

type Values = Record<string, Matrix>;
const map = (A: Matrix, f: (x: number, i: number, j: number) => number): Matrix => A.map((row, i) => row.map((x, j) => f(x, i, j)));
const zip = (A: Matrix, B: Matrix, f: (x: number, y: number) => number): Matrix => map(A, (x, i, j) => f(x, B[i]![j]!));
const sumAll = (A: Matrix): number => A.flat().reduce((s, x) => s + x, 0);
/** b (k×1) added to every column of Z (k×N) */
const plusColumn = (Z: Matrix, b: Matrix): Matrix => map(Z, (x, i) => x + b[i]![0]!);
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** softmax of each column, from its definition exp(zᵢⱼ)/Σₗ exp(zₗⱼ) */
function softmaxColumns(Z: Matrix): Matrix {
  const sums = Z[0]!.map((_, j) => Z.reduce((s, row) => s + Math.exp(row[j]!), 0));
  return map(Z, (x, _i, j) => Math.exp(x) / sums[j]!);
}

/** −Σ Y ∘ log P */
const crossEntropy = (P: Matrix, Y: Matrix): number => -sumAll(zip(Y, P, (y, p) => y * Math.log(p)));

/** ∂f/∂v entry by entry: the 4-point central difference (f(−2h) − 8f(−h) + 8f(h) − f(2h))/12h */
function centralDifferences(f: (v: Values) => number, v: Values, wrt: string): Matrix {
  return map(v[wrt]!, (x, i, j) => {
    const h = 1e-3 * Math.max(1, Math.abs(x));
    const at = (t: number) => f({ ...v, [wrt]: map(v[wrt]!, (y, r, c) => (r === i && c === j ? y + t : y)) });
    return (at(-2 * h) - 8 * at(-h) + 8 * at(h) - at(2 * h)) / (12 * h);
  });
}

/** labels drawn here, not by the engine's sampler: one 1 in each column */
function oneHotColumns(k: number, N: number, rand: Rand): Matrix {
  const hot = Array.from({ length: N }, () => rand.int(0, k - 1));
  return Array.from({ length: k }, (_, i) => hot.map((h) => (h === i ? 1 : 0)));
}

/** any labels: positive weights (soft labels whose columns do not sum to 1) */
const softLabels = (k: number, N: number, rand: Rand): Matrix => Array.from({ length: k }, () => Array.from({ length: N }, () => 0.2 + rand.next()));

// ---- a row: a loss, its oracle, and the printed forms ---------------------------------------------

interface Row {
  name: string;
  expr: string;
  vars: string;
  /** the loss in plain JavaScript */
  loss: (v: Values) => number;
  /** sizes of the dimensions (distinct, so a transposed gradient cannot pass) */
  sizes: Record<string, number>;
  /** the labels' values */
  labels: Record<string, (rand: Rand) => Matrix>;
  /** wrt → the printed gradient (its pretty form where shared parts are named) and whether it is the person's form */
  grads: Record<string, { text: string; reached: true } | { text: string; reached: false; person: string }>;
}

const CE = (Z: (v: Values) => Matrix) => (v: Values) => crossEntropy(softmaxColumns(Z(v)), v.Y!);
const SIZES = { k: 3, d: 4, N: 5, h: 2 };

const ROWS: Row[] = [
  {
    name: 'batch softmax cross-entropy, one-hot columns',
    expr: '-sum(Y .* log(softmax(W*X)))',
    vars: 'W: k x d; X: d x N; Y: k x N onehot',
    loss: CE((v) => matmul(v.W!, v.X!)),
    sizes: SIZES,
    labels: { Y: (r) => oneHotColumns(3, 5, r) },
    grads: { W: { text: "(softmax(W*X) - Y)*X'", reached: true } },
  },
  {
    name: 'batch softmax cross-entropy, any labels: each column of P scaled by that column sum of Y',
    expr: '-sum(Y .* log(softmax(W*X)))',
    vars: 'W: k x d; X: d x N; Y: k x N',
    loss: CE((v) => matmul(v.W!, v.X!)),
    sizes: SIZES,
    labels: { Y: (r) => softLabels(3, 5, r) },
    // ones(k,k)*Y repeats the column sums 𝟏ᵀY in every row: P ∘ (𝟏𝟏ᵀY) − Y
    grads: { W: { text: "((ones(k,k)*Y) .* softmax(W*X) - Y)*X'", reached: true } },
  },
  {
    name: 'batch softmax cross-entropy with a bias broadcast over the columns',
    expr: '-sum(Y .* log(softmax(W*X + b)))',
    vars: 'W: k x d; X: d x N; Y: k x N onehot; b: k',
    loss: CE((v) => plusColumn(matmul(v.W!, v.X!), v.b!)),
    sizes: SIZES,
    labels: { Y: (r) => oneHotColumns(3, 5, r) },
    grads: {
      W: { text: "(softmax(W*X + b) - Y)*X'", reached: true },
      // the bias gradient sums G over the batch: G*ones(N)
      b: { text: '(softmax(W*X + b) - Y)*ones(N)', reached: true },
    },
  },
  {
    name: 'the same loss through log_softmax',
    expr: '-sum(Y .* log_softmax(W*X + b))',
    vars: 'W: k x d; X: d x N; Y: k x N onehot; b: k',
    loss: CE((v) => plusColumn(matmul(v.W!, v.X!), v.b!)),
    sizes: SIZES,
    labels: { Y: (r) => oneHotColumns(3, 5, r) },
    grads: { W: { text: "(softmax(W*X + b) - Y)*X'", reached: true }, b: { text: '(softmax(W*X + b) - Y)*ones(N)', reached: true } },
  },
  {
    name: 'the same loss through logsumexp of each column',
    expr: 'sum(logsumexp(W*X + b)) - sum(Y .* (W*X + b))',
    vars: 'W: k x d; X: d x N; Y: k x N onehot; b: k',
    loss: CE((v) => plusColumn(matmul(v.W!, v.X!), v.b!)),
    sizes: SIZES,
    labels: { Y: (r) => oneHotColumns(3, 5, r) },
    grads: { W: { text: "(softmax(W*X + b) - Y)*X'", reached: true } },
  },
  {
    name: 'a 2-layer batch MLP with biases',
    expr: 'H = tanh(W1*X + b1); P = softmax(W2*H + b2); L = -sum(Y .* log(P))',
    vars: 'W1: h x d; X: d x N; b1: h; W2: k x h; b2: k; Y: k x N onehot',
    loss: (v) => {
      const H = map(plusColumn(matmul(v.W1!, v.X!), v.b1!), Math.tanh);
      return crossEntropy(softmaxColumns(plusColumn(matmul(v.W2!, H), v.b2!)), v.Y!);
    },
    sizes: SIZES,
    labels: { Y: (r) => oneHotColumns(3, 5, r) },
    grads: {
      W1: { text: "H = tanh(W1*X + b1); P = softmax(W2*H + b2); ((1 - H.^2) .* (W2'*(P - Y)))*X'", reached: true },
      b1: { text: 'H = tanh(W1*X + b1); P = softmax(W2*H + b2); ((1 - H.^2) .* (W2\'*(P - Y)))*ones(N)', reached: true },
      W2: { text: "H = tanh(W1*X + b1); P = softmax(W2*H + b2); (P - Y)*H'", reached: true },
      b2: { text: 'P = softmax(W2*tanh(W1*X + b1) + b2); (P - Y)*ones(N)', reached: true },
    },
  },
  {
    name: 'batch logistic regression (the examples as the rows of X, a scalar bias)',
    expr: '-sum(y .* log(sigmoid(X*w + c)) + (1 - y) .* log(1 - sigmoid(X*w + c)))',
    vars: 'X: N x d; w: d; c: scalar; y: N',
    loss: (v) => {
      const s = map(matmul(v.X!, v.w!), (x) => sigmoid(x + v.c![0]![0]!));
      return -sumAll(zip(v.y!, s, (y, p) => y * Math.log(p) + (1 - y) * Math.log(1 - p)));
    },
    sizes: SIZES,
    labels: { y: (r) => Array.from({ length: 5 }, () => [r.int(0, 1)]) },
    grads: {
      w: { text: "X'*(sigmoid(X*w + c) - y)", reached: true },
      // the canonical form splits a sum of entries over a difference
      c: { text: 'sum(sigmoid(X*w + c)) - sum(y)', reached: false, person: 'sum(sigmoid(X*w + c) - y)' },
    },
  },
];

// ---- the checks -----------------------------------------------------------------------------------

/** a point: the engine's random values for the parameters and data, and the labels drawn here */
function pointOf(row: Row, seed: number): Point {
  const f = parse(row.expr, row.vars);
  const rand = new Rand(seed);
  const p = randomPoint(f, rand, { sizes: row.sizes });
  const values: Values = { ...p.values };
  for (const [name, draw] of Object.entries(row.labels)) values[name] = draw(rand);
  return { sizes: p.sizes, values };
}

for (const row of ROWS) {
  test(`batch: ${row.name} — the plain loss and matdiff's value agree`, () => {
    for (const seed of [1, 2]) {
      const p = pointOf(row, seed);
      const mine = row.loss(p.values);
      const theirs = evaluate(row.expr, p.values, row.vars)[0]![0]!;
      assert.ok(Math.abs(mine - theirs) <= 1e-12 * Math.max(1, Math.abs(mine)), `${row.expr}: plain ${mine}, matdiff ${theirs}`);
    }
  });

  for (const [wrt, want] of Object.entries(row.grads)) {
    test(`batch: ${row.name} — ∂/∂${wrt} against central differences, printed ${want.reached ? 'as a person writes it' : 'in an equal form'}`, () => {
      const d = derive(row.expr, { wrt, vars: row.vars });
      const g = d.byName(wrt)!;
      assert.ok(g.check?.ok, `derive's own check: ${g.check?.failure}`);
      for (const seed of [3, 4, 5]) {
        const p = pointOf(row, seed);
        const G = evalAt(g.term, p);
        const FD = centralDifferences(row.loss, p.values, wrt);
        const err = relDiff(G, FD);
        assert.ok(err < 1e-7, `${row.expr} wrt ${wrt}: ${g.text} differs from central differences by ${err.toExponential(2)}\n  G  = ${JSON.stringify(G)}\n  FD = ${JSON.stringify(FD)}`);
      }
      const p = g.pretty();
      const shown = [...p.defs.map((x) => `${x.name} = ${x.expr}`), p.expr].join('; ');
      assert.is(want.text.includes(' = ') ? shown : g.text, want.text);
      // the printed text is read back as the same term
      assert.ok(parse(g.text, row.vars) === g.term, `${g.text} does not parse back to the gradient`);
      if (!want.reached) {
        // not the person's text, but the same matrix
        const P = pointOf(row, 6);
        assert.ok(relDiff(evalAt(parse(want.person, row.vars), P), evalAt(g.term, P)) < 1e-12, `${want.person} is not ${g.text}`);
      }
    });
  }
}

test('batch: the labels the engine draws for a onehot k×N matrix have one-hot columns (and the check uses them)', () => {
  const f = parse('-sum(Y .* log(softmax(W*X)))', 'W: k x d; X: d x N; Y: k x N onehot');
  for (const seed of [1, 2, 3, 4]) {
    const Y = randomPoint(f, seed, { sizes: { k: 4, N: 6 } }).values.Y!;
    assert.is(Y.length, 4);
    for (let j = 0; j < 6; j++) assert.equal([Y.map((r) => r[j]).filter((x) => x === 1).length, Y.map((r) => r[j]).filter((x) => x === 0).length], [1, 3], JSON.stringify(Y));
  }
  // a onehot row vector stays one-hot as a whole (seed 001's labels)
  const r = randomPoint(parse("-y*log(softmax(z))'", 'y: 1 x N onehot; z: 1 x N'), 7, { sizes: { N: 5 } }).values.y!;
  assert.is(sumAll(r), 1);
});

test('batch: without the onehot fact the one-hot form is wrong, and the engine does not print it', () => {
  const vars = 'W: k x d; X: d x N; Y: k x N';
  const g = derive('-sum(Y .* log(softmax(W*X)))', { wrt: 'W', vars }).gradient;
  const row = ROWS[1]!;
  const p = pointOf(row, 9);
  const oneHotForm = evalAt(parse("(softmax(W*X) - Y)*X'", vars), p);
  assert.ok(relDiff(oneHotForm, centralDifferences(row.loss, p.values, 'W')) > 1e-3, 'soft labels make the one-hot form wrong');
  assert.is.not(g.text, "(softmax(W*X) - Y)*X'");
  // and the printed gradient's text is the person's when the labels' columns sum to one
  const hot = derive('-sum(Y .* log(softmax(W*X)))', { wrt: 'W', vars: `${vars} onehot` }).gradient;
  assert.is(toText(hot.term), "(softmax(W*X) - Y)*X'");
  assert.equal([hot.shape.rows, hot.shape.cols], ['k', 'd']);
});

test.run();

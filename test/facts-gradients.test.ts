// Gradients that use the facts onehot and prob (by columns or by rows), each against an oracle of
// its own: the loss written in plain JavaScript here (softmax from its definition, by columns or
// by rows), differentiated by central differences entry by entry, at values this file draws itself
// (probability vectors from positive weights, one-hot rows from random indices). Neither the
// engine's sampler nor its check serves the oracle; the engine's evaluate() only evaluates the
// printed gradient. Each gradient is derived with the fact and without it: with it the printed
// form is the one a person writes and agrees with the oracle where the fact holds (and not where
// it fails: the fact is really used); without it the general form agrees everywhere.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { derive, evaluate, hessian, type Value } from '../src/index.js';
import { Rand, relDiff, type Matrix } from './helpers/numeric.js';

type Values = Record<string, Matrix>;
const map = (A: Matrix, f: (x: number, i: number, j: number) => number): Matrix => A.map((row, i) => row.map((x, j) => f(x, i, j)));
const build = (r: number, c: number, f: (i: number, j: number) => number): Matrix => Array.from({ length: r }, (_, i) => Array.from({ length: c }, (_, j) => f(i, j)));
const T = (A: Matrix): Matrix => build(A[0]!.length, A.length, (i, j) => A[j]![i]!);
const mul = (A: Matrix, B: Matrix): Matrix => build(A.length, B[0]!.length, (i, j) => A[i]!.reduce((s, x, k) => s + x * B[k]![j]!, 0));
const sumAll = (A: Matrix): number => A.flat().reduce((s, x) => s + x, 0);

/** softmax of each column, from its definition */
const softmaxColumns = (Z: Matrix): Matrix => {
  const sums = Z[0]!.map((_, j) => Z.reduce((s, row) => s + Math.exp(row[j]!), 0));
  return map(Z, (x, _i, j) => Math.exp(x) / sums[j]!);
};
/** softmax of each row */
const softmaxRows = (Z: Matrix): Matrix => T(softmaxColumns(T(Z)));
/** −Σ Y ∘ log S */
const crossEntropy = (S: Matrix, Y: Matrix): number => -sumAll(map(Y, (y, i, j) => y * Math.log(S[i]![j]!)));

/** ∂f/∂v entry by entry: (f(−2h) − 8f(−h) + 8f(h) − f(2h))/12h */
function centralDifferences(f: (v: Values) => number, v: Values, wrt: string): Matrix {
  return map(v[wrt]!, (x, i, j) => {
    const h = 1e-3 * Math.max(1, Math.abs(x));
    const at = (t: number) => f({ ...v, [wrt]: map(v[wrt]!, (y, r, c) => (r === i && c === j ? y + t : y)) });
    return (at(-2 * h) - 8 * at(-h) + 8 * at(h) - at(2 * h)) / (12 * h);
  });
}

// the values, drawn here
const normal = (r: number, c: number, rand: Rand): Matrix => build(r, c, () => rand.normal());
/** positive weights, each column (or row) divided by its sum */
function probs(r: number, c: number, rand: Rand, axis: 'columns' | 'rows'): Matrix {
  const W = build(r, c, () => 0.2 + rand.next());
  const s = axis === 'rows' ? W.map((row) => row.reduce((a, x) => a + x, 0)) : W[0]!.map((_, j) => W.reduce((a, row) => a + row[j]!, 0));
  return map(W, (x, i, j) => x / s[axis === 'rows' ? i : j]!);
}
/** a single 1 in each row */
const oneHotRows = (r: number, c: number, rand: Rand): Matrix => {
  const at = Array.from({ length: r }, () => rand.int(0, c - 1));
  return build(r, c, (i, j) => (at[i] === j ? 1 : 0));
};

/** the printed gradient evaluated at v (through its text: what a person copies) */
const printedAt = (text: string, vars: string, v: Values): Matrix => evaluate(text, v as Record<string, Value>, vars);

interface Case {
  name: string;
  fn: string;
  wrt: string;
  /** the declarations with the fact, and the printed gradient then */
  vars: string;
  withFact: string;
  /** the declarations without it */
  plain: string;
  loss: (v: Values) => number;
  /** values where the fact holds, and where it does not */
  honouring: (rand: Rand) => Values;
  violating: (rand: Rand) => Values;
}

const K = 4;
const N = 5;
const D = 3;

const CASES: Case[] = [
  {
    name: 'cross-entropy with a probability vector p',
    fn: "-p'*log(softmax(z))",
    wrt: 'z',
    vars: 'p: k prob; z: k',
    withFact: 'softmax(z) - p',
    plain: 'p: k; z: k',
    loss: (v) => crossEntropy(softmaxColumns(v.z!), v.p!),
    honouring: (r) => ({ p: probs(K, 1, r, 'columns'), z: normal(K, 1, r) }),
    violating: (r) => ({ p: map(probs(K, 1, r, 'columns'), (x) => 2 * x), z: normal(K, 1, r) }),
  },
  {
    name: 'KL divergence KL(p ‖ softmax(z))',
    fn: '(p : log(p)) - (p : log(softmax(z)))',
    wrt: 'z',
    vars: 'p: k prob; z: k',
    withFact: 'softmax(z) - p',
    plain: 'p: k; z: k',
    loss: (v) => sumAll(map(v.p!, (x) => x * Math.log(x))) + crossEntropy(softmaxColumns(v.z!), v.p!),
    honouring: (r) => ({ p: probs(K, 1, r, 'columns'), z: normal(K, 1, r) }),
    violating: (r) => ({ p: map(probs(K, 1, r, 'columns'), (x) => x / 3), z: normal(K, 1, r) }),
  },
  {
    name: 'batch cross-entropy, soft labels as the columns of P',
    fn: '-sum(P .* log(softmax(W*X)))',
    wrt: 'W',
    vars: 'P: k x N prob; X: d x N; W: k x d',
    withFact: "(softmax(W*X) - P)*X'",
    plain: 'P: k x N; X: d x N; W: k x d',
    loss: (v) => crossEntropy(softmaxColumns(mul(v.W!, v.X!)), v.P!),
    honouring: (r) => ({ P: probs(K, N, r, 'columns'), X: normal(D, N, r), W: normal(K, D, r) }),
    violating: (r) => ({ P: probs(K, N, r, 'rows'), X: normal(D, N, r), W: normal(K, D, r) }),
  },
  {
    name: 'batch cross-entropy, row-wise data: one-hot label rows, softmax of each row of X*W',
    fn: "-sum(Y .* log(softmax((X*W)')'))",
    wrt: 'W',
    vars: 'Y: N x k onehot rows; X: N x d; W: d x k',
    withFact: "X'*(softmax(W'*X')' - Y)",
    plain: 'Y: N x k; X: N x d; W: d x k',
    loss: (v) => crossEntropy(softmaxRows(mul(v.X!, v.W!)), v.Y!),
    honouring: (r) => ({ Y: oneHotRows(N, K, r), X: normal(N, D, r), W: normal(D, K, r) }),
    violating: (r) => ({ Y: map(oneHotRows(N, K, r), (x, i) => (i === 0 ? 3 * x : x)), X: normal(N, D, r), W: normal(D, K, r) }),
  },
  {
    name: 'batch cross-entropy, row-wise data, soft label rows',
    fn: "-sum(P .* log(softmax((X*W)')'))",
    wrt: 'W',
    vars: 'P: N x k prob rows; X: N x d; W: d x k',
    withFact: "X'*(softmax(W'*X')' - P)",
    plain: 'P: N x k; X: N x d; W: d x k',
    loss: (v) => crossEntropy(softmaxRows(mul(v.X!, v.W!)), v.P!),
    honouring: (r) => ({ P: probs(N, K, r, 'rows'), X: normal(N, D, r), W: normal(D, K, r) }),
    violating: (r) => ({ P: probs(N, K, r, 'columns'), X: normal(N, D, r), W: normal(D, K, r) }),
  },
];

for (const c of CASES) {
  test(`${c.name}: with the fact, the person's form, checked, and right exactly where the fact holds`, () => {
    const g = derive(c.fn, { wrt: c.wrt, vars: c.vars }).gradient;
    assert.is(g.text, c.withFact);
    assert.ok(g.check?.ok, JSON.stringify(g.check));
    const rand = new Rand(11);
    for (let k = 0; k < 3; k++) {
      const v = c.honouring(rand);
      const err = relDiff(printedAt(g.text, c.vars, v), centralDifferences(c.loss, v, c.wrt));
      assert.ok(err < 1e-7, `where the fact holds: ${err}`);
    }
    // where the fact fails, the form that uses it is not the gradient: the fact is really used
    const w = c.violating(rand);
    assert.ok(relDiff(printedAt(g.text, c.plain, w), centralDifferences(c.loss, w, c.wrt)) > 1e-3, 'the fact changes the gradient');
  });

  test(`${c.name}: without the fact, a general form, checked, and right everywhere`, () => {
    const g = derive(c.fn, { wrt: c.wrt, vars: c.plain }).gradient;
    assert.is.not(g.text, c.withFact);
    assert.ok(g.check?.ok, JSON.stringify(g.check));
    const rand = new Rand(12);
    for (const v of [c.honouring(rand), c.violating(rand)]) {
      const err = relDiff(printedAt(g.text, c.plain, v), centralDifferences(c.loss, v, c.wrt));
      assert.ok(err < 1e-7, `${g.text}: ${err}`);
    }
  });
}

test('the row-wise batch loss as a person writes it with the transposes outside (softmax of W\'X\')', () => {
  const vars = 'Y: N x k onehot rows; X: N x d; W: d x k';
  const g = derive("-sum(Y' .* log(softmax(W'*X')))", { wrt: 'W', vars }).gradient;
  assert.is(g.text, "X'*(softmax(W'*X')' - Y)");
  assert.ok(g.check?.ok);
});

test('a bias over the rows (b a row added to every row of X*W) with one-hot label rows: 1ᵀ(S − Y)', () => {
  const vars = 'Y: N x k onehot rows; X: N x d; W: d x k; b: 1 x k';
  const g = derive("-sum(Y .* log(softmax((X*W + b)')'))", { wrt: 'b', vars }).gradient;
  assert.ok(g.check?.ok, JSON.stringify(g.check));
  const rand = new Rand(5);
  const v: Values = { Y: oneHotRows(N, K, rand), X: normal(N, D, rand), W: normal(D, K, rand), b: normal(1, K, rand) };
  const loss = (u: Values) => crossEntropy(softmaxRows(mul(u.X!, u.W!).map((row) => row.map((x, j) => x + u.b![0]![j]!))), u.Y!);
  assert.ok(relDiff(printedAt(g.text, vars, v), centralDifferences(loss, v, 'b')) < 1e-7, g.text);
});

test('the Hessian with respect to a prob variable is that of f as written (its sums of 1 are not folded in G first)', () => {
  // f = ½ sum(p)² + pᵀp: H = 𝟏𝟏ᵀ + 2I everywhere, with the fact or without
  const rand = new Rand(3);
  const p = probs(K, 1, rand, 'columns');
  const want = build(K, K, (i, j) => 1 + (i === j ? 2 : 0));
  for (const vars of ['p: k prob', 'p: k']) {
    const h = hessian("1/2*sum(p)^2 + p'*p", { wrt: 'p', vars });
    assert.ok(h.check?.ok, vars);
    // H applied to p (so that p's value fixes the size k of H's constant matrices)
    assert.ok(relDiff(evaluate(`(${h.text})*p`, { p: p.map((r) => r[0]!) }, vars), mul(want, p)) < 1e-12, `${vars}: ${h.text}`);
  }
  // with respect to another variable the fact is used: KL's Hessian in z is Diag(s) − s sᵀ
  const h = hessian('(p : log(p)) - (p : log(softmax(z)))', { wrt: 'z', vars: 'p: k prob; z: k' });
  assert.is(h.text, "Diag(softmax(z)) - softmax(z)*softmax(z)'");
});

test.run();

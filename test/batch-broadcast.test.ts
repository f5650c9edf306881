// Broadcasting in + - .* ./ and the column-wise softmax family, on their own: what a broadcast
// means (against sums written out entry by entry here), its gradient (the sum over the broadcast
// axis, against central differences of a plain loss), the printed text (as written, and read back
// as the same term), the shape inference, the errors where a broadcast would be a guess, and the
// facts the simplifier knows: 𝟏ᵀY = 𝟏ᵀ for one-hot columns and for softmax(Z), never sum(Y) = 1.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { derive, parse, evaluate, toText, toUnicode } from '../src/index.js';
import { canon } from '../src/simplify/canon.js';
import { Rand, relDiff, randomMatrix, evalAt, type Matrix } from './helpers/numeric.js';
import { failure, caretOf } from './helpers/errors.js';
import { helpText } from '../src/cli/help.js';

const map = (A: Matrix, f: (x: number, i: number, j: number) => number): Matrix => A.map((row, i) => row.map((x, j) => f(x, i, j)));
const col = (n: number, rand: Rand): Matrix => randomMatrix(n, 1, rand);

// ---- what a broadcast means -------------------------------------------------------------------------

test('broadcast: a column goes to every column, a row to every row, in + - .* ./ (entry by entry)', () => {
  const rand = new Rand(11);
  const A = randomMatrix(3, 4, rand);
  const b = col(3, rand);
  const r = randomMatrix(1, 4, rand);
  const S = randomMatrix(3, 3, rand);
  const s = col(3, rand);
  const v = { A, b, r, S, s, p: map(b, (x) => 1 + x * x), q: map(r, (x) => 2 + x * x) };
  const vars = 'A: 3 x 4; b: 3; r: 1 x 4; S: 3 x 3; s: 3; p: 3; q: 1 x 4';
  const cases: [string, (x: number, i: number, j: number) => number][] = [
    ['A + b', (x, i) => x + b[i]![0]!],
    ['b + A', (x, i) => x + b[i]![0]!],
    ['A - b', (x, i) => x - b[i]![0]!],
    ['b - A', (x, i) => b[i]![0]! - x],
    ['A + r', (x, _i, j) => x + r[0]![j]!],
    ['A .* b', (x, i) => x * b[i]![0]!],
    ['A ./ p', (x, i) => x / v.p[i]![0]!],
    ['b ./ (1 + A.^2)', (x, i) => b[i]![0]! / (1 + x * x)],
    ['A ./ q', (x, _i, j) => x / v.q[0]![j]!],
    ['A + b + r + 2', (x, i, j) => x + b[i]![0]! + r[0]![j]! + 2],
  ];
  for (const [expr, entry] of cases) assert.ok(relDiff(evaluate(expr, v, vars), map(A, entry)) < 1e-14, expr);
  // a square matrix: the vector's own orientation says the axis
  assert.ok(relDiff(evaluate('S + s', v, vars), map(S, (x, i) => x + s[i]![0]!)) < 1e-14);
  assert.ok(relDiff(evaluate("S + s'", v, vars), map(S, (x, _i, j) => x + s[j]![0]!)) < 1e-14);
});

test('broadcast: the printed text is what a person writes and reads back as the same term', () => {
  const rows: [string, string, string][] = [
    ['tanh(W*X + b)', 'W: k x d; X: d x N; b: k', 'tanh(W*X + b)'],
    ['b + W*X', 'W: k x d; X: d x N; b: k', 'b + W*X'],
    ["X'*W' + r", 'W: k x d; X: d x N; r: 1 x k', "X'*W' + r"],
    ['W*X - 2*b', 'W: k x d; X: d x N; b: k', 'W*X - 2*b'],
    ['a + b + W*X', 'W: k x d; X: d x N; b: k', 'a + b + W*X'],
    ['X .* b', 'X: n x m; b: n', 'X .* b'],
    ['X ./ r', 'X: n x m; r: 1 x m', 'X ./ r'],
    // a vector that is not a name stays spread out (W*X + (b + c) would be read as W X + b𝟏ᵀ + c𝟏ᵀ)
    ['W*X + (b + c)*ones(N)\'', 'W: k x d; X: d x N; b: k; c: k', 'W*X + (b + c)*ones(1,N)'],
    ['ones(n)*softmax(z)\' + A', 'z: n; A: n x n', "ones(n)*softmax(z)' + A"],
  ];
  for (const [expr, vars, text] of rows) {
    const t = parse(expr, vars);
    assert.is(toText(t), text, expr);
    assert.ok(parse(toText(t), vars) === t, `${text} reads back as another term`);
  }
  // Unicode and LaTeX show the axis: b𝟏ᵀ
  assert.is(toUnicode(parse("(b + c)*ones(N)'", 'b: k; c: k')), '(b + c)𝟏ᵀ');
});

test('broadcast: shape inference still unifies where the shapes can be equal, and broadcasts where they cannot', () => {
  // an undeclared column vector (v, by the letter convention) takes the rows of W*X and is spread
  const t = parse('tanh(W*X + v)', 'W: k x d; X: d x N');
  assert.equal([t.shape.rows, t.shape.cols], ['k', 'N']);
  const v = derive('sum(tanh(W*X + v))', { wrt: 'v', vars: 'W: k x d; X: d x N' }).gradient;
  assert.equal([v.shape.rows, v.shape.cols], ['k', '1']);
  assert.is(v.text, '(1 - tanh(W*X + v).^2)*ones(N)');
  // undeclared on both sides: unified as before (A is taken for a column, not broadcast over)
  const u = parse('x + A');
  assert.is(u.shape.cols, '1');
  assert.is(parse("x'*A*x").shape.rows, '1');
});

// ---- the gradient of a broadcast: the sum over its axis ------------------------------------------------

/** ∂f/∂v by the 4-point central difference of a plain loss */
function centralDifferences(f: (v: Record<string, Matrix>) => number, v: Record<string, Matrix>, wrt: string): Matrix {
  return map(v[wrt]!, (x, i, j) => {
    const h = 1e-3 * Math.max(1, Math.abs(x));
    const at = (t: number) => f({ ...v, [wrt]: map(v[wrt]!, (y, r, c) => (r === i && c === j ? y + t : y)) });
    return (at(-2 * h) - 8 * at(-h) + 8 * at(h) - at(2 * h)) / (12 * h);
  });
}

const sumAll = (A: Matrix): number => A.flat().reduce((s, x) => s + x, 0);

test('broadcast: the gradient of a broadcast bias is G*ones(N) (a column) or ones(1,k)*G (a row), against central differences', () => {
  const rand = new Rand(5);
  const W = randomMatrix(3, 4, rand);
  const X = randomMatrix(4, 5, rand);
  const C = randomMatrix(3, 5, rand);
  const rows: { expr: string; vars: string; wrt: string; text: string; loss: (v: Record<string, Matrix>) => number; values: Record<string, Matrix> }[] = [
    {
      expr: 'sum(C .* tanh(W*X + b))',
      vars: 'W: k x d; X: d x N; b: k; C: k x N',
      wrt: 'b',
      text: '((1 - tanh(W*X + b).^2) .* C)*ones(N)',
      loss: (v) => sumAll(map(v.C!, (c, i, j) => c * Math.tanh(W[i]!.reduce((s, w, l) => s + w * X[l]![j]!, 0) + v.b![i]![0]!))),
      values: { W, X, C, b: col(3, rand) },
    },
    {
      expr: "sum(C' .* tanh(X'*W' + r))",
      vars: 'W: k x d; X: d x N; r: 1 x k; C: k x N',
      wrt: 'r',
      text: "ones(1,N)*((1 - tanh(r + X'*W').^2) .* C')",
      loss: (v) => sumAll(map(v.C!, (c, i, j) => c * Math.tanh(W[i]!.reduce((s, w, l) => s + w * X[l]![j]!, 0) + v.r![0]![i]!))),
      values: { W, X, C, r: randomMatrix(1, 3, rand) },
    },
    {
      expr: 'sum(C .* X2 ./ p)',
      vars: 'C: k x N; X2: k x N; p: k positive',
      wrt: 'p',
      text: "-(C .* X2 ./ (p*ones(1,N)).^2)*ones(N)",
      loss: (v) => sumAll(map(v.C!, (c, i, j) => (c * v.X2![i]![j]!) / v.p![i]![0]!)),
      values: { C, X2: randomMatrix(3, 5, rand), p: map(col(3, rand), (x) => 1 + x * x) },
    },
  ];
  for (const row of rows) {
    const g = derive(row.expr, { wrt: row.wrt, vars: row.vars }).gradient;
    assert.ok(g.check?.ok, g.check?.failure);
    assert.is(g.text, row.text);
    const G = evalAt(g.term, { sizes: new Map(), values: row.values });
    const FD = centralDifferences(row.loss, row.values, row.wrt);
    assert.ok(relDiff(G, FD) < 1e-8, `${row.expr}: ${g.text}\n G = ${JSON.stringify(G)}\n FD = ${JSON.stringify(FD)}`);
  }
});

// ---- the errors: never a guess ---------------------------------------------------------------------

const ERRORS: { expr: string; vars: string; words: string[]; col: number }[] = [
  // a column and a row: numpy would make an n×m matrix; here it is written out
  { expr: 'sum(b + r)', vars: 'b: n; r: 1 x m', words: ['shape clash at `+`', 'b is n×1 and r is 1×m', 'a column and a row are not broadcast', "b*ones(m)'", 'ones(n)*r'], col: 6 },
  { expr: 'sum(r .* b)', vars: 'b: n; r: 1 x n', words: ['shape clash at `.*`', 'r is 1×n and b is n×1', 'a column and a row', "b*ones(n)'", 'ones(n)*r'], col: 6 },
  // an undeclared column against a row: it might be 1×1 (a scalar) or a column
  { expr: 'sum(x + r)', vars: 'r: 1 x m', words: ['x is ?×1 and r is 1×m', 'a column and a row are not broadcast'], col: 6 },
  // the vector does not fit the axis it would spread along
  { expr: 'sum(W*X + b)', vars: 'W: k x d; X: d x N; b: d', words: ['W*X is k×N but b is d×1', 'a column vector is spread over the columns of a matrix with as many rows'], col: 8 },
  { expr: 'sum(A - r)', vars: 'A: n x m; r: 1 x n', words: ['A is n×m but r is 1×n', 'a row vector is spread over the rows of a matrix with as many columns'], col: 6 },
  { expr: 'sum(A ./ b)', vars: 'A: n x m; b: m', words: ['shape clash at `./`', 'A is n×m but b is m×1'], col: 6 },
];

for (const row of ERRORS) {
  test(`broadcast: error — ${row.expr} (${row.vars})`, () => {
    const e = failure(() => derive(row.expr, { wrt: row.vars.split(':')[0]!, vars: row.vars }));
    assert.is(e.kind, 'shape', e.format());
    for (const w of row.words) assert.ok(e.message.includes(w), `the message lacks "${w}": ${e.message}`);
    assert.is(caretOf(e).col, row.col, e.format());
    assert.not.match(e.message, /\?\d/);
  });
}

// ---- the column-wise softmax family ----------------------------------------------------------------

test('columns: softmax(Z), logsumexp(Z) and log_softmax(Z) act on each column; a row vector as a whole', () => {
  const rand = new Rand(3);
  const Z = randomMatrix(3, 4, rand);
  const sums = Z[0]!.map((_, j) => Z.reduce((s, r) => s + Math.exp(r[j]!), 0));
  const v = { Z, r: [Z[0]!] };
  const vars = 'Z: k x N; r: 1 x N';
  assert.ok(relDiff(evaluate('softmax(Z)', v, vars), map(Z, (x, _i, j) => Math.exp(x) / sums[j]!)) < 1e-14);
  assert.ok(relDiff(evaluate('logsumexp(Z)', v, vars), [sums.map(Math.log)]) < 1e-14);
  assert.ok(relDiff(evaluate('log_softmax(Z)', v, vars), map(Z, (x, _i, j) => x - Math.log(sums[j]!))) < 1e-14);
  const rowSum = Z[0]!.reduce((s, x) => s + Math.exp(x), 0);
  assert.ok(relDiff(evaluate('softmax(r)', v, vars), [Z[0]!.map((x) => Math.exp(x) / rowSum)]) < 1e-14);
  assert.ok(Math.abs(evaluate('logsumexp(r)', v, vars)[0]![0]! - Math.log(rowSum)) < 1e-14);
  // shapes: logsumexp of a k×N matrix is a 1×N row
  assert.equal(parse('logsumexp(Z)', vars).shape, { rows: '1', cols: 'N' });
  assert.equal(parse('logsumexp(z)', 'z: n').shape, { rows: '1', cols: '1' });
  // far out: no overflow (each column is shifted by its largest entry)
  const far = evaluate('log_softmax(Z)', { Z: [[1000, -1000], [1001, 0]] }, 'Z: 2 x 2');
  assert.ok(Math.abs(far[0]![0]! - (1000 - (1001 + Math.log1p(Math.exp(-1))))) < 1e-9 && Number.isFinite(far[0]![1]!), JSON.stringify(far));
});

test('columns: the --help line of each says the axis', () => {
  const help = helpText();
  for (const f of ['softmax', 'logsumexp', 'log_softmax']) {
    const line = help.split('\n').find((l) => l.trimStart().startsWith(`${f} `));
    assert.ok(line && line.includes(`${f}(Z): each column`) && /row vector/.test(line), `${f}: ${line}`);
  }
});

test('columns: 𝟏ᵀY = 𝟏ᵀ for one-hot columns and for softmax(Z); sum(Y) of a matrix is not 1', () => {
  const vars = 'Y: k x N onehot; Z: k x N; y: k onehot; M: k x N';
  const c = (e: string) => toText(canon(parse(e, vars)));
  assert.is(c("ones(k)'*Y"), 'ones(1,N)');
  assert.is(c("ones(k)'*softmax(Z)"), 'ones(1,N)');
  assert.is(c("Y'*ones(k)"), 'ones(N)');
  assert.is(c("ones(k)*ones(k)'*Y"), 'ones(k,N)');
  assert.is(c("ones(k)'*y"), '1');
  assert.is(c('sum(y)'), '1');
  // each column sums to 1, so all of Y sums to N: not folded to 1
  assert.is(c('sum(Y)'), 'sum(Y)');
  assert.is(c('sum(softmax(Z))'), 'sum(softmax(Z))');
  // no fact, no fold
  assert.is(c("ones(k)'*M"), "ones(1,k)*M");
});

test.run();

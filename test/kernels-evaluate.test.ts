// The evaluator in doubles: the operators that run on float kernels (src/numeric/float-ops.ts)
// against their records (`evaluateByRecords`), and against the generic field code throughout
// (`genericFloat`: the float field's operations under a kind that takes no float branch), over
// the worked table and expressions that use every kernel. The values must be the same to the bit
// (the same double operations in the same order), and a point outside the domain must give the
// same error, naming the same subterm. test/kernels.test.ts checks the kernels themselves.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { derive, evaluate, parse, type Term } from '../src/index.js';
import { evaluateByRecords, evaluateTerm, type Env } from '../src/numeric/evaluate.js';
import { floatField, Undefined, type Field } from '../src/numeric/field.js';
import { mat, type Mat } from '../src/numeric/matrix.js';
import { checkFloat } from '../src/check/fields.js';
import { randomPoint, type Point } from './helpers/numeric.js';
import { WORKED } from './helpers/worked-table.js';

const genericFloat: Field<number> = { ...floatField, kind: 'bounded' };

const envOf = (p: Point): Env<number> => ({
  vars: new Map(Object.entries(p.values).map(([name, rows]) => [name, mat(rows.length, rows[0]!.length, rows.flat())] as const)),
  sizes: p.sizes,
});

type Outcome = { data: readonly number[] } | { error: string; at?: Term };

function outcome(run: () => Mat<number>): Outcome {
  try {
    return { data: run().data };
  } catch (e) {
    if (e instanceof Undefined) return { error: e.what, ...(e.at ? { at: e.at } : {}) };
    throw e;
  }
}

function same(a: Outcome, b: Outcome, what: string): void {
  if ('error' in a || 'error' in b) {
    const show = (o: Outcome) => ('error' in o ? `undefined: ${o.error}` : `[${o.data.join(', ')}]`);
    assert.ok('error' in a && 'error' in b, `${what}: ${show(a)} vs ${show(b)}`);
    assert.is(a.error, b.error, what);
    assert.ok(a.at === b.at, `${what}: the error names the same subterm`);
    return;
  }
  assert.is(a.data.length, b.data.length, what);
  for (let k = 0; k < a.data.length; k++) assert.ok(Object.is(a.data[k], b.data[k]), `${what}[${k}]: ${a.data[k]} vs ${b.data[k]}`);
}

/** t at p through the kernels and through the records (floatField and checkFloat), and through the generic code */
function compare(t: Term, p: Point, what: string): Outcome {
  const env = envOf(p);
  let result: Outcome | undefined;
  for (const F of [floatField, checkFloat]) {
    const fast = outcome(() => evaluateTerm(t, env, F));
    same(fast, outcome(() => evaluateByRecords(t, env, F)), `${what} (${F === floatField ? 'floatField' : 'checkFloat'})`);
    result ??= fast;
  }
  // the generic code everywhere: the same values where the float path has one (its float-only
  // test of a singular matrix by pivots refuses more than the generic one)
  if ('data' in result!) same(result, outcome(() => evaluateTerm(t, env, genericFloat)), `${what} (generic field)`);
  return result!;
}

// every kernel: n-ary sums and Hadamard products, scaling, Frobenius products, sums of entries,
// elementwise powers (integer, negative, fractional), with products and functions around them
const KERNEL_EXPRS: [string, string][] = [
  ['A + B + C - D', 'A: n x m; B: n x m; C: n x m; D: n x m'],
  ['A .* B .* C ./ D', 'A: n x m; B: n x m; C: n x m; D: n x m'],
  ['3*A - 1/2*B', 'A: n x m; B: n x m'],
  ["(A + B):(A .* B) + sum(A*B')", 'A: n x m; B: n x m'],
  ['A.^2 + A.^3 - (A.^2).^-1 + exp(A).^(1/2)', 'A: n x m'],
  ["x'*A*x + sum(x.^-2) + (A*x):(A*x)", 'A: n x n; x: n'],
  ["sigmoid(W*x + b):y - 2*norm2(W)^2 + sum(tanh(W'*y))", 'W: n x m; x: m; b: n; y: n'],
  ['logdet(S) + tr(inv(S)*A) + det(A)', 'S: n x n spd; A: n x n'],
];

test('kernels evaluate: every float kernel equals its record and the generic code, bit for bit', () => {
  for (const [expr, vars] of KERNEL_EXPRS) {
    const f = parse(expr, vars);
    for (let s = 0; s < 12; s++) {
      const p = randomPoint(f, 100 * s + 7, { lo: 1, hi: 5 });
      compare(f, p, `${expr} at ${[...p.sizes].join(' ')}`);
    }
  }
});

test('kernels evaluate: points outside the domain give the same error, naming the same subterm', () => {
  const at = (values: Record<string, number[][]>, sizes: Record<string, number>): Point => ({ values, sizes: new Map(Object.entries(sizes)) });
  const cases: [string, string, Point][] = [
    // a pole of an elementwise power, an overflow, the square root of a negative, log of a negative
    ['x.^-1 + x', 'x: n', at({ x: [[1], [0], [2]] }, { n: 3 })],
    ['exp(x).^3', 'x: n', at({ x: [[1], [300]] }, { n: 2 })],
    ['x.^(1/2)', 'x: n', at({ x: [[4], [-1]] }, { n: 2 })],
    ['log(x) + log(y)', 'x: n; y: n', at({ x: [[-1]], y: [[-2]] }, { n: 1 })],
    ['inv(A)*x', 'A: n x n; x: n', at({ A: [[1, 2], [2, 4]], x: [[1], [1]] }, { n: 2 })],
  ];
  for (const [expr, vars, p] of cases) {
    const r = compare(parse(expr, vars), p, expr);
    assert.ok('error' in r, `${expr} is undefined there`);
  }
  // the walk meets log(x) before log(y): the first argument's error is the one reported
  const f = parse('log(x) + log(y)', 'x: n; y: n');
  const r = outcome(() => evaluateTerm(f, envOf(cases[3]![2]), floatField));
  assert.ok('error' in r && r.at === f.args[0], 'the error names log(x)');
});

test('kernels evaluate: the worked table, f and its gradients, bit for bit', () => {
  let values = 0;
  for (const [index, row] of WORKED.entries()) {
    const d = derive(row.expr, { wrt: row.wrt, vars: row.vars, check: false });
    const terms = [d.fn, ...d.gradients.map((g) => g.term)];
    for (let s = 0; s < 3; s++) {
      const p = randomPoint(terms, 1000 * (index + 1) + s, { lo: 1 + (s % 2), hi: 4, positive: row.positive ?? [] });
      for (const t of terms) {
        compare(t, p, `${row.expr} (row ${index + 1})`);
        values++;
      }
    }
  }
  assert.ok(values > 500, `${values} values compared`);
});

test('kernels evaluate: evaluate() returns the records’ values, and nested arrays in and out', () => {
  const d = derive('v = W*x; s = sigmoid(v); E = 1/2*(s - y):(s - y)', { wrt: 'W', vars: 'W: n x m; x: m; y: n', check: false });
  const p = randomPoint(d.fn, 3, { sizes: { n: 5, m: 3 } });
  const given = { W: p.values.W!, x: p.values.x!.map((r) => r[0]!), y: p.values.y!.map((r) => r[0]!) };
  const out = evaluate(d.gradient.term, given);
  const ref = evaluateByRecords(d.gradient.term, envOf(p), floatField);
  assert.equal(out, Array.from({ length: 5 }, (_, i) => ref.data.slice(i * 3, i * 3 + 3)));
  // a sparse array has a missing entry (or row), not fewer of them
  const holes = <T>(xs: T[], at: number): T[] => {
    delete xs[at];
    return xs;
  };
  assert.throws(() => evaluate('x', { x: holes([1, 2, 3], 1) }), /not a number/);
  assert.throws(() => evaluate('X', { X: holes([[1, 2], [0, 0], [3, 4]], 1) }), /not rectangular/);
});

test('kernels evaluate: shared subterms are evaluated once (a DAG of 2⁴⁰ paths, 40 definitions)', () => {
  const lines = ['a0 = x'];
  for (let k = 1; k <= 40; k++) lines.push(`a${k} = tanh(a${k - 1}) + a${k - 1}`);
  const f = parse(`${lines.join('; ')}; sum(a40)`, 'x: n');
  const r = evaluate(f, { x: [0.001, -0.002] });
  assert.ok(Number.isFinite(r[0]![0]!));
});

test.run();

// Code export to JavaScript (issue 14): for every row of the worked-gradient table and every extra
// case of test/helpers/export-cases.ts, the exported module is imported and, at random sizes and
// values that honour the declared facts,
//   (a) f equals matdiff's own evaluate() of the function;
//   (b) fAndG's value equals f, and each gradient equals two independent oracles: central
//       differences of the exported f (test/helpers/export.ts) and central differences of
//       matdiff's evaluate() (test/helpers/numeric.ts), entry by entry;
//   (c) the module's own checkGradient() returns a small number.
// Then the API around it: output buffers, the shape guards' messages, the unsupported-operator
// refusal, the version in the header, derivation.code().
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { derive, exportCode, hessian, jacobian, isMatdiffError, VERSION } from '../src/index.js';
import { mk, registerShapeRule } from '../src/core/term.js';
import * as b from '../src/core/build.js';
import { OPS } from '../src/ops/index.js';
import { EXPORTED_OPS, problemOf } from '../src/export/plan.js';
import { exportJs } from '../src/export/js.js';
import { WORKED } from './helpers/worked-table.js';
import { EXPORT_CASES } from './helpers/export-cases.js';
import { definedPoint } from './helpers/worked.js';
import { evalAt, fdGradient, scalarAt, relDiff } from './helpers/numeric.js';
import { dimsOf, importModule, jsVars, moduleFd, moduleVars, relErr, tempDir } from './helpers/export.js';

const dir = tempDir();
const ROWS = [...WORKED.map((r, i) => ({ ...r, seed: 1000 * (i + 1) })), ...EXPORT_CASES.map((r, i) => ({ ...r, seed: 500 + 31 * i }))];
const flatRel = (a: ArrayLike<number> | number, b: readonly number[]): number => relDiff([typeof a === 'number' ? [a] : Array.from(a)], [[...b]]);

for (const row of ROWS) {
  test(`export js: ${row.expr} wrt ${row.wrt} (${row.vars})`, async () => {
    const d = derive(row.expr, { wrt: row.wrt, vars: row.vars });
    const mod = await importModule(dir, exportCode(d, 'js'));
    const vars = moduleVars(d);
    for (let k = 0; k < 2; k++) {
      const p = definedPoint(d.fn, row.seed + 97 * k, row.positive);
      const [v, dims] = [jsVars(vars, p), dimsOf(p)];
      const value = mod.f(v, dims);
      // (a) matdiff's evaluate of the function
      assert.ok(relErr(value, scalarAt(d.fn, p)) < 1e-10, `f = ${value}, evaluate() = ${scalarAt(d.fn, p)}`);
      // (b) the value again, and every gradient against both oracles
      const r = mod.fAndG(v, dims);
      assert.ok(relErr(r.value, value) < 1e-12, `fAndG's value ${r.value} is not f's ${value}`);
      for (const g of d.gradients) {
        const got = r.gradient[g.wrt];
        const x = vars.find((u) => u.name === g.wrt)!;
        assert.is(typeof got === 'number', x.term.shape.rows === '1' && x.term.shape.cols === '1', `the gradient of ${g.wrt} is a number exactly when ${g.wrt} is a scalar`);
        const e1 = flatRel(got, moduleFd(mod.f as never, v, dims, x));
        const e2 = flatRel(got, fdGradient(d.fn, g.wrt, p, 5e-4).flat());
        assert.ok(e1 < 1e-6, `∂f/∂${g.wrt} differs from central differences of the exported f by ${e1.toExponential(2)}`);
        assert.ok(e2 < 1e-6, `∂f/∂${g.wrt} differs from central differences of evaluate() by ${e2.toExponential(2)}`);
      }
      // (c) the module's own check
      const c = mod.checkGradient(v, dims, { seed: k + 1 });
      assert.ok(c < 1e-6, `checkGradient() = ${c}`);
    }
  });
}

const seed003 = () => derive('v = W*x; s = sigmoid(v); E = 1/2*(s - y):(s - y)', { wrt: ['W', 'x'], vars: 'W: n x m; x: m; y: n' });
const values = { W: Float64Array.from({ length: 12 }, (_, i) => Math.sin(i + 1)), x: Float64Array.from([0.5, -1, 2, 0.25]), y: Float64Array.from([0.1, 0.9, 0.5]) };
const dims = { n: 3, m: 4 };

test('export js: fAndG writes into an earlier result and returns it, with the same values', async () => {
  const mod = await importModule(dir, exportCode(seed003(), 'js'));
  const r1 = mod.fAndG(values, dims);
  const [W, x] = [Float64Array.from(r1.gradient.W), Float64Array.from(r1.gradient.x)];
  const buffers = [r1.gradient.W, r1.gradient.x];
  mod.fAndG({ ...values, y: Float64Array.from([0, 0, 0]) }, dims, r1);
  const r2 = mod.fAndG(values, dims, r1);
  assert.is(r2, r1, 'the result object is reused');
  assert.is(r2.gradient.W, buffers[0], 'the gradient array is reused');
  assert.equal([...r2.gradient.W], [...W]);
  assert.equal([...r2.gradient.x], [...x]);
  // a returned array is never the workspace: another call does not change it
  const kept = mod.fAndG(values, dims);
  const copy = Float64Array.from(kept.gradient.W);
  mod.fAndG({ ...values, x: Float64Array.from([3, 3, 3, 3]) }, dims);
  assert.equal([...kept.gradient.W], [...copy]);
});

test('export js: the shape guards name the variable and the size expected', async () => {
  const mod = await importModule(dir, exportCode(seed003(), 'js'));
  const throws = (fn: () => unknown, type: ErrorConstructor, message: string) => {
    try {
      fn();
    } catch (e) {
      assert.instance(e, type);
      assert.is((e as Error).message, message);
      return;
    }
    assert.unreachable(`no ${type.name}: ${message}`);
  };
  throws(() => mod.f({ ...values, W: new Float64Array(10) }, dims), RangeError, 'W: expected n*m = 12 entries (n×m, row-major), got 10');
  throws(() => mod.f({ ...values, x: new Float64Array(3) }, dims), RangeError, 'x: expected m = 4 entries (m×1, a column vector), got 3');
  throws(() => mod.f({ ...values, x: [0.5, -1, 2, 0.25] }, dims), TypeError, 'x: expected a Float64Array of m = 4 entries (m×1, a column vector), got an Array (make it a Float64Array: Float64Array.from(array))');
  throws(() => mod.f({ W: values.W, x: values.x }, dims), TypeError, 'y: expected a Float64Array of n = 3 entries (n×1, a column vector), got nothing');
  throws(() => mod.f(values, { n: 3 }), RangeError, 'dims.m: expected a positive integer (the size of dimension m), got nothing');
  throws(() => mod.f(values, { n: 3, m: 2.5 }), RangeError, 'dims.m: expected a positive integer (the size of dimension m), got the number 2.5');
  throws(() => mod.fAndG(values, dims, { value: 0, gradient: { W: new Float64Array(12), x: new Float64Array(5) } }), RangeError, 'out.gradient.x: expected m = 4 entries (m×1, a column vector), got 5');
  const scalar = await importModule(dir, exportCode(derive('sum(exp(a*x))', { wrt: 'a', vars: 'a: scalar; x: n' }), 'js'));
  throws(() => scalar.f({ a: '2', x: new Float64Array(2) }, { n: 2 }), TypeError, 'a: expected a number (a scalar), got the string 2');
  const jac = await importModule(dir, exportCode(jacobian('W*x', { wrt: 'x', vars: 'W: n x m; x: m' }), 'js'));
  throws(() => jac.jvp({ W: values.W, x: values.x }, dims, new Float64Array(3)), RangeError, 'v: expected m = 4 entries (m×1, a column vector), got 3');
});

test('export js: a scalar variable\'s gradient is a number; a one-gradient result still names it', async () => {
  const d = derive('sum(exp(a*x))', { wrt: 'a', vars: 'a: scalar; x: n' });
  const mod = await importModule(dir, exportCode(d, 'js'));
  const r = mod.fAndG({ a: 0.3, x: Float64Array.from([1, -2]) }, { n: 2 });
  assert.is(typeof r.gradient.a, 'number');
  assert.ok(Math.abs(r.gradient.a - (Math.exp(0.3) - 2 * Math.exp(-0.6))) < 1e-12);
  assert.match(exportCode(d, 'js'), 'the gradient of a scalar variable is a number');
});

test('export: every operator matdiff knows is exported (a new one must be added to the emitters)', () => {
  const missing = [...OPS.keys()].filter((op) => op !== 'dvar' && !EXPORTED_OPS.has(op));
  assert.equal(missing, [], `operators the exporter does not write: ${missing.join(', ')}`);
});

test('export: an operator the emitters do not write is a MatdiffError(unsupported) naming it, never code', () => {
  registerShapeRule('frobnicate', (args) => args[0]!);
  const x = b.variable('x', { rows: 'n', cols: '1' });
  const d = derive('sum(x)', { wrt: 'x', vars: 'x: n' });
  const p = { ...problemOf(d), fn: b.apply('sum', [mk('frobnicate', [x])]) };
  try {
    exportJs(p, false, {});
    assert.unreachable('exported');
  } catch (e) {
    assert.ok(isMatdiffError(e) && e.kind === 'unsupported', String(e));
    assert.match((e as Error).message, '`frobnicate`');
  }
});

test('export: the header carries the function, the gradient in matdiff syntax, the layout and the version', () => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  assert.is(VERSION, pkg.version, 'src/export/version.ts keeps package.json\'s version');
  const code = exportCode(seed003(), 'js', { command: 'matdiff export … --lang js' });
  const header = code.split('\n').filter((l) => l.startsWith('//')).join('\n');
  assert.match(header, `Generated by matdiff ${pkg.version} (\`matdiff export … --lang js\`)`);
  assert.match(header, 'function: v = W*x; s = sigmoid(v); E = 1/2*(s - y):(s - y)');
  assert.match(header, "∂E/∂W = ((s - s.^2) .* (s - y))*x'");
  assert.match(header, 'where s = sigmoid(W*x)');
  assert.match(header, "each gradient has its variable's shape, row-major");
  // shared subterms once, named after the user's names, in order
  const body = code.slice(code.indexOf('export function fAndG'), code.indexOf('export function checkGradient'));
  assert.is(body.match(/sigmoid\(/g)?.length, 1, 'σ(W*x) is computed once');
  assert.ok(body.indexOf('const v = ') < body.indexOf('const s = '), 'v before s');
});

test('export: derivation.code() and jacobian.code() are exportCode; unknown languages are refused', () => {
  const d = seed003();
  assert.is(d.code('js'), exportCode(d, 'js'));
  const h = hessian("x'*A*x", { wrt: 'x', vars: 'x: n; A: n x n' });
  assert.is(h.code('numpy'), exportCode(h, 'numpy'));
  try {
    exportCode(d, 'julia' as never);
    assert.unreachable();
  } catch (e) {
    assert.ok(isMatdiffError(e) && e.kind === 'parse');
    assert.match((e as Error).message, 'unknown language `julia`');
  }
});

test('export js: the adjugate above 8×8 (det·inv) agrees with evaluate(); a singular inverse is a RangeError', async () => {
  const d = derive('sum(adj(X))', { wrt: 'X', vars: 'X: n x n' });
  const mod = await importModule(dir, exportCode(d, 'js'));
  const n = 10;
  const X = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => Math.sin(3 * i + 7 * j + 1) + (i === j ? 2 : 0)));
  const p = { sizes: new Map([['n', n]]), values: { X } };
  const r = mod.fAndG({ X: Float64Array.from(X.flat()) }, { n });
  assert.ok(relErr(r.value, scalarAt(d.fn, p)) < 1e-9, `${r.value} vs ${scalarAt(d.fn, p)}`);
  assert.ok(relErr(r.gradient.X, evalAt(d.gradient.term, p).flat()) < 1e-9);
  const inv = await importModule(dir, exportCode(derive('sum(inv(X))', { wrt: 'X', vars: 'X: n x n' }), 'js'));
  assert.throws(() => inv.f({ X: Float64Array.from([1, 2, 2, 4]) }, { n: 2 }), (e: Error) => e instanceof RangeError && e.message === 'inv(X): the matrix is singular');
});

test('export js: stable forms of σ, softplus and logsumexp far out', async () => {
  const mod = await importModule(dir, exportCode(derive('sum(sigmoid(x)) + sum(softplus(x)) + logsumexp(x)', { wrt: 'x', vars: 'x: n' }), 'js'));
  const x = Float64Array.from([800, -800, 0]);
  const r = mod.fAndG({ x }, { n: 3 });
  // σ(800) + σ(−800) + σ(0) = 1.5; softplus: 800 + 0 + log 2; logsumexp = 800
  assert.ok(Math.abs(r.value - (1.5 + 800 + Math.log(2) + 800)) < 1e-9, String(r.value));
  assert.ok([...r.gradient.x].every(Number.isFinite), String([...r.gradient.x]));
});

test.run();

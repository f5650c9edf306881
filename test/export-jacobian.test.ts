// Code export of Jacobian-vector and Hessian-vector products, the TypeScript export, and the
// `matdiff export` command. For every worked Jacobian and Hessian (test/helpers/jacobian-table.ts)
// the exported jvp (hvp) along a random direction equals matdiff's own evaluation of the action
// term dF = L(V) (H[V]) and the module's checkJvp (checkHvp) — central differences of its f (its
// gradient) — is small. The TypeScript modules of every case type-check with `tsc --strict` and
// compute what the JavaScript ones do.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { derive, exportCode, hessian, jacobian } from '../src/index.js';
import { JACOBIANS, HESSIANS, spdValues } from './helpers/jacobian-table.js';
import { WORKED } from './helpers/worked-table.js';
import { EXPORT_CASES } from './helpers/export-cases.js';
import { definedPoint } from './helpers/worked.js';
import { randomPoint, evalAt, type Point } from './helpers/numeric.js';
import { dimsOf, importModule, jsValue, jsVars, moduleVars, relErr, tempDir } from './helpers/export.js';
import { runCli } from './helpers/cli.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = tempDir();

const CASES = [...JACOBIANS.map((c) => ({ ...c, kind: 'jacobian' as const })), ...HESSIANS.map((c) => ({ ...c, kind: 'hessian' as const }))];

for (const [i, c] of CASES.entries()) {
  test(`export js ${c.kind}: ${c.expr} wrt ${c.wrt} (${c.vars})`, async () => {
    const r = c.kind === 'hessian' ? hessian(c.expr, { wrt: c.wrt, vars: c.vars }) : jacobian(c.expr, { wrt: c.wrt, vars: c.vars });
    const mod = await importModule(dir, exportCode(r, 'js'));
    const vars = moduleVars(r);
    for (let k = 0; k < 2; k++) {
      const p0 = randomPoint([r.fn], 300 + 17 * i + k, { positive: c.positive ?? [] });
      const p: Point = { sizes: p0.sizes, values: spdValues(p0.values, c.spd ?? []) };
      const [v, dims] = [jsVars(vars, p), dimsOf(p)];
      const X = p.values[c.wrt]!;
      const V = X.map((row, a) => row.map((_, b) => Math.sin(7 * a + 3 * b + k + 1)));
      const got = c.kind === 'hessian' ? mod.hvp(v, dims, jsValue(r.variable, V)) : mod.jvp(v, dims, jsValue(r.variable, V));
      const want = evalAt(r.action.term.term, { sizes: p.sizes, values: { ...p.values, [r.action.direction]: V } }).flat();
      assert.ok(relErr(got, want) < 1e-9, `${c.kind === 'hessian' ? 'hvp' : 'jvp'} differs from evaluate() of ${r.action.term.text} by ${relErr(got, want)}`);
      const chk = c.kind === 'hessian' ? mod.checkHvp(v, dims) : mod.checkJvp(v, dims);
      assert.ok(chk < 1e-6, `check = ${chk}`);
      if (c.kind === 'hessian') assert.ok(mod.checkGradient(v, dims) < 1e-6);
    }
  });
}

test('export ts: every case type-checks with tsc --strict and computes what the JavaScript module does', async () => {
  const tsDir = tempDir('matdiff-export-ts-');
  const rows = [...WORKED, ...EXPORT_CASES];
  const results = [
    ...rows.map((row) => ({ row, r: derive(row.expr, { wrt: row.wrt, vars: row.vars }) })),
    ...CASES.map((c) => ({ row: undefined, r: c.kind === 'hessian' ? hessian(c.expr, { wrt: c.wrt, vars: c.vars }) : jacobian(c.expr, { wrt: c.wrt, vars: c.vars }) })),
  ];
  results.forEach(({ r }, i) => writeFileSync(join(tsDir, `m${i}.ts`), exportCode(r, 'ts')));
  // a consumer of one of them, with the exported types
  writeFileSync(
    join(tsDir, 'use.ts'),
    `import { fAndG, checkGradient, type Vars, type Dims, type Result } from './m${WORKED.findIndex((w) => w.expr.startsWith('v = W*x'))}.js';
const vars: Vars = { W: new Float64Array(6), x: new Float64Array(3), y: new Float64Array(2) };
const dims: Dims = { n: 2, m: 3 };
const r: Result = fAndG(vars, dims);
const again: Result = fAndG(vars, dims, r);
const g: Float64Array = again.gradient.W;
const e: number = checkGradient(vars, dims, { h: 1e-4 });
export { g, e };
`,
  );
  writeFileSync(join(tsDir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: false, types: [] }, include: ['*.ts'] }));
  const tsc = join(root, 'node_modules', '.bin', 'tsc');
  assert.ok(existsSync(tsc), 'the project\'s tsc');
  const out = spawnSync(tsc, ['-p', join(tsDir, 'tsconfig.json')], { encoding: 'utf8' });
  assert.is(out.status, 0, `tsc --strict failed:\n${out.stdout}${out.stderr}`);
  // and the TypeScript modules run (through tsx) to the JavaScript ones' values
  for (const [i, { row, r }] of results.entries()) {
    if (!row) continue;
    const [ts, js] = [await importModule(tsDir, readFileSync(join(tsDir, `m${i}.ts`), 'utf8'), 'ts'), await importModule(dir, exportCode(r, 'js'))];
    const p = definedPoint(r.fn, 77 + i, row.positive);
    const [v, dims] = [jsVars(moduleVars(r), p), dimsOf(p)];
    assert.equal(ts.fAndG(v, dims), js.fAndG(v, dims), row.expr);
  }
});

test('matdiff export: writes a checked module to a file, or prints it; says what it wrote', () => {
  const out = join(dir, 'loss.mjs');
  const r = runCli(['export', 'v = W*x; s = sigmoid(v); E = 1/2*(s - y):(s - y)', '--wrt', 'W', '--vars', 'W: n x m; x: m; y: n', '--lang', 'js', '-o', out]);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stderr, 'wrote the js module to');
  const code = readFileSync(out, 'utf8');
  assert.match(code, 'Generated by matdiff');
  assert.match(code, '`matdiff export "v = W*x; s = sigmoid(v); E = 1/2*(s - y):(s - y)" --wrt W --vars "W: n x m; x: m; y: n" --lang js -o');
  assert.match(code, 'export function fAndG(');
  const printed = runCli(['export', "x'*A*x", '--wrt', 'x', '--hessian', '--lang', 'numpy']);
  assert.is(printed.code, 0, printed.stderr);
  assert.match(printed.stdout, 'def hvp(');
  assert.match(printed.stdout, 'def check_hvp(');
  const jvp = runCli(['export', 'softmax(z)', '--wrt', 'z', '--jacobian', '--lang', 'ts']);
  assert.match(jvp.stdout, 'export function jvp(vars: Vars, dims: Dims, v: Float64Array, out?: Float64Array): Float64Array {');
  const help = runCli(['export', '--help']);
  assert.is(help.code, 0);
  assert.match(help.stdout, '--lang js|ts|numpy|torch');
});

test('matdiff export: mistakes are errors with the way out', () => {
  const cases: [string[], string][] = [
    [['export', "x'*x", '--wrt', 'x'], 'give the language of the code: --lang js, ts, numpy or torch'],
    [['export', "x'*x", '--wrt', 'x', '--lang', 'jss'], 'unknown language `jss` for export'],
    [['export', "x'*x", '--lang', 'js'], 'give the variable to differentiate with respect to'],
    [['export', "x'*x", '--wrt', 'x', '--lang', 'js', '--jacobian', '--hessian'], 'give --jacobian or --hessian, not both'],
    [['export', 'W*x', '--wrt', 'x', '--lang', 'js'], 'not a scalar'],
  ];
  for (const [args, message] of cases) {
    const r = runCli(args);
    assert.is(r.code, 2, args.join(' '));
    assert.match(r.stderr, message);
  }
  assert.match(runCli(['export', "x'*x", '--wrt', 'x', '--lang', 'jss']).stderr, 'did you mean `js`?');
});

test.run();

// Code export to NumPy and PyTorch. Every worked gradient, every extra case and every worked
// Jacobian and Hessian is exported and run by python3 at a random point, and its value, gradients
// and Jacobian-vector / Hessian-vector products compared with the JavaScript module's (itself
// checked against two oracles in test/export.test.ts and test/export-jacobian.test.ts); each
// module's check_gradient / check_jvp / check_hvp must be small. The PyTorch modules are compiled
// by `python3 -m py_compile` and, where torch is installed, run the same way. Without python3 and
// numpy (or torch) a test is registered as skipped, its name saying why (as the browser tests do).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { derive, exportCode, hessian, jacobian, type Derivation, type Jacobian } from '../src/index.js';
import { WORKED } from './helpers/worked-table.js';
import { EXPORT_CASES } from './helpers/export-cases.js';
import { JACOBIANS, HESSIANS, spdValues } from './helpers/jacobian-table.js';
import { definedPoint } from './helpers/worked.js';
import { randomPoint, type Matrix, type Point } from './helpers/numeric.js';
import { dimsOf, importModule, jsValue, jsVars, moduleVars, pyArgs, pyValue, pythonHas, relErr, runPython, tempDir } from './helpers/export.js';

const dir = tempDir('matdiff-export-py-');
const hasPython = spawnSync('python3', ['--version']).status === 0;
const hasNumpy = hasPython && pythonHas('numpy');
const hasTorch = hasPython && pythonHas('torch');

interface Case {
  readonly name: string;
  readonly r: Derivation | Jacobian;
  readonly p: Point;
  /** the direction of a jvp / hvp */
  readonly V?: Matrix;
}

function cases(): Case[] {
  const out: Case[] = [];
  const rows = [...WORKED, ...EXPORT_CASES];
  rows.forEach((row, i) => {
    const r = derive(row.expr, { wrt: row.wrt, vars: row.vars });
    out.push({ name: `${row.expr} wrt ${row.wrt}`, r, p: definedPoint(r.fn, 4000 + 13 * i, row.positive) });
  });
  [...JACOBIANS.map((c) => ({ ...c, h: false })), ...HESSIANS.map((c) => ({ ...c, h: true }))].forEach((c, i) => {
    const r = c.h ? hessian(c.expr, { wrt: c.wrt, vars: c.vars }) : jacobian(c.expr, { wrt: c.wrt, vars: c.vars });
    const p0 = randomPoint([r.fn], 900 + i, { positive: c.positive ?? [] });
    const p = { sizes: p0.sizes, values: spdValues(p0.values, c.spd ?? []) };
    const V = p.values[c.wrt]!.map((row, a) => row.map((_, b) => Math.cos(5 * a + 2 * b)));
    out.push({ name: `${c.h ? 'hessian' : 'jacobian'} of ${c.expr} wrt ${c.wrt}`, r, p, V });
  });
  return out;
}

/** what the JavaScript module computes at the case's point: the value, the gradients, the product */
async function jsResults(c: Case): Promise<{ value: number[]; grads: number[][]; action?: number[] }> {
  const mod = await importModule(dir, exportCode(c.r, 'js'));
  const [v, dims] = [jsVars(moduleVars(c.r), c.p), dimsOf(c.p)];
  const flat = (x: number | Float64Array) => (typeof x === 'number' ? [x] : [...x]);
  const value = flat(mod.f(v, dims));
  const wrts = 'gradients' in c.r ? c.r.gradients.map((g) => g.wrt) : c.r.kind === 'hessian' ? [c.r.wrt] : [];
  const grads = wrts.length ? wrts.map((w) => flat(mod.fAndG(v, dims).gradient[w])) : [];
  if (!c.V || 'gradients' in c.r) return { value, grads };
  const V = jsValue(c.r.variable, c.V);
  return { value, grads, action: flat(c.r.kind === 'hessian' ? mod.hvp(v, dims, V) : mod.jvp(v, dims, V)) };
}

const RUNNER = `
import importlib, json, math, sys, traceback
sys.path.insert(0, sys.argv[1])
def flat(x):
    try:
        import torch
        if torch.is_tensor(x):
            x = x.detach().cpu().tolist()
    except ImportError:
        pass
    if hasattr(x, 'tolist'):
        x = x.tolist()
    if isinstance(x, (int, float)):
        return [float(x)]
    out = []
    for e in x:
        out.extend(flat(e))
    return out
results = []
for c in json.load(open(sys.argv[2])):
    try:
        m = importlib.import_module(c['module'])
        r = {'value': flat(m.f(*c['args']))}
        if hasattr(m, 'fAndG'):
            value, g = m.fAndG(*c['args'])
            r['value2'] = flat(value)
            gs = g if isinstance(g, tuple) else (g,)
            r['grads'] = [flat(x) for x in gs]
            r['check'] = m.check_gradient(*c['args'])
        if 'V' in c:
            name = 'hvp' if hasattr(m, 'hvp') else 'jvp'
            r['action'] = flat(getattr(m, name)(*c['args'], c['V']))
            r['checkAction'] = getattr(m, 'check_' + name)(*c['args'])
        results.append(r)
    except Exception:
        results.append({'error': traceback.format_exc()})
print(json.dumps(results))
`;

async function compare(lang: 'numpy' | 'torch'): Promise<void> {
  const all = cases();
  const input = all.map((c, i) => {
    writeFileSync(join(dir, `${lang}_${i}.py`), exportCode(c.r, lang));
    const vars = moduleVars(c.r);
    const V = c.V && !('gradients' in c.r) ? pyValue(c.r.variable, c.V) : undefined;
    return { module: `${lang}_${i}`, args: pyArgs(vars, c.p), ...(V !== undefined ? { V } : {}) };
  });
  writeFileSync(join(dir, `${lang}.json`), JSON.stringify(input));
  const out = runPython(dir, RUNNER, [dir, join(dir, `${lang}.json`)]) as Record<string, any>[];
  const failures: string[] = [];
  for (const [i, c] of all.entries()) {
    const py = out[i]!;
    if (py.error) {
      failures.push(`${c.name}: ${py.error}`);
      continue;
    }
    const js = await jsResults(c);
    const bad = (what: string, e: number, tol: number) => !(e < tol) && failures.push(`${c.name}: ${what} ${e}`);
    bad('value differs from JavaScript by', relErr(py.value, js.value), 1e-9);
    if (js.grads.length) {
      bad('fAndG value differs by', relErr(py.value2, js.value), 1e-9);
      js.grads.forEach((g, k) => bad(`gradient ${k} differs from JavaScript by`, relErr(py.grads[k], g), 1e-9));
      bad('check_gradient() =', py.check, 1e-6);
    }
    if (js.action) {
      bad('jvp/hvp differs from JavaScript by', relErr(py.action, js.action), 1e-9);
      bad('check_jvp/check_hvp() =', py.checkAction, 1e-6);
    }
  }
  assert.equal(failures, [], failures.join('\n'));
}

function skipped(name: string, why: string): void {
  console.log(`\n  ${name}: skipped: ${why}`);
  test.skip(`${name} (skipped: ${why})`, () => {});
}

const NUMPY = 'export numpy: every case runs in python3 and agrees with the JavaScript module; its checks are small';
if (hasNumpy) test(NUMPY, () => compare('numpy'));
else skipped(NUMPY, hasPython ? 'python3 has no numpy here' : 'no python3 here');

if (hasNumpy) {
  test('export numpy: a wrong shape is a ValueError naming the variable and the shape expected', () => {
    const d = derive('v = W*x; s = sigmoid(v); E = 1/2*(s - y):(s - y)', { wrt: 'W', vars: 'W: n x m; x: m; y: n' });
    writeFileSync(join(dir, 'shapes.py'), exportCode(d, 'numpy'));
    const out = runPython(
      dir,
      `import json, sys
sys.path.insert(0, sys.argv[1])
import shapes
errors = []
W = [[1, 2], [3, 4], [5, 6]]
for args in ((W, [1, 2, 3], [0, 1, 0]), (W, [[1, 2], [3, 4]], [0, 1, 0]), ([1, 2], [1, 2], [0, 1])):
    try:
        shapes.f(*args)
    except ValueError as e:
        errors.append(str(e))
print(json.dumps(errors))`,
      [dir],
    );
    assert.equal(out, ['x: expected shape (m,) = (2,), got (3,)', 'x: expected a 1-D array of shape (m,), got shape (2, 2)', 'W: expected a 2-D array of shape (n, m), got shape (2,)']);
  });
}

const COMPILE = 'export torch: every case compiles (python3 -m py_compile)';
if (hasPython) {
  test(COMPILE, () => {
    const files = cases().map((c, i) => {
      const file = join(dir, `torch_compile_${i}.py`);
      writeFileSync(file, exportCode(c.r, 'torch'));
      return file;
    });
    const r = spawnSync('python3', ['-m', 'py_compile', ...files], { encoding: 'utf8' });
    assert.is(r.status, 0, r.stderr);
  });
} else skipped(COMPILE, 'no python3 here');

const TORCH = 'export torch: every case runs in python3 and agrees with the JavaScript module; its checks are small';
if (hasTorch) test(TORCH, () => compare('torch'));
else skipped(TORCH, hasPython ? 'python3 has no torch here' : 'no python3 here');

test.run();

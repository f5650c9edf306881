// Helpers of the code-export tests (test/export*.test.ts): write an exported module to a temporary
// folder and import it (JavaScript) or run it (Python), turn a test point into the values each
// language takes, and an oracle of our own — central differences of the exported module's f,
// entry by entry, independent of matdiff's check and of the module's own checkGradient.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import type { Term } from '../../src/core/term.js';
import type { Derivation, Jacobian } from '../../src/index.js';
import { problemOf } from '../../src/export/plan.js';
import type { Matrix, Point } from './numeric.js';

export const tempDir = (prefix = 'matdiff-export-'): string => mkdtempSync(join(tmpdir(), prefix));

let counter = 0;
/** write `code` as an ES module (.mjs, or .ts run through tsx) and import it */
export async function importModule(dir: string, code: string, ext: 'mjs' | 'ts' = 'mjs'): Promise<Record<string, any>> {
  const file = join(dir, `exported${++counter}.${ext}`);
  writeFileSync(file, code);
  return import(pathToFileURL(file).href);
}

const isScalar = (t: Term) => t.shape.rows === '1' && t.shape.cols === '1';
const isVector = (t: Term) => t.shape.rows === '1' || t.shape.cols === '1';

/** the module's variables, in its parameter order (Python) */
export const moduleVars = (r: Derivation | Jacobian): { name: string; term: Term }[] => [...problemOf(r).vars];

/** a point as the JavaScript module takes it: numbers and row-major Float64Arrays */
export function jsVars(vars: readonly { name: string; term: Term }[], p: Point): Record<string, number | Float64Array> {
  const out: Record<string, number | Float64Array> = {};
  for (const { name, term } of vars) out[name] = jsValue(term, p.values[name]!);
  return out;
}
export const jsValue = (term: Term, m: Matrix): number | Float64Array => (isScalar(term) ? m[0]![0]! : Float64Array.from(m.flat()));

/** a point as the Python module takes it: floats, 1-D lists for vectors, nested lists for matrices */
export function pyArgs(vars: readonly { name: string; term: Term }[], p: Point): unknown[] {
  return vars.map(({ name, term }) => pyValue(term, p.values[name]!));
}
export const pyValue = (term: Term, m: Matrix): unknown => (isScalar(term) ? m[0]![0]! : isVector(term) ? m.flat() : m);

export const dimsOf = (p: Point): Record<string, number> => Object.fromEntries(p.sizes);

/** max |a − b| over max(1, max |b|) */
export function relErr(a: ArrayLike<number> | number, b: ArrayLike<number> | number): number {
  const x = typeof a === 'number' ? [a] : Array.from(a);
  const y = typeof b === 'number' ? [b] : Array.from(b);
  if (x.length !== y.length) return Infinity;
  let d = 0;
  let s = 1;
  x.forEach((v, i) => {
    d = Math.max(d, Math.abs(v - y[i]!));
    s = Math.max(s, Math.abs(y[i]!));
  });
  return Number.isNaN(d) ? Infinity : d / s;
}

/**
 * ∂f/∂X of the exported module's own f, entry by entry: the 6-point central difference, and for a
 * symmetric (diagonal) X the part a symmetric (diagonal) dX sees, ½(G + Gᵀ) (the diagonal).
 */
export function moduleFd(f: (vars: Record<string, unknown>, dims: Record<string, number>) => number, vars: Record<string, number | Float64Array>, dims: Record<string, number>, x: { name: string; term: Term }, h0 = 5e-4): number[] {
  const at = (k: number, t: number): number => {
    const v = vars[x.name]!;
    if (typeof v === 'number') return f({ ...vars, [x.name]: v + t }, dims);
    const w = Float64Array.from(v);
    w[k]! += t;
    return f({ ...vars, [x.name]: w }, dims);
  };
  const v = vars[x.name]!;
  const n = typeof v === 'number' ? 1 : v.length;
  const G = Array.from({ length: n }, (_, k) => {
    const h = h0 * Math.max(1, Math.abs(typeof v === 'number' ? v : v[k]!));
    const d = (j: number) => at(k, j * h) - at(k, -j * h);
    return (d(3) - 9 * d(2) + 45 * d(1)) / (60 * h);
  });
  if (x.term.hasFact('symmetric') || x.term.hasFact('spd') || x.term.hasFact('diagonal')) {
    const m = Math.round(Math.sqrt(n));
    return G.map((g, k) => {
      const [i, j] = [Math.floor(k / m), k % m];
      return x.term.hasFact('diagonal') ? (i === j ? g : 0) : (g + G[j * m + i]!) / 2;
    });
  }
  return G;
}

/** whether python3 can import `module` here (numpy, torch) */
export function pythonHas(module: string): boolean {
  const r = spawnSync('python3', ['-c', `import ${module}`], { encoding: 'utf8' });
  return r.status === 0;
}

/** run a Python script that prints one JSON value; its parsed output */
export function runPython(dir: string, script: string, args: readonly string[] = []): any {
  const file = join(dir, `run${++counter}.py`);
  writeFileSync(file, script);
  const r = spawnSync('python3', [file, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`python3 ${file} failed (${r.status}):\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

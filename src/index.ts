// The public entry of matdiff.
import './ops/index.js';
import type { Term } from './core/term.js';
import type { Mat } from './numeric/matrix.js';
import { mat } from './numeric/matrix.js';
import { floatField } from './numeric/field.js';
import { evaluateTerm } from './numeric/evaluate.js';
import { parseProgram, parseDeclarations } from './parse/parser.js';
import { elaborate, KNOWN_FUNCTIONS } from './parse/elaborate.js';
import { MatdiffError } from './errors.js';
import { dimSymbols } from './core/shape.js';

export { derive, Derivation, Gradient, CheckFailed, type DeriveOptions } from './engine/derive.js';
export { MatdiffError, isMatdiffError } from './errors.js';
export { toText, toUnicode, toLatex } from './print/print.js';
export { canon as simplify } from './simplify/canon.js';
export type { Term } from './core/term.js';
export type { CheckResult, CheckOptions } from './check/check.js';

/** Parse an expression (with optional declarations) into its function term. */
export function parse(expr: string, vars: string = ''): Term {
  return elaborate(parseProgram(expr, { knownFunctions: KNOWN_FUNCTIONS }), parseDeclarations(vars), vars).fn;
}

export type Value = number | number[] | number[][];

function toMat(name: string, v: Value, t: Term, sizes: Map<string, number>): Mat<number> {
  const rows: number[][] = typeof v === 'number' ? [[v]] : Array.isArray(v[0]) ? (v as number[][]) : t.shape.rows === '1' && t.shape.cols !== '1' ? [v as number[]] : (v as number[]).map((x) => [x]);
  const r = rows.length;
  const c = rows[0]?.length ?? 0;
  if (!rows.every((row) => row.length === c)) throw new MatdiffError('declaration', `the value of ${name} is not rectangular`);
  for (const [d, n] of [[t.shape.rows, r], [t.shape.cols, c]] as [string, number][]) {
    if (/^\d+$/.test(d)) {
      if (Number(d) !== n) throw new MatdiffError('shape', `${name} is ${t.shape.rows}×${t.shape.cols} but its value is ${r}×${c}`);
    } else if (!d.includes('*')) {
      const known = sizes.get(d);
      if (known !== undefined && known !== n) throw new MatdiffError('shape', `${name}: dimension ${d} is ${known} elsewhere but ${n} here`);
      sizes.set(d, n);
    }
  }
  return mat(r, c, rows.flat());
}

/**
 * Evaluate an expression or term at numeric values: `evaluate("x'*A*x", { x: [1, 2], A: [[1, 0], [0, 1]] })`.
 * Vectors may be given as flat arrays; the sizes of the dimensions are read off the values.
 */
export function evaluate(expr: string | Term, values: Record<string, Value>, vars = ''): number[][] {
  const t = typeof expr === 'string' ? parse(expr, vars) : expr;
  const sizes = new Map<string, number>();
  const env = new Map<string, Mat<number>>();
  const seen = new Map<string, Term>();
  const walk = (u: Term) => {
    if (u.op === 'var') seen.set(u.name!, u);
    u.args.forEach(walk);
  };
  walk(t);
  for (const [name, v] of seen) {
    // own properties only: a variable named `constructor` or `__proto__` is no way into Object
    if (!Object.hasOwn(values, name)) throw new MatdiffError('unknown-name', `no value given for ${name}`);
    env.set(name, toMat(name, values[name]!, v, sizes));
  }
  for (const v of seen.values()) for (const d of [v.shape.rows, v.shape.cols]) for (const s of dimSymbols(d)) if (!sizes.has(s)) throw new MatdiffError('shape', `no value fixes the size of dimension ${s}`);
  const m = evaluateTerm(t, { vars: env, sizes }, floatField);
  return Array.from({ length: m.rows }, (_, i) => m.data.slice(i * m.cols, (i + 1) * m.cols) as number[]);
}
export { check, type ClaimCheck, type ChainCheck, type CheckFormat, type Diagnosis, type DiagnosisKind, type Counterexample, type StepCheck, type IdentificationCheck } from './verify/index.js';

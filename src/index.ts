// The public entry of matdiff. It loads, first and explicitly, the operator table (src/ops/index.ts
// registers every operator with the term constructor; no term can be built before) and, through
// the `report` export below, the report layer (which installs `derivation.report(format)`).
import './ops/index.js';
import type { Term } from './core/term.js';
import type { Mat } from './numeric/matrix.js';
import { mat } from './numeric/matrix.js';
import { floatField, Undefined } from './numeric/field.js';
import { evaluateTerm } from './numeric/evaluate.js';
import { parseProgram, parseDeclarations } from './parse/parser.js';
import { elaborate, KNOWN_FUNCTIONS } from './parse/elaborate.js';
import { MatdiffError } from './errors.js';
import { dimSymbols, dimSize } from './core/shape.js';
import { toText } from './print/print.js';
import { MAX_EVAL_ENTRIES } from './limits.js';

export { derive, Derivation, Gradient, CheckFailed, type DeriveOptions } from './engine/derive.js';
export { jacobian, hessian, Jacobian, JacobianCheckFailed, type JacobianOptions, type HessianOptions, type Layout } from './engine/jacobian.js';
export { report, type ReportFormat } from './report/index.js';
// code export (loading it installs derivation.code(lang) and jacobian.code(lang))
export { exportCode, CODE_LANGS, VERSION, type CodeLang, type CodeOptions } from './export/index.js';
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

const short = (s: string) => (s.length > 80 ? `${s.slice(0, 60)}…${s.slice(-12)}` : s);

function toMat(name: string, v: Value, t: Term, sizes: Map<string, number>): Mat<number> {
  if (typeof v !== 'number' && !Array.isArray(v)) throw new MatdiffError('declaration', `the value of ${name} is not a number or an array of numbers`);
  const rows: number[][] = typeof v === 'number' ? [[v]] : Array.isArray(v[0]) ? (v as number[][]) : t.shape.rows === '1' && t.shape.cols !== '1' ? [v as number[]] : Array.from(v as number[], (x) => [x]);
  const r = rows.length;
  const c = Array.isArray(rows[0]) ? rows[0].length : 0;
  if (r === 0 || c === 0) throw new MatdiffError('declaration', `the value of ${name} is empty`);
  if (r * c > MAX_EVAL_ENTRIES) throw new MatdiffError('limit', `the value of ${name} has ${r * c} entries; evaluate() takes matrices of at most ${MAX_EVAL_ENTRIES} entries (the limit on evaluation sizes)`);
  // (by index: every() would skip the holes of a sparse array)
  for (let i = 0; i < r; i++) if (!Array.isArray(rows[i]) || rows[i]!.length !== c) throw new MatdiffError('declaration', `the value of ${name} is not rectangular`);
  // row-major entries, copied by a loop (rows.flat() took most of the time of a large evaluate)
  const data: number[] = new Array(r * c);
  for (let i = 0; i < r; i++) {
    const row = rows[i]!;
    for (let j = 0; j < c; j++) {
      const x = row[j];
      if (typeof x !== 'number') throw new MatdiffError('declaration', `the value of ${name} has an entry that is not a number`);
      data[i * c + j] = x;
    }
  }
  for (const [d, n] of [[t.shape.rows, r], [t.shape.cols, c]] as [string, number][]) {
    if (/^\d+$/.test(d)) {
      if (Number(d) !== n) throw new MatdiffError('shape', `${name} is ${t.shape.rows}×${t.shape.cols} but its value is ${r}×${c}`);
    } else if (!d.includes('*')) {
      const known = sizes.get(d);
      if (known !== undefined && known !== n) throw new MatdiffError('shape', `${name}: dimension ${d} is ${known} elsewhere but ${n} here`);
      sizes.set(d, n);
    }
  }
  return mat(r, c, data);
}

/**
 * Evaluate an expression or term at numeric values: `evaluate("x'*A*x", { x: [1, 2], A: [[1, 0], [0, 1]] })`.
 * Vectors may be given as flat arrays; the sizes of the dimensions are read off the values.
 */
export function evaluate(expr: string | Term, values: Record<string, Value>, vars = ''): number[][] {
  const t = typeof expr === 'string' ? parse(expr, vars) : expr;
  const sizes = new Map<string, number>();
  const env = new Map<string, Mat<number>>();
  // every subterm once: definitions share their terms, so the tree may be exponentially larger
  const seen = new Map<string, Term>();
  const terms = new Set<Term>();
  const stack = [t];
  while (stack.length) {
    const u = stack.pop()!;
    if (terms.has(u)) continue;
    terms.add(u);
    if (u.op === 'var') seen.set(u.name!, u);
    stack.push(...u.args);
  }
  for (const [name, v] of seen) {
    // own properties only: a variable named `constructor` or `__proto__` is no way into Object
    if (!Object.hasOwn(values, name)) throw new MatdiffError('unknown-name', `no value given for ${name}`);
    env.set(name, toMat(name, values[name]!, v, sizes));
  }
  // (a dimension only ones(n) or I(n) uses is fixed by no value)
  for (const u of terms) for (const d of [u.shape.rows, u.shape.cols]) for (const s of dimSymbols(d)) if (!sizes.has(s)) throw new MatdiffError('shape', `no value fixes the size of dimension ${s}`);
  // every matrix the evaluation makes, bounded before any is computed (kron multiplies sizes)
  for (const u of terms) {
    const n = dimSize(u.shape.rows, sizes) * dimSize(u.shape.cols, sizes);
    if (n > MAX_EVAL_ENTRIES) {
      throw new MatdiffError('limit', `evaluating \`${short(toText(u))}\` makes a ${dimSize(u.shape.rows, sizes)}×${dimSize(u.shape.cols, sizes)} matrix; evaluate() computes matrices of at most ${MAX_EVAL_ENTRIES} entries (the limit on evaluation sizes)`, {
        hint: 'evaluate at smaller values',
      });
    }
  }
  let m: Mat<number>;
  try {
    m = evaluateTerm(t, { vars: env, sizes }, floatField);
  } catch (e) {
    // outside the function's domain: a mistake in the values, said as one
    if (e instanceof Undefined) {
      const at = e.at && e.at !== t ? ` (in \`${short(toText(e.at))}\`)` : '';
      throw new MatdiffError('domain', `the function is undefined at these values: ${e.what}${at}`, { hint: 'evaluate it at values inside its domain' });
    }
    throw e;
  }
  return Array.from({ length: m.rows }, (_, i) => m.data.slice(i * m.cols, (i + 1) * m.cols) as number[]);
}
export { check, type Verdict, type ClaimCheck, type ChainCheck, type CheckFormat, type Diagnosis, type DiagnosisKind, type Counterexample, type StepCheck, type IdentificationCheck } from './verify/index.js';

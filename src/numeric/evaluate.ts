// Evaluate a term over any Field, given values for its variables (and differentials) and sizes
// for its symbolic dimensions. Each operator's record evaluates itself; this walks the DAG once.
// The walk is planned once per term (`scheduleOf`: its distinct subterms in the order the walk
// meets them, each with the indices of its arguments and its record) and kept, so the many
// evaluations of one term in a check are a loop over an array, not a recursion through a map.
// In doubles (F.kind 'float') the common operators run on float kernels (src/numeric/float-ops.ts).
import type { Term } from '../core/term.js';
import { opRecord, type OpRecord } from '../ops/index.js';
import { Undefined, type Field } from './field.js';
import type { Mat } from './matrix.js';
import { dimSize } from '../core/shape.js';
import { floatKernel, type FloatStep } from './float-ops.js';

export interface Env<S> {
  /** values of the variables, by name */
  readonly vars: ReadonlyMap<string, Mat<S>>;
  /** values of the differentials dX, by variable name */
  readonly diffs?: ReadonlyMap<string, Mat<S>>;
  /** sizes of the symbolic dimensions */
  readonly sizes: ReadonlyMap<string, number>;
}

/** an operator's evaluation over S */
type Step<S> = (t: Term, args: readonly Mat<S>[], F: Field<S>, size: (d: string) => number) => Mat<S>;

interface Schedule {
  /** the distinct subterms, each after its arguments (the root last) */
  readonly terms: readonly Term[];
  /** for each, the positions of its arguments in `terms` */
  readonly args: readonly (readonly number[])[];
  /** for each operator (not a leaf variable): its record's evaluation, and the float one */
  readonly generic: readonly (OpRecord['evaluate'] | undefined)[];
  readonly float: readonly (FloatStep | undefined)[];
}

const schedules = new WeakMap<Term, Schedule>();

/** The subterms of `t` in post-order (arguments left to right, each subterm once), as the recursive walk visits them. */
function scheduleOf(t: Term): Schedule {
  const hit = schedules.get(t);
  if (hit) return hit;
  const index = new Map<Term, number>();
  const terms: Term[] = [];
  const args: number[][] = [];
  // an explicit stack (a deep term must not overflow the call stack): [term, next argument]
  const stack: [Term, number][] = [[t, 0]];
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    const [u, k] = top;
    if (k < u.args.length) {
      top[1]++;
      if (!index.has(u.args[k]!)) stack.push([u.args[k]!, 0]);
      continue;
    }
    stack.pop();
    index.set(u, terms.length);
    terms.push(u);
    args.push(u.args.map((a) => index.get(a)!));
  }
  const leaf = (u: Term) => u.op === 'var' || u.op === 'dvar';
  const generic = terms.map((u) => (leaf(u) ? undefined : opRecord(u.op).evaluate));
  const float = terms.map((u, i) => (leaf(u) ? undefined : (floatKernel(u.op) ?? generic[i])));
  const s: Schedule = { terms, args, generic, float };
  schedules.set(t, s);
  return s;
}

/** `t` at `env` over `F`; in doubles (F.kind 'float') the common operators run on float kernels. */
export function evaluateTerm<S>(t: Term, env: Env<S>, F: Field<S>): Mat<S> {
  const s = scheduleOf(t);
  if (F.kind === 'float') return run(s, s.float, env as unknown as Env<number>, F as unknown as Field<number>) as unknown as Mat<S>;
  return run<S>(s, s.generic, env, F);
}

/** `t` through its operators' records only (no float kernels): the reference the kernels are tested against. */
export function evaluateByRecords<S>(t: Term, env: Env<S>, F: Field<S>): Mat<S> {
  const s = scheduleOf(t);
  return run<S>(s, s.generic, env, F);
}

function run<S>(s: Schedule, steps: readonly (Step<S> | undefined)[], env: Env<S>, F: Field<S>): Mat<S> {
  const size = (d: string) => dimSize(d, env.sizes);
  const values: Mat<S>[] = new Array(s.terms.length);
  for (let i = 0; i < s.terms.length; i++) {
    const u = s.terms[i]!;
    const step = steps[i];
    if (!step) {
      const m = (u.op === 'var' ? env.vars : env.diffs)?.get(u.name!);
      if (!m) throw new Error(`no value for ${u.op === 'var' ? '' : 'd'}${u.name}`);
      values[i] = m;
      continue;
    }
    const a = s.args[i]!;
    const args: Mat<S>[] = new Array(a.length);
    for (let k = 0; k < a.length; k++) args[k] = values[a[k]!]!;
    try {
      values[i] = step(u, args, F, size);
    } catch (e) {
      // name the innermost term that left its domain
      if (e instanceof Undefined && !e.at) throw new Undefined(e.what, u);
      throw e;
    }
  }
  return values[s.terms.length - 1]!;
}

// Evaluate a term over any Field, given values for its variables (and differentials) and sizes
// for its symbolic dimensions. Each operator's record evaluates itself; this walks the DAG once.
import type { Term } from '../core/term.js';
import { opRecord } from '../ops/index.js';
import { Undefined, type Field } from './field.js';
import type { Mat } from './matrix.js';
import { dimSize } from '../core/shape.js';

export interface Env<S> {
  /** values of the variables, by name */
  readonly vars: ReadonlyMap<string, Mat<S>>;
  /** values of the differentials dX, by variable name */
  readonly diffs?: ReadonlyMap<string, Mat<S>>;
  /** sizes of the symbolic dimensions */
  readonly sizes: ReadonlyMap<string, number>;
}

export function evaluateTerm<S>(t: Term, env: Env<S>, F: Field<S>): Mat<S> {
  const memo = new Map<Term, Mat<S>>();
  const size = (d: string) => dimSize(d, env.sizes);
  const go = (u: Term): Mat<S> => {
    const hit = memo.get(u);
    if (hit) return hit;
    let v: Mat<S>;
    if (u.op === 'var' || u.op === 'dvar') {
      const m = (u.op === 'var' ? env.vars : env.diffs)?.get(u.name!);
      if (!m) throw new Error(`no value for ${u.op === 'var' ? '' : 'd'}${u.name}`);
      v = m;
    } else {
      const args = u.args.map(go);
      try {
        v = opRecord(u.op).evaluate(u, args, F, size);
      } catch (e) {
        // name the innermost term that left its domain
        if (e instanceof Undefined && !e.at) throw new Undefined(e.what, u);
        throw e;
      }
    }
    memo.set(u, v);
    return v;
  };
  return go(t);
}

// The differential: d(f) by one rule per operator (each operator's record holds its rule, in code
// or as the id of a catalogue entry in identities/ that src/identities/rules.ts applies), walked
// once over the DAG with memoization, so shared subterms are differentiated once. The result is
// linear in the differentials dX of the variables in `wrt`.
import type { Term } from '../core/term.js';
import * as b from '../core/build.js';
import { opRecord } from '../ops/index.js';
import { MatdiffError } from '../errors.js';
import type { StepLog } from './steps.js';
import { catalogueDifferential } from '../identities/rules.js';
import type { OpRecord } from '../ops/types.js';
import { mk } from '../core/term.js';

/**
 * The differential a linear or bilinear operator has by its kind, with no rule of its own:
 *   linear    d L(X, Y, …) = L(dX, dY, …)   (a sum: d(A + B) = dA + dB)
 *   bilinear  d B(X, Y, …) = Σᵢ B(X, …, dXᵢ, …), one term per argument that varies (product rule)
 * built through the record's smart constructor (`make`), so the trivial folds apply.
 */
function byLinearity(rec: OpRecord, t: Term, ds: readonly Term[]): Term {
  const make = (args: readonly Term[]): Term => (rec.make ? rec.make(args, t, t.shape) : mk(t.op, args, t.data));
  if (rec.kind === 'linear') return make(ds);
  const terms = t.args.flatMap((_, i) => (b.isZero(ds[i]!) ? [] : [make(t.args.map((a, j) => (j === i ? ds[i]! : a)))]));
  return terms.length === 1 ? terms[0]! : b.add(...terms);
}

export function differential(f: Term, wrt: ReadonlySet<string>, log?: StepLog): Term {
  const memo = new Map<Term, Term>();
  const go = (t: Term): Term => {
    const hit = memo.get(t);
    if (hit) return hit;
    let d: Term;
    if (t.op === 'var') d = wrt.has(t.name!) ? b.dvar(t.name!, t.shape) : b.zero(t.shape);
    else if (t.args.length === 0) d = b.zero(t.shape);
    else {
      const ds = t.args.map(go);
      if (ds.every(b.isZero)) d = b.zero(t.shape);
      else {
        const rec = opRecord(t.op);
        if (!rec.diff && !rec.diffFrom && (rec.kind === 'linear' || rec.kind === 'bilinear')) {
          d = byLinearity(rec, t, ds);
          log?.add(rec.diffRule ?? `d.${t.op}`, t, d);
        } else if (rec.diff) {
          d = rec.diff(t, ds);
          log?.add(rec.diffRule ?? `d.${t.op}`, t, d);
        } else if (rec.diffFrom) {
          const r = catalogueDifferential(rec.diffFrom, t, ds);
          d = r.result;
          log?.add(r.rule, t, d);
        } else throw new MatdiffError('unsupported', `matdiff cannot differentiate ${t.op} yet`);
      }
    }
    memo.set(t, d);
    return d;
  };
  return go(f);
}

// Identification = transposition. The scalar differential dF is linear in the dX; moving the
// differential out with each linear operator's adjoint (C : L(dX) = L*(C) : dX) turns it into
// G : dX, and then ∂F/∂X = G. Done in reverse topological order with cotangents accumulated per
// node, which is reverse-mode AD carried out on symbols: cost linear in the size of dF. An adjoint is
// a template in the catalogue where the record names one (`adjointFrom`), else the record's code.
import type { Term } from '../core/term.js';
import * as b from '../core/build.js';
import { opRecord } from '../ops/index.js';
import { MatdiffError } from '../errors.js';
import { canon, canonRecorder } from '../simplify/canon.js';
import type { StepLog } from './steps.js';
import { catalogueAdjoint } from '../identities/rules.js';

/** Gradient of each variable (by name) from the scalar differential dF. */
export function identify(dF: Term, log?: StepLog): Map<string, Term> {
  // post-order over the nodes that carry a differential
  const order: Term[] = [];
  const seen = new Set<Term>();
  const stack: [Term, boolean][] = [[dF, false]];
  while (stack.length) {
    const [t, done] = stack.pop()!;
    if (done) {
      order.push(t);
      continue;
    }
    if (seen.has(t) || !t.hasDiff) continue;
    seen.add(t);
    stack.push([t, true]);
    for (const a of t.args) if (a.hasDiff) stack.push([a, false]);
  }
  const cot = new Map<Term, Term[]>([[dF, [b.num(1)]]]);
  // the canonical form's rewrites, each a step with its rule id, once per term across the cotangents
  const canonRec = log && canonRecorder((rule, before, after) => log.add(rule, before, after));
  const grads = new Map<string, Term[]>();
  for (let k = order.length - 1; k >= 0; k--) {
    const node = order[k]!;
    const parts = cot.get(node);
    if (!parts) continue;
    const c = canon(parts.length === 1 ? parts[0]! : b.add(...parts), canonRec);
    if (node.op === 'dvar') {
      grads.set(node.name!, [...(grads.get(node.name!) ?? []), c]);
      continue;
    }
    const rec = opRecord(node.op);
    if (!rec.adjoint) {
      throw new MatdiffError('unsupported', `matdiff cannot move a differential out of ${rec.call?.[0] ?? node.op}(...) yet`);
    }
    node.args.forEach((a, i) => {
      if (!a.hasDiff) return;
      // a template in the catalogue (the step cites the entry that fitted), else the record's code
      const { rule, result: g } = rec.adjointFrom
        ? catalogueAdjoint(rec.adjointFrom, node, c, i)
        : { rule: rec.adjointRule ?? `adj.${node.op}`, result: rec.adjoint!(node, c, i) };
      log?.add(rule, node, g);
      cot.set(a, [...(cot.get(a) ?? []), g]);
    });
  }
  const out = new Map<string, Term>();
  for (const [name, parts] of grads) out.set(name, canon(b.add(...parts), canonRec));
  return out;
}

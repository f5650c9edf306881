// The engine's differential rules, read from the catalogue. An operator whose record names
// catalogue entries (`diffFrom: ['sigmoid.derivative', 'd.sigmoid']`) has no differential in
// code: its differential is the entry's right side with the entry's variables replaced by the
// actual arguments and their differentials. The first entry whose shapes fit is used (a scalar
// form before the general one), and the step records that entry's id. So the rule the engine
// applies, the rule the catalogue test checks and the rule the report cites are one text.
import type { Term } from '../core/term.js';
import { matchDims, substitute } from '../core/substitute.js';
import { identity, type Identity } from './catalogue.js';
import { entryTerms } from './terms.js';

interface Template {
  readonly id: string;
  /** the entry's variables, in the order of the operator's arguments */
  readonly params: readonly Term[];
  /** the name of the variable holding each argument's differential (`dX`) */
  readonly dnames: readonly string[];
  readonly rhs: Term;
}

const templates = new Map<string, Template>();

/** An entry usable as a rule: `fn` is the operator applied to distinct variables, all of them in `wrt`. */
function template(id: string, op: string): Template {
  const hit = templates.get(id);
  if (hit) return hit;
  const e: Identity = identity(id);
  const bad = (why: string) => new Error(`matdiff internal: identity ${id} cannot serve as the differential of ${op}: ${why}`);
  if (!e.fn || !e.wrt) throw bad('it is not a differential rule (fn, wrt)');
  const t = entryTerms(e);
  const fn = t.fn!;
  if (fn.op !== op) throw bad(`its fn is ${fn.op}, not ${op}`);
  if (!fn.args.every((a) => a.op === 'var') || new Set(fn.args).size !== fn.args.length) throw bad('the arguments of fn must be distinct variables');
  // a structural fact (symmetric, spd, ...) would let the right side be simplified with it, and
  // the rule would not hold in general; `positive` only keeps the entry's check in the domain
  if (fn.args.some((a) => (a.data.facts ?? []).some((f) => f !== 'positive'))) throw bad('its variables may carry no fact but `positive`');
  const dnames = fn.args.map((a) => {
    const d = t.along.get(a.name!);
    if (!d) throw bad(`${a.name} is not in wrt`);
    return d;
  });
  const tpl: Template = { id, params: fn.args, dnames, rhs: t.rhs };
  templates.set(id, tpl);
  return tpl;
}

/**
 * The differential of `t` (an application of `op`) from the first of the entries `ids` whose
 * shapes fit its arguments, given the arguments' differentials `d`.
 */
export function catalogueDifferential(ids: readonly string[], t: Term, d: readonly Term[]): { rule: string; result: Term } {
  for (const id of ids) {
    const tpl = template(id, t.op);
    const pairs = tpl.params.map((p, i) => [p.shape, t.args[i]!.shape] as const);
    const dims = matchDims(pairs);
    if (!dims) continue;
    const vars = new Map<string, Term>();
    tpl.params.forEach((p, i) => {
      vars.set(p.name!, t.args[i]!);
      vars.set(tpl.dnames[i]!, d[i]!);
    });
    return { rule: id, result: substitute(tpl.rhs, vars, dims) };
  }
  throw new Error(`matdiff internal: none of the entries ${ids.join(', ')} fits ${t.op} of ${t.args.map((a) => `${a.shape.rows}×${a.shape.cols}`).join(', ')}`);
}

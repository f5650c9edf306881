// The engine's differential rules, read from the catalogue. An operator whose record names
// catalogue entries (`diffFrom: ['sigmoid.derivative', 'd.sigmoid']`) has no differential in
// code: its differential is the entry's right side with the entry's variables replaced by the
// actual arguments and their differentials. The first entry whose shapes fit is used (a scalar
// form before the general one), and the step records that entry's id. So the rule the engine
// applies, the rule the catalogue test checks and the rule the report cites are one text.
// Adjoints likewise (`adjointFrom: ['adj.Diag', 'adj.Diag-row']`): an entry `C : op(…, dX, …) =
// G : dX` (or `c*op(dX) = G : dX` for a scalar op) gives the cotangent of argument dX as G with C
// replaced by the actual cotangent.
import type { Term } from '../core/term.js';
import { matchDims, substitute } from '../core/substitute.js';
import { identity, type Identity } from './catalogue.js';
import { entryTerms } from './terms.js';
import { installAdjointTemplates } from '../ops/index.js';

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

// ---- adjoints ------------------------------------------------------------------------------------

interface AdjointTemplate {
  readonly id: string;
  /** the cotangent's variable (C) */
  readonly cot: Term;
  /** the operator applied to the entry's variables, one of them the differential */
  readonly app: Term;
  /** the argument the entry moves the differential out of */
  readonly index: number;
  /** the adjoint: G in `G : dX` */
  readonly g: Term;
}

const adjointTemplates = new Map<string, AdjointTemplate>();

/** An entry usable as an adjoint: lhs `C : op(vars)` or `c*op(vars)`, rhs `G : dX` with dX one of the vars. */
function adjointTemplate(id: string, op: string): AdjointTemplate {
  const hit = adjointTemplates.get(id);
  if (hit) return hit;
  const e: Identity = identity(id);
  const bad = (why: string) => new Error(`matdiff internal: identity ${id} cannot serve as the adjoint of ${op}: ${why}`);
  if (e.lhs === undefined) throw bad('it is not an equality (lhs)');
  const t = entryTerms(e);
  const lhs = t.lhs!;
  if (!['frob', 'mul', 'smul'].includes(lhs.op) || lhs.args.length !== 2) throw bad('its lhs is not `C : op(…)` or `c*op(…)`');
  const [cot, app] = lhs.args as [Term, Term];
  if (cot.op !== 'var' || app.op !== op) throw bad(`its lhs is not a cotangent variable times ${op}(…)`);
  if (!app.args.every((a) => a.op === 'var') || new Set([cot, ...app.args]).size !== app.args.length + 1) throw bad('the arguments must be distinct variables');
  if ([cot, ...app.args].some((a) => (a.data.facts ?? []).length > 0)) throw bad('its variables may carry no fact');
  const rhs = t.rhs;
  if (rhs.op !== 'frob' || rhs.args[1]!.op !== 'var') throw bad('its rhs is not `G : dX`');
  const index = app.args.indexOf(rhs.args[1]!);
  if (index < 0) throw bad('the dX of its rhs is not an argument of the operator');
  const tpl: AdjointTemplate = { id, cot, app, index, g: rhs.args[0]! };
  adjointTemplates.set(id, tpl);
  return tpl;
}

/**
 * The cotangent of argument i of `t` (an application of `op`) given the cotangent `cot` of t, from
 * the first of the entries `ids` whose shapes fit: C : t(…, dXᵢ, …) = result : dXᵢ.
 */
export function catalogueAdjoint(ids: readonly string[], t: Term, cot: Term, i: number): { rule: string; result: Term } {
  for (const id of ids) {
    const tpl = adjointTemplate(id, t.op);
    if (tpl.index !== i) continue;
    const dims = matchDims([[tpl.cot.shape, cot.shape], ...tpl.app.args.map((p, k) => [p.shape, t.args[k]!.shape] as const)]);
    if (!dims) continue;
    const vars = new Map<string, Term>([[tpl.cot.name!, cot]]);
    tpl.app.args.forEach((p, k) => {
      if (k !== i) vars.set(p.name!, t.args[k]!);
    });
    return { rule: id, result: substitute(tpl.g, vars, dims) };
  }
  throw new Error(`matdiff internal: none of the adjoint entries ${ids.join(', ')} fits ${t.op} of ${t.args.map((a) => `${a.shape.rows}×${a.shape.cols}`).join(', ')} in argument ${i}`);
}

installAdjointTemplates(catalogueAdjoint);

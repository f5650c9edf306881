// The engine's differential rules, read from the catalogue. An operator whose record names
// catalogue entries (`diffFrom: ['sigmoid.derivative', 'd.sigmoid']`) has no differential in
// code: its differential is the entry's right side with the entry's variables replaced by the
// actual arguments and their differentials. The first entry whose shapes fit is used (a scalar
// form before the general one), and the step records that entry's id. So the rule the engine
// applies, the rule the catalogue test checks and the rule the report cites are one text.
// Adjoints likewise (`adjointFrom: ['adj.Diag', 'adj.Diag-row']`): an entry `C : op(…, dX, …) =
// G : dX` (or `c*op(dX) = G : dX` for a scalar op) gives the cotangent of argument dX as G with C
// replaced by the actual cotangent; a bilinear operator's entry `C : (op(dA, B) + op(A, dB)) =
// G₁ : dA + G₂ : dB` gives one such template per argument.
import type { Term } from '../core/term.js';
import { matchDims, substitute } from '../ops/substitute.js';
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

const adjointTemplates = new Map<string, readonly AdjointTemplate[]>();

/** the variables a term mentions */
function varsOf(t: Term, out = new Set<Term>()): Set<Term> {
  if (t.op === 'var') out.add(t);
  for (const a of t.args) varsOf(a, out);
  return out;
}

/**
 * An entry usable as an adjoint, one template per argument it moves the differential out of. Its
 * lhs is `C : op(vars)` or `c*op(vars)` and its rhs `G : dX`, dX one of the vars; or, for a
 * bilinear operator, the product rule `C : (op(dA, B) + op(A, dB))` with rhs
 * `G₁ : dA + G₂ : dB`: the template of argument i is the application with the differential in
 * position i (its other arguments are bound to the actual ones) and the summand of the rhs whose
 * second factor is that differential.
 */
function adjointTemplatesOf(id: string, op: string): readonly AdjointTemplate[] {
  const hit = adjointTemplates.get(id);
  if (hit) return hit;
  const e: Identity = identity(id);
  const bad = (why: string) => new Error(`matdiff internal: identity ${id} cannot serve as the adjoint of ${op}: ${why}`);
  if (e.lhs === undefined) throw bad('it is not an equality (lhs)');
  const t = entryTerms(e);
  const lhs = t.lhs!;
  if (!['frob', 'mul', 'smul'].includes(lhs.op) || lhs.args.length !== 2) throw bad(`its lhs is not \`C : ${op}(…)\`, \`c*${op}(…)\` or \`C : (${op}(…) + ${op}(…))\``);
  const [cot, body] = lhs.args as [Term, Term];
  const apps = body.op === 'add' ? body.args : [body];
  if (cot.op !== 'var') throw bad(`the left factor of its lhs is ${cot.op}(…), not a variable (the cotangent C)`);
  const other = apps.find((a) => a.op !== op);
  if (other) throw bad(`its lhs applies ${other.op}, not ${op}${apps.length > 1 ? ' (each summand must apply ' + op + ')' : ''}`);
  if ((cot.data.facts ?? []).length > 0) throw bad('its variables may carry no fact');
  const rhs = t.rhs;
  const summands = rhs.op === 'add' ? rhs.args : [rhs];
  if (summands.some((s) => s.op !== 'frob' || s.args[1]!.op !== 'var')) throw bad(apps.length > 1 ? 'its rhs is not a sum `G₁ : dX₁ + G₂ : dX₂ + …`' : 'its rhs is not `G : dX`');
  if (summands.length !== apps.length) throw bad(`its lhs has ${apps.length} application(s) of ${op} but its rhs ${summands.length} summand(s) G : dX`);
  const used = new Set<Term>();
  const tpls = apps.map((app, k): AdjointTemplate => {
    const which = apps.length > 1 ? ` of application ${k + 1} of the lhs` : '';
    if (!app.args.every((a) => a.op === 'var') || new Set([cot, ...app.args]).size !== app.args.length + 1) throw bad(`the arguments${which} must be distinct variables, none of them the cotangent`);
    if (app.args.some((a) => (a.data.facts ?? []).length > 0)) throw bad('its variables may carry no fact');
    const mine = summands.filter((s) => app.args.includes(s.args[1]!));
    if (mine.length === 0) throw bad(apps.length > 1 ? `no summand of its rhs has a dX that is an argument${which}` : 'the dX of its rhs is not an argument of the operator');
    if (mine.length > 1) throw bad(`more than one summand of its rhs has a dX among the arguments${which}`);
    const s = mine[0]!;
    if (used.has(s)) throw bad(`the summand of its rhs with ${s.args[1]!.name} serves two applications of ${op}`);
    used.add(s);
    const index = app.args.indexOf(s.args[1]!);
    const g = s.args[0]!;
    // G may name only the cotangent and the arguments that stay: they are all a template binds
    const free = [...varsOf(g)].filter((v) => v !== cot && !app.args.some((a, j) => j !== index && a === v));
    if (free.length > 0) throw bad(`the G of its rhs${apps.length > 1 ? ` for ${s.args[1]!.name}` : ''} names ${free.map((v) => v.name).join(', ')}, which the application${which} does not bind`);
    return { id, cot, app, index, g };
  });
  if (new Set(tpls.map((x) => x.index)).size !== tpls.length) throw bad('two applications of its lhs move the differential out of the same argument');
  adjointTemplates.set(id, tpls);
  return tpls;
}

/**
 * The cotangent of argument i of `t` (an application of `op`) given the cotangent `cot` of t, from
 * the first of the entries `ids` whose template for argument i fits the shapes: C : t(…, dXᵢ, …) =
 * result : dXᵢ.
 */
export function catalogueAdjoint(ids: readonly string[], t: Term, cot: Term, i: number): { rule: string; result: Term } {
  for (const id of ids) {
    const tpl = adjointTemplatesOf(id, t.op).find((x) => x.index === i);
    if (!tpl || tpl.app.args.length !== t.args.length) continue;
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

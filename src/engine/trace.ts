// The one trace of a derivation at the level a teacher writes it (seed 003), built by the engine
// from the op records and the catalogue — not the raw reverse-accumulation log of derive(). Each
// intermediate name gets its own differential in names (`s = σ(v) ⇒ ds = (s − s∘s) ∘ dv`); the
// chain starts from the differential of the function's own definition (`dE = (s − y) : ds`),
// substitutes the intermediates' differentials one at a time (latest first) and moves one
// operator at a time out of the right side of each `:` with that operator's adjoint, until it
// reads G : dW. Every line keeps the ids of the rules it applied (`rules`) and the steps that made
// it (`steps`: rule id, the line before and after, the subterm the rule touched), simplification
// included. `derivation.trace(wrt)` builds it (lazily, once); the reports only format it, and
// check every line numerically (src/report/model.ts).
import { structureOf, STRUCTURE_RULE } from './structure.js';
import type { Term } from '../core/term.js';
import * as b from '../core/build.js';
import { isScalarShape } from '../core/shape.js';
import { MatdiffError } from '../errors.js';
import { differential } from './differential.js';
import { identify } from './identify.js';
import { StepLog } from './steps.js';
import { opRecord } from '../ops/index.js';
import { parseProgram } from '../parse/parser.js';
import { elaborate, KNOWN_FUNCTIONS, type Elaborated } from '../parse/elaborate.js';
import type { Declaration } from '../parse/ast.js';
import { declarationOf, declarationsOf } from '../parse/declarations.js';
import { canon } from '../simplify/canon.js';
import { tidy } from '../simplify/tidy.js';
import { differentialLast, hadamardForm, lineTerm, mentions, replace, simplify, type Summand } from './rewrite.js';
import { toText } from '../print/print.js';
import { diagFormOf, diagNamer, softmaxForm } from './trace-forms.js';

/** What a trace is built from: a derivation's source, its elaboration, and its gradients. */
export interface TraceSource {
  readonly source: string;
  readonly elaborated: Elaborated;
  /** the engine's simplified gradient for a variable */
  gradientOf(name: string): Term | undefined;
}

/**
 * One step of the trace: the rule (a stable id with an entry in identities/), the expression
 * before and after it (a line of the chain, or a subterm and its differential), and the subterm
 * it was applied to.
 */
export interface TraceStep {
  readonly rule: string;
  readonly before: Term;
  readonly after: Term;
  readonly touched: Term;
  /** the intermediate a substitution put in */
  readonly about?: string;
}

/** tidy with the simplifier's report of each named rule it applies (src/simplify/rules.ts) */
const tidyRecording = tidy as (t: Term, record?: (rule: string, before: Term, after: Term) => void) => Term;

/**
 * The simplifier, as traced steps: each rewrite of the canonical form (the id of the catalogue
 * entry it implements, or a `canon.*` id of CANON_RULES in src/simplify/normal.ts) and each named
 * simplification rule the simplifier reports (its id, the subterm before and after), then
 * `simplify` (the factoring, which has no rule of its own) for the whole term, when it changed.
 */
export function simplifyTraced(t: Term): { term: Term; steps: readonly TraceStep[] } {
  const steps: TraceStep[] = [];
  const record = (rule: string, before: Term, after: Term) => steps.push({ rule, before, after, touched: before });
  const term = tidyRecording(canon(t, record), record);
  if (term !== t) steps.push({ rule: 'simplify', before: t, after: term, touched: t });
  return { term, steps };
}

const stepsOf = (log: StepLog): TraceStep[] => log.steps.map((s) => ({ rule: s.rule, before: s.before, after: s.after, touched: s.before, about: s.about }));

/** `name = expr` with earlier names kept as variables. */
export interface Definition {
  readonly name: string;
  /** the name as a variable term */
  readonly variable: Term;
  /** the right side in names: σ(v) */
  readonly local: Term;
  /** the right side in the original variables: σ(W x) */
  readonly full: Term;
}

/** A definition with its differential (for the chain's variable). */
export interface DefDifferential {
  readonly def: Definition;
  /** false when the definition does not depend on the variable: its differential is 0 */
  readonly active: boolean;
  /** Hadamard form, in names: (s − s.^2) .* dv */
  readonly differential?: Term;
  /** Diag form where an elementwise function acts on a vector: (S − S²) dv */
  readonly diagForm?: Term;
  /** the differential rules used, outermost first */
  readonly rules: readonly string[];
  /** the differential's steps: each subterm and its differential */
  readonly steps: readonly TraceStep[];
}

export type { Summand };

export interface RuleUse {
  readonly id: string;
  /** for a substitution: the intermediate whose differential was put in */
  readonly substituted?: string;
  /** for a Frobenius move out of a matrix product: the product, and the factors that crossed */
  readonly moved?: Moved;
}

export interface Moved {
  /** the product the differential was moved out of: A dX B */
  readonly product: Term;
  /** the position of the differential in it */
  readonly index: number;
  readonly left?: Term;
  readonly right?: Term;
}

export interface Line {
  readonly summands: readonly Summand[];
  readonly rules: readonly RuleUse[];
  /** the steps from the line before to this one (for the first, from the function's definition) */
  readonly steps: readonly TraceStep[];
}

export interface Trace {
  readonly wrt: Term;
  readonly fnName: string;
  readonly fn: Term;
  /** the intermediates, in order, then the function's own definition */
  readonly defs: readonly DefDifferential[];
  /** Diag names: S ↦ s */
  readonly diagNames: ReadonlyMap<Term, Term>;
  readonly lines: readonly Line[];
  /** ∂f/∂W as the chain leaves it, in names */
  readonly gradient: Term;
  /** every name (s, S) ↦ its term in the original variables, and ds ↦ its full differential */
  readonly expansion: ReadonlyMap<Term, Term>;
}

/** The user's definitions, each elaborated with the earlier names as declared variables. */
export function definitions(d: TraceSource): { defs: Definition[]; fnLocal: Term } {
  const el = d.elaborated;
  const program = parseProgram(d.source, { knownFunctions: KNOWN_FUNCTIONS });
  const decls: Declaration[] = declarationsOf(el.vars);
  const defs: Definition[] = [];
  let fnLocal = el.fn;
  for (const s of program.statements) {
    const src = d.source.slice(s.expr.span.start, s.expr.span.end);
    const local = elaborate(parseProgram(src, { knownFunctions: KNOWN_FUNCTIONS }), decls, '').fn;
    fnLocal = local;
    if (s.name === undefined) continue;
    const full = el.defs.get(s.name)!;
    decls.push(declarationOf(s.name, full.shape));
    defs.push({ name: s.name, variable: b.variable(s.name, full.shape), local, full });
  }
  return { defs, fnLocal };
}

/** rule ids a differential used, outermost first, each once */
function rulesOf(log: StepLog): string[] {
  return [...new Set(log.steps.map((s) => s.rule).reverse())];
}

const isBare = (s: Summand) => s.R.op === 'dvar';

/** the term a line stands for (0 for no summands) */
const lineOf = (ss: readonly Summand[], shape: Term['shape']): Term => (ss.length ? lineTerm(ss) : b.zero(shape));

/**
 * One operator out of the right side of C : R, by that operator's adjoint; `raw` is the new
 * constant side before the simplifier ran on it (`rules`: the simplifier's rule ids).
 */
function move(s: Summand): { out: Summand[]; rule: RuleUse; raw?: Summand; simplified: readonly TraceStep[] } {
  const R = s.R;
  if (R.op === 'add') return { out: R.args.filter((a) => a.hasDiff).map((a) => ({ C: s.C, R: a })), rule: { id: 'adj.sum' }, simplified: [] };
  const rec = opRecord(R.op);
  const with_ = R.args.map((a, i) => [a, i] as const).filter(([a]) => a.hasDiff);
  if (!rec.adjoint || with_.length !== 1) {
    throw new MatdiffError('unsupported', `the report cannot move a differential out of ${rec.call?.[0] ?? R.op}(...) yet`);
  }
  const [arg, i] = with_[0]!;
  const rawC = rec.adjoint(R, s.C, i);
  const { term: C, steps: simplified } = simplifyTraced(rawC);
  const id = rec.adjointRule ?? `adj.${R.op}`;
  // which factors crossed (the report explains the transposes they bring)
  let moved: Moved | undefined;
  if (R.op === 'mul') {
    const right = R.args.slice(i + 1).filter((a) => !isScalarShape(a.shape));
    const left = R.args.slice(0, i).filter((a) => !isScalarShape(a.shape));
    if (left.length || right.length) moved = { product: R, index: i, left: left.length ? b.chain(left) : undefined, right: right.length ? b.chain(right) : undefined };
  }
  return { out: [{ C, R: arg }], rule: { id, moved }, raw: { C: rawC, R: arg }, simplified };
}

/** Summands with the same differential added up: A : dX + B : dX = (A + B) : dX. */
function collect(state: readonly Summand[]): Summand[] {
  const out: Summand[] = [];
  for (const s of state) {
    const k = out.findIndex((o) => o.R === s.R);
    if (k < 0) out.push(s);
    else out[k] = { C: simplify(b.add(out[k]!.C, s.C)), R: s.R };
  }
  return out;
}

/** how a line prints, to skip steps that change nothing visible */
const lineKey = (ss: readonly Summand[]) => (ss.length ? toText(lineTerm(ss)) : '0');

/** The trace of ∂f/∂`wrtName` (what `derivation.trace(wrt)` returns). */
export function buildTrace(d: TraceSource, wrtName: string): Trace {
  const el = d.elaborated;
  const W = el.vars.get(wrtName)!;
  const { defs, fnLocal } = definitions(d);
  const fnDef = defs.length && defs[defs.length - 1]!.full === el.fn ? defs[defs.length - 1] : undefined;
  const inters = defs.filter((x) => x !== fnDef);
  const active = new Set(inters.filter((x) => mentions(x.full, wrtName)).map((x) => x.name));
  const dvars = new Set([...active, wrtName]);
  const taken = new Set([...el.vars.keys(), ...defs.map((x) => x.name)]);
  const diag = diagNamer(taken);

  const expansion = new Map<Term, Term>();
  const dd: DefDifferential[] = [];
  for (const def of inters) {
    expansion.set(def.variable, def.full);
    if (!active.has(def.name)) {
      dd.push({ def, active: false, rules: [], steps: [] });
      continue;
    }
    const log = new StepLog();
    const raw = differential(def.local, dvars, log);
    // the definition's own value is its name: σ(v) − σ(v)² is written s − s²
    const inNames = replace(raw, new Map([[def.local, def.variable]]));
    const dt = differentialLast(canon(inNames));
    const diagForm = def.local.op === 'softmax' ? softmaxForm(def.variable, def.local.args[0]!, dvars, diag.of) : diagFormOf(dt, diag.of);
    expansion.set(b.dvar(def.name, def.full.shape), differential(def.full, new Set([wrtName])));
    const steps = stepsOf(log);
    if (dt !== inNames) steps.push({ rule: 'simplify', before: inNames, after: dt, touched: inNames, about: def.name });
    dd.push({ def, active: true, differential: dt, diagForm, rules: rulesOf(log), steps });
  }
  for (const [S, s] of diag.names) expansion.set(S, b.apply('Diag', [expansion.get(s) ?? s]));

  // the first line: the differential of the function's own definition, as Σ G : d(name)
  const log = new StepLog();
  const dF = differential(fnLocal, dvars, log);
  const firstSteps = stepsOf(log);
  let first: Summand[];
  if (inters.length === 0) {
    first = b.isZero(dF) ? [] : [{ C: b.num(1), R: differentialLast(canon(dF)) }];
    if (first.length && first[0]!.R !== dF) firstSteps.push({ rule: 'simplify', before: dF, after: first[0]!.R, touched: dF });
  } else {
    // dF as Σ G : d(name): the adjoints move each name's differential out (identification)
    const ilog = new StepLog();
    const grads = identify(dF, ilog);
    firstSteps.push(...stepsOf(ilog));
    const order = [...inters.map((x) => x.name).reverse(), wrtName];
    first = order.filter((n) => grads.has(n)).map((n) => {
      const g = grads.get(n)!;
      const { term: C, steps } = simplifyTraced(g);
      firstSteps.push(...steps.map((x) => ({ ...x, about: n })));
      return { C, R: b.dvar(n, (el.vars.get(n) ?? el.defs.get(n)!).shape) };
    });
  }
  const fnName = el.fnName;
  const fnVar = b.variable(fnName, el.fn.shape);
  dd.push({ def: fnDef ?? { name: fnName, variable: fnVar, local: fnLocal, full: el.fn }, active: true, differential: undefined, rules: rulesOf(log), steps: firstSteps });

  const byName = new Map(dd.map((x) => [x.def.name, x]));
  const lines: Line[] = [{ summands: first, rules: rulesOf(log).map((id) => ({ id })), steps: firstSteps }];
  let state = first;
  let pending: RuleUse[] = [];
  let pendingSteps: TraceStep[] = [];
  let shown = lineKey(state);
  const shape = el.fn.shape;
  /** the line `from` becomes `to` by `rule`, applied to `touched` */
  const step = (rule: string, from: readonly Summand[], to: readonly Summand[], touched: Term, about?: string) => {
    pendingSteps.push({ rule, before: lineOf(from, shape), after: lineOf(to, shape), touched, ...(about ? { about } : {}) });
  };
  const emit = () => {
    const k = lineKey(state);
    if (k === shown) return;
    lines.push({ summands: state, rules: pending, steps: pendingSteps });
    pending = [];
    pendingSteps = [];
    shown = k;
  };
  for (let guard = 0; ; guard++) {
    if (guard > 5000) throw new Error('matdiff internal: the trace does not terminate');
    const k = state.findIndex((s) => !isBare(s));
    if (k >= 0) {
      const { out, rule, raw, simplified } = move(state[k]!);
      const touched = state[k]!.R;
      const next = [...state.slice(0, k), ...out, ...state.slice(k + 1)];
      if (raw && simplified.length) {
        // the adjoint's result as it comes, then the simplifier on the constant side
        const unsimplified = [...state.slice(0, k), raw, ...state.slice(k + 1)];
        step(rule.id, state, unsimplified, touched);
        // each named rule on the subterm it rewrote; `simplify` on the whole line
        for (const x of simplified) x.rule === 'simplify' ? step('simplify', unsimplified, next, raw.C) : pendingSteps.push(x);
      } else step(rule.id, state, next, touched);
      state = next;
      pending.push(rule);
      // a move that leaves only bare differentials shares its line with what follows (seed 003)
      if (!state.every(isBare)) {
        emit();
        continue;
      }
    }
    const collected = collect(state);
    if (collected.length < state.length) {
      step('frob.collect', state, collected, lineOf(state, shape));
      state = collected;
      pending.push({ id: 'frob.collect' });
    }
    // substitute the latest intermediate still present: reverse order, as back-propagation does
    const next = [...inters].reverse().find((x) => state.some((s) => s.R.op === 'dvar' && s.R.name === x.name));
    if (!next) {
      emit();
      break;
    }
    const dn = byName.get(next.name)!;
    const value = dn.diagForm ?? dn.differential!;
    const dnext = b.dvar(next.name, next.full.shape);
    const put = (v: Term) => state.map((s) => (s.R.op === 'dvar' && s.R.name === next.name ? { C: s.C, R: v } : s)).filter((s) => !b.isZero(s.R));
    const substituted = put(value);
    if (dn.diagForm) {
      // d(name) put in as its Hadamard form, then that form written with Diag matrices
      const hadamard = put(dn.differential!);
      step('chain.substitute', state, hadamard, dnext, next.name);
      step(dn.def.local.op === 'softmax' ? 'softmax.jacobian' : 'diag.polynomial', hadamard, substituted, dn.differential!, next.name);
    } else step('chain.substitute', state, substituted, dnext, next.name);
    state = substituted;
    pending.push({ id: 'chain.substitute', substituted: next.name }, ...dn.rules.map((id) => ({ id, substituted: next.name })));
    if (dn.diagForm) pending.push({ id: dn.def.local.op === 'softmax' ? 'softmax.jacobian' : 'diag.polynomial', substituted: next.name });
    emit();
  }
  let gradient = state.length === 0 ? b.zero(W.shape) : state[0]!.C;
  // the engine's simplified gradient, in names; when it reads differently from the chain's
  // result and from that result's Hadamard form (shown beside it), it is one more line
  const engine = d.gradientOf(wrtName);
  if (engine) {
    const named = replace(engine, new Map(inters.flatMap((x) => [[x.full, x.variable], [canon(x.full), x.variable]] as [Term, Term][])));
    const hadamard = hadamardForm(replace(gradient, new Map([...diag.names].map(([S, s]) => [S, b.apply('Diag', [s])] as [Term, Term]))));
    if (toText(named) !== toText(gradient) && toText(named) !== toText(hadamard)) {
      const was = gradient;
      gradient = named;
      const next = [{ C: named, R: b.dvar(wrtName, W.shape) }];
      // for a symmetric or diagonal variable, the part of G its differential sees (adj.symmetric)
      const structure = structureOf(W);
      const ids = structure ? [STRUCTURE_RULE[structure], 'simplify'] : ['simplify'];
      pendingSteps = ids.map((rule) => ({ rule, before: lineOf(state, shape), after: lineOf(next, shape), touched: was }));
      state = next;
      lines.push({ summands: state, rules: ids.map((id) => ({ id })), steps: pendingSteps });
    }
  }
  return { wrt: W, fnName, fn: el.fn, defs: dd, diagNames: diag.names, lines, gradient, expansion };
}

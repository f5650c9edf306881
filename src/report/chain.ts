// The derivation a teacher writes (seed 003), built from the op records — not the engine's raw
// reverse-accumulation log. Each intermediate name gets its own differential in names
// (`s = σ(v) ⇒ ds = (s − s∘s) ∘ dv`); the chain starts from the differential of the function's
// own definition (`dE = (s − y) : ds`), substitutes the intermediates' differentials one at a time
// (latest first) and moves one operator at a time out of the right side of each `:` with that
// operator's adjoint, until it reads G : dW. Every step records the id of the catalogue entry it
// applied; every line is checked numerically elsewhere (src/report/check.ts).
import { structureOf, STRUCTURE_RULE } from '../engine/structure.js';
import type { Term } from '../core/term.js';
import * as b from '../core/build.js';
import { isScalarShape, isVectorShape } from '../core/shape.js';
import { MatdiffError } from '../errors.js';
import type { Derivation } from '../engine/derive.js';
import { differential } from '../engine/differential.js';
import { identify } from '../engine/identify.js';
import { StepLog } from '../engine/steps.js';
import { opRecord } from '../ops/index.js';
import { parseProgram } from '../parse/parser.js';
import { elaborate, KNOWN_FUNCTIONS } from '../parse/elaborate.js';
import type { Declaration } from '../parse/ast.js';
import { canon } from '../simplify/canon.js';
import { differentialLast, hadamardForm, mentions, replace, simplify, toDiag } from './rewrite.js';
import { lineTerm, type Summand } from './print.js';
import { toText } from '../print/print.js';

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
}

export interface Chain {
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
export function definitions(d: Derivation): { defs: Definition[]; fnLocal: Term } {
  const el = d.elaborated;
  const program = parseProgram(d.source, { knownFunctions: KNOWN_FUNCTIONS });
  const nowhere = { start: 0, end: 0 };
  const decls: Declaration[] = [...el.vars.values()].map((v) => ({ name: v.name!, rows: v.shape.rows, cols: v.shape.cols, facts: [...(v.data.facts ?? [])], span: nowhere }));
  const defs: Definition[] = [];
  let fnLocal = el.fn;
  for (const s of program.statements) {
    const src = d.source.slice(s.expr.span.start, s.expr.span.end);
    const local = elaborate(parseProgram(src, { knownFunctions: KNOWN_FUNCTIONS }), decls, '').fn;
    fnLocal = local;
    if (s.name === undefined) continue;
    const full = el.defs.get(s.name)!;
    decls.push({ name: s.name, rows: full.shape.rows, cols: full.shape.cols, facts: [], span: nowhere });
    defs.push({ name: s.name, variable: b.variable(s.name, full.shape), local, full });
  }
  return { defs, fnLocal };
}

/** rule ids a differential used, outermost first, each once */
function rulesOf(log: StepLog): string[] {
  return [...new Set(log.steps.map((s) => s.rule).reverse())];
}

/** The Diag name of a vector name: S for s (when S is free), else none. */
function diagNamer(taken: Set<string>) {
  const names = new Map<Term, Term>();
  const byVector = new Map<Term, Term>();
  const of = (v: Term): Term | undefined => {
    if (!isVectorShape(v.shape) || isScalarShape(v.shape) || !/^[a-z]$/.test(v.name ?? '')) return undefined;
    const hit = byVector.get(v);
    if (hit) return hit;
    const up = v.name!.toUpperCase();
    if (taken.has(up)) return undefined;
    taken.add(up);
    const n = v.shape.cols === '1' ? v.shape.rows : v.shape.cols;
    const S = b.variable(up, { rows: n, cols: n }, ['diagonal']);
    byVector.set(v, S);
    names.set(S, v);
    return S;
  };
  return { of, names };
}

/** ds = f′ ∘ dv for a vector dv, written (S − S²) dv (a column) or dv (S − S²) (a row). */
function diagFormOf(dt: Term, diagOf: (v: Term) => Term | undefined): Term | undefined {
  let c: Term | undefined;
  let core = dt;
  if (core.op === 'smul') [c, core] = [core.args[0]!, core.args[1]!];
  if (core.op !== 'had') return undefined;
  const diffs = core.args.filter((a) => a.hasDiff);
  const rest = core.args.filter((a) => !a.hasDiff);
  if (diffs.length !== 1 || rest.length === 0 || !isVectorShape(core.shape) || isScalarShape(core.shape)) return undefined;
  // f′(v) ∘ dv with dv a differential or a product (dW x); a sum stays in Hadamard form
  if (!['dvar', 'mul', 'T'].includes(diffs[0]!.op)) return undefined;
  const fprime = rest.length === 1 ? rest[0]! : rest.reduce((x, y) => b.had(x, y));
  let M = toDiag(fprime, diagOf);
  if (c) M = b.smul(c, M);
  return core.shape.cols === '1' ? b.mul(M, diffs[0]!) : b.mul(diffs[0]!, M);
}

/** dp = (P − p pᵀ) dz for a column, dz (P − pᵀp) for a row, with P = Diag(p) (softmax.jacobian) */
function softmaxForm(def: Definition, dvars: ReadonlySet<string>, diagOf: (v: Term) => Term | undefined): Term | undefined {
  const p = def.variable;
  if (isScalarShape(p.shape)) return undefined;
  const P = diagOf(p) ?? b.apply('Diag', [p]);
  const dz = differentialLast(canon(differential(def.local.args[0]!, dvars)));
  const col = p.shape.cols === '1';
  const J = b.sub(P, col ? b.mul(p, b.transpose(p)) : b.mul(b.transpose(p), p));
  return col ? b.mul(J, dz) : b.mul(dz, J);
}

const isBare = (s: Summand) => s.R.op === 'dvar';

/** One operator out of the right side of C : R, by that operator's adjoint. */
function move(s: Summand): { out: Summand[]; rule: RuleUse } {
  const R = s.R;
  if (R.op === 'add') return { out: R.args.filter((a) => a.hasDiff).map((a) => ({ C: s.C, R: a })), rule: { id: 'adj.sum' } };
  const rec = opRecord(R.op);
  const with_ = R.args.map((a, i) => [a, i] as const).filter(([a]) => a.hasDiff);
  if (!rec.adjoint || with_.length !== 1) {
    throw new MatdiffError('unsupported', `the report cannot move a differential out of ${rec.call?.[0] ?? R.op}(...) yet`);
  }
  const [arg, i] = with_[0]!;
  const C = simplify(rec.adjoint(R, s.C, i));
  const id = rec.adjointRule ?? `adj.${R.op}`;
  // which factors crossed (the report explains the transposes they bring)
  let moved: Moved | undefined;
  if (R.op === 'mul') {
    const right = R.args.slice(i + 1).filter((a) => !isScalarShape(a.shape));
    const left = R.args.slice(0, i).filter((a) => !isScalarShape(a.shape));
    if (left.length || right.length) moved = { product: R, index: i, left: left.length ? b.chain(left) : undefined, right: right.length ? b.chain(right) : undefined };
  }
  return { out: [{ C, R: arg }], rule: { id, moved } };
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

export function buildChain(d: Derivation, wrtName: string): Chain {
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
      dd.push({ def, active: false, rules: [] });
      continue;
    }
    const log = new StepLog();
    const raw = differential(def.local, dvars, log);
    // the definition's own value is its name: σ(v) − σ(v)² is written s − s²
    const dt = differentialLast(canon(replace(raw, new Map([[def.local, def.variable]]))));
    const diagForm = def.local.op === 'softmax' ? softmaxForm(def, dvars, diag.of) : diagFormOf(dt, diag.of);
    expansion.set(b.dvar(def.name, def.full.shape), differential(def.full, new Set([wrtName])));
    dd.push({ def, active: true, differential: dt, diagForm, rules: rulesOf(log) });
  }
  for (const [S, s] of diag.names) expansion.set(S, b.apply('Diag', [expansion.get(s) ?? s]));

  // the first line: the differential of the function's own definition, as Σ G : d(name)
  const log = new StepLog();
  const dF = differential(fnLocal, dvars, log);
  let first: Summand[];
  if (inters.length === 0) {
    first = b.isZero(dF) ? [] : [{ C: b.num(1), R: differentialLast(canon(dF)) }];
  } else {
    const grads = identify(dF);
    const order = [...inters.map((x) => x.name).reverse(), wrtName];
    first = order.filter((n) => grads.has(n)).map((n) => ({ C: simplify(grads.get(n)!), R: b.dvar(n, (el.vars.get(n) ?? el.defs.get(n)!).shape) }));
  }
  const fnName = el.fnName;
  const fnVar = b.variable(fnName, el.fn.shape);
  dd.push({ def: fnDef ?? { name: fnName, variable: fnVar, local: fnLocal, full: el.fn }, active: true, differential: undefined, rules: rulesOf(log) });

  const byName = new Map(dd.map((x) => [x.def.name, x]));
  const lines: Line[] = [{ summands: first, rules: rulesOf(log).map((id) => ({ id })) }];
  let state = first;
  let pending: RuleUse[] = [];
  let shown = lineKey(state);
  const emit = () => {
    const k = lineKey(state);
    if (k === shown) return;
    lines.push({ summands: state, rules: pending });
    pending = [];
    shown = k;
  };
  for (let guard = 0; ; guard++) {
    if (guard > 5000) throw new Error('matdiff internal: the report chain does not terminate');
    const k = state.findIndex((s) => !isBare(s));
    if (k >= 0) {
      const { out, rule } = move(state[k]!);
      state = [...state.slice(0, k), ...out, ...state.slice(k + 1)];
      pending.push(rule);
      // a move that leaves only bare differentials shares its line with what follows (seed 003)
      if (!state.every(isBare)) {
        emit();
        continue;
      }
    }
    const collected = collect(state);
    if (collected.length < state.length) {
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
    state = state.map((s) => (s.R.op === 'dvar' && s.R.name === next.name ? { C: s.C, R: value } : s)).filter((s) => !b.isZero(s.R));
    pending.push({ id: 'chain.substitute', substituted: next.name }, ...dn.rules.map((id) => ({ id, substituted: next.name })));
    if (dn.diagForm) pending.push({ id: dn.def.local.op === 'softmax' ? 'softmax.jacobian' : 'diag.polynomial', substituted: next.name });
    emit();
  }
  let gradient = state.length === 0 ? b.zero(W.shape) : state[0]!.C;
  // the engine's simplified gradient, in names; when it reads differently from the chain's
  // result and from that result's Hadamard form (shown beside it), it is one more line
  const engine = d.byName(wrtName)?.term;
  if (engine) {
    const named = replace(engine, new Map(inters.flatMap((x) => [[x.full, x.variable], [canon(x.full), x.variable]] as [Term, Term][])));
    const hadamard = hadamardForm(replace(gradient, new Map([...diag.names].map(([S, s]) => [S, b.apply('Diag', [s])] as [Term, Term]))));
    if (toText(named) !== toText(gradient) && toText(named) !== toText(hadamard)) {
      gradient = named;
      state = [{ C: named, R: b.dvar(wrtName, W.shape) }];
      // for a symmetric or diagonal variable, the part of G its differential sees (adj.symmetric)
      const structure = structureOf(W);
      lines.push({ summands: state, rules: structure ? [{ id: STRUCTURE_RULE[structure] }, { id: 'simplify' }] : [{ id: 'simplify' }] });
    }
  }
  return { wrt: W, fnName, fn: el.fn, defs: dd, diagNames: diag.names, lines, gradient, expansion };
}

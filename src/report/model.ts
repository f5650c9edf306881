// The report as data, before any format: the setup, one chain per variable with every line
// checked numerically, the result in its equivalent forms with the shape of each factor, the
// convention and the numeric check. The renderers (text, Markdown, LaTeX, HTML, JSON) only print
// this; nothing here knows about a format. The chain is the engine's one trace (derivation.trace(wrt),
// src/engine/trace.ts): this layer checks and formats it, and derives nothing itself.
import { structureOf, type Structure } from '../engine/structure.js';
import type { Term } from '../core/term.js';
import * as b from '../core/build.js';
import { type Shape, isScalarShape } from '../core/shape.js';
import { MatdiffError } from '../errors.js';
import type { Derivation } from '../engine/derive.js';
import { chooseNames } from '../simplify/share.js';
import { identity, type Identity } from '../identities/catalogue.js';
import { verify, type Verdict } from '../identities/verify.js';
import type { Trace, DefDifferential, Moved, RuleUse, TraceStep } from '../engine/trace.js';
import { hadamardForm, lineTerm, replace } from '../engine/rewrite.js';
import { toText } from '../print/print.js';
import { transposeOf } from '../simplify/canon.js';
import { opRecord } from '../ops/index.js';

export interface RuleRef extends RuleUse {
  readonly entry: Identity;
}

export interface SetupDef {
  readonly name: string;
  readonly local: Term;
  readonly active: boolean;
  readonly differential?: Term;
  readonly diagForm?: Term;
  /** the Diag names this definition's Diag form introduces: S = Diag(s) */
  readonly diagNames: readonly { readonly name: Term; readonly of: Term }[];
  readonly rules: readonly RuleRef[];
  /** the engine's trace of the differential (rule ids, simplification included) */
  readonly steps: readonly TraceStep[];
  readonly checks: readonly Verdict[];
}

export interface ReportLine {
  readonly term: Term;
  readonly rules: readonly RuleRef[];
  /** the engine's trace from the line before to this one (rule ids, simplification included) */
  readonly steps: readonly TraceStep[];
  readonly check: Verdict;
}

export interface Factor {
  readonly term: Term;
  readonly shape: Shape;
}

export interface Form {
  readonly label: string;
  readonly term: Term;
  readonly factors: readonly Factor[];
  readonly check: Verdict;
}

export interface Section {
  readonly wrt: string;
  readonly wrtShape: Shape;
  /** a symmetric (spd) or diagonal variable: the space its differential moves in */
  readonly structure?: Structure;
  readonly fnName: string;
  readonly setup: readonly SetupDef[];
  readonly lines: readonly ReportLine[];
  readonly gradient: Term;
  readonly forms: readonly Form[];
  /** why a transpose appears where it does */
  readonly transpose: TransposeWhy;
}

export interface CheckSummary {
  readonly claims: number;
  readonly method: 'exact' | 'float' | 'exact and float';
  readonly maxRelError: number;
  readonly sizes: readonly Record<string, number>[];
}

export interface Report {
  readonly source: string;
  readonly fnName: string;
  readonly variables: readonly { readonly name: string; readonly shape: Shape; readonly facts: readonly string[] }[];
  /** shared subterms named once for printing (p = softmax(z)) */
  readonly names: ReadonlyMap<Term, string>;
  readonly sections: readonly Section[];
  readonly check: CheckSummary;
  /** the engine's own check of each gradient */
  readonly engineChecks: readonly { readonly wrt: string; readonly method: string; readonly trials: number; readonly maxRelError: number }[];
}

const DIRECTION = (w: string) => `∂${w}`;

function refs(rules: readonly RuleUse[]): RuleRef[] {
  return rules.map((r) => ({ ...r, entry: identity(r.id) }));
}

/** The check of "right side = derivative of f along dW" for a term in names. */
function checker(d: Derivation, chain: Trace) {
  const W = chain.wrt;
  // a symmetric or diagonal variable moves only in that space: so does the direction
  const structure = structureOf(W);
  const dir = b.variable(DIRECTION(W.name!), W.shape, structure ? [structure] : []);
  const vars = new Map([...d.elaborated.vars, [dir.name!, dir]]);
  const along = new Map([[W.name!, dir.name!]]);
  const expand = (t: Term) => replace(t, chain.expansion);
  return (t: Term, of: Term = chain.fn): Verdict => {
    const v = verify({ vars, along, left: { derivativeOf: of }, right: { term: expand(t) } });
    if (!v.ok) throw new MatdiffError('check', `the report's step \`${toText(t)}\` failed its numeric check (${v.failure}); this is a bug in matdiff, please report it`);
    return v;
  };
}

/** The factors of a product, each with its shape: (S − S²)(s − y)xᵀ → three factors. */
function factorsOf(t: Term): Factor[] {
  if (isScalarShape(t.shape)) return [{ term: t, shape: t.shape }];
  const parts = t.op === 'mul' ? t.args : t.op === 'smul' ? [t.args[0]!, ...(t.args[1]!.op === 'mul' ? t.args[1]!.args : [t.args[1]!])] : [t];
  return parts.map((p) => ({ term: p, shape: p.shape }));
}

/** Why a transpose appears: the last Frobenius move whose factors stay transposed, if any. */
export type TransposeWhy =
  | ({ readonly kind: 'moved' } & Moved)
  | { readonly kind: 'transposed' }
  /** factors crossed, but each equals its transpose */
  | { readonly kind: 'symmetric'; readonly factors: readonly Term[] }
  | { readonly kind: 'none' };

function transposeWhy(lines: readonly (readonly RuleRef[])[]): TransposeWhy {
  // Sᵀ = S for a diagonal S explains nothing: look for a factor that differs from its transpose
  const stays = (t: Term | undefined) => t !== undefined && transposeOf(t) !== t;
  const moved = lines.flat().filter((r) => r.moved && (stays(r.moved.left) || stays(r.moved.right)));
  const last = moved[moved.length - 1]?.moved;
  if (last) return { kind: 'moved', ...last };
  if (lines.some((rs) => rs.some((r) => r.id === 'adj.transpose'))) return { kind: 'transposed' };
  const crossed = lines.flat().flatMap((r) => (r.moved ? [r.moved.left, r.moved.right].filter((t): t is Term => t !== undefined) : []));
  if (crossed.length) return { kind: 'symmetric', factors: [...new Set(crossed)] };
  return { kind: 'none' };
}

function section(d: Derivation, wrt: string): { section: Section; chain: Trace; roots: Term[] } {
  const chain = d.trace(wrt);
  const check = checker(d, chain);
  const W = chain.wrt;
  const dW = b.dvar(wrt, W.shape);
  const setup: SetupDef[] = chain.defs.map((x: DefDifferential) => {
    const isFn = x === chain.defs[chain.defs.length - 1];
    const checks: Verdict[] = [];
    if (!isFn && x.differential) checks.push(check(x.differential, x.def.full));
    if (!isFn && x.diagForm) checks.push(check(x.diagForm, x.def.full));
    const diagNames = [...chain.diagNames].filter(([S]) => x.diagForm && mentionsTerm(x.diagForm, S)).map(([S, s]) => ({ name: S, of: s }));
    return { name: x.def.name, local: x.def.local, active: x.active, differential: isFn ? lineTerm(chain.lines[0]!.summands) : x.differential, diagForm: x.diagForm, diagNames, rules: refs(x.rules.map((id) => ({ id }))), steps: x.steps, checks };
  });
  const lines: ReportLine[] = chain.lines.map((l) => {
    const term = lineTerm(l.summands);
    return { term, rules: refs(l.rules), steps: l.steps, check: check(term) };
  });
  // the result and its equivalent forms: as derived, its Hadamard form, the engine's form
  const forms: Form[] = [];
  const seen = new Set<string>();
  const addForm = (label: string, t: Term) => {
    const key = toText(t);
    if (seen.has(key)) return;
    seen.add(key);
    forms.push({ label, term: t, factors: factorsOf(t), check: check(b.frob(t, dW)) });
  };
  const usesDiag = [...chain.diagNames.keys()].some((S) => mentionsTerm(chain.gradient, S));
  addForm(usesDiag ? 'Diag form' : 'result', chain.gradient);
  if (usesDiag) {
    const expandDiag = new Map([...chain.diagNames].map(([S, s]) => [S, b.apply('Diag', [s])] as [Term, Term]));
    addForm('Hadamard form', hadamardForm(replace(chain.gradient, expandDiag)));
  }
  const roots = [...lines.map((l) => l.term), ...forms.map((f) => f.term), ...setup.flatMap((s) => [s.local, s.differential, s.diagForm].filter((t): t is Term => !!t))];
  return {
    chain,
    roots,
    section: { wrt, wrtShape: W.shape, structure: structureOf(W), fnName: chain.fnName, setup, lines, gradient: chain.gradient, forms, transpose: transposeWhy(lines.map((l) => l.rules)) },
  };
}

function mentionsTerm(t: Term, x: Term): boolean {
  const seen = new Set<Term>();
  const go = (u: Term): boolean => {
    if (u === x) return true;
    if (seen.has(u)) return false;
    seen.add(u);
    return u.args.some(go);
  };
  return go(t);
}

function summarize(vs: readonly Verdict[]): CheckSummary {
  const exact = vs.filter((v) => v.method === 'exact').length;
  const method = exact === vs.length ? 'exact' : exact === 0 ? 'float' : 'exact and float';
  const sizes = new Map<string, Record<string, number>>();
  for (const v of vs) for (const s of v.sizes) sizes.set(JSON.stringify(s), s);
  return { claims: vs.length, method, maxRelError: Math.max(0, ...vs.map((v) => v.maxRelError)), sizes: [...sizes.values()] };
}

/** Build the report of a derivation (every gradient it holds). */
export function buildReport(d: Derivation): Report {
  const el = d.elaborated;
  const built = d.gradients.map((g) => section(d, g.wrt));
  const taken = new Set([...el.vars.keys(), ...el.defs.keys(), ...built.flatMap((x) => [...x.chain.diagNames.keys()].map((S) => S.name!))]);
  const all = chooseNames(built.flatMap((x) => x.roots), new Map(), taken);
  // the results of the operators whose record says so get a name (s = σ(Wx))
  const names = new Map([...all].filter(([t]) => opRecord(t.op).named));
  const verdicts = built.flatMap((x) => [...x.section.lines.map((l) => l.check), ...x.section.forms.map((f) => f.check), ...x.section.setup.flatMap((s) => s.checks)]);
  return {
    source: d.source,
    fnName: el.fnName,
    variables: [...el.vars.values()].map((v) => ({ name: v.name!, shape: v.shape, facts: [...(v.data.facts ?? [])] })),
    names,
    sections: built.map((x) => x.section),
    check: summarize(verdicts),
    engineChecks: d.gradients.filter((g) => g.check).map((g) => ({ wrt: g.wrt, method: g.check!.method, trials: g.check!.trials, maxRelError: g.check!.maxRelError })),
  };
}

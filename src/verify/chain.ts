// Judge a chain of steps, as seed 003 writes one:
//     dE = (s-y):ds
//        = (s-y):((S - S^2)*dv)
//        = ((S - S^2)*(s-y)):(dW*x)
//        = ((S - S^2)*(s-y)*x'):dW
// with definitions beside (v = W*x; s = sigmoid(v); S = Diag(s); E = 1/2*(s-y):(s-y)).
//
// Semantics. The differentials dX of the *variables* are independent: each gets its own random
// value. The differential of a *definition* is what the definition makes it: `ds` is d σ(Wx) =
// (σ − σ²) ∘ (dW x), expanded through the definitions. A step `= B` after `A` is right when A and
// B agree for all values of the variables and of their differentials; each `=` is judged on its
// own. The first wrong step gets a counterexample and, where it can be found, the rule that makes
// it right: the differential of the definition it substituted, or the adjoint that moves the
// differential out of a Frobenius product. A last line `G : dW` is the identification ∂E/∂W = G,
// confirmed against matdiff's own gradient (and a line `dE/dW = G` is judged as a claim).
import type { Term } from '../core/term.js';
import type { Ast, Program, Statement } from '../parse/ast.js';
import * as b from '../core/build.js';
import { MatdiffError } from '../errors.js';
import { parseDeclarations, parseExpression, parseProgram } from '../parse/parser.js';
import { elaborate, KNOWN_FUNCTIONS } from '../parse/elaborate.js';
import { differential } from '../engine/differential.js';
import { gradientsOf } from '../engine/derive.js';
import { StepLog } from '../engine/steps.js';
import { canon } from '../simplify/canon.js';
import { tidy } from '../simplify/tidy.js';
import { CATALOGUE } from '../identities/catalogue.js';
import { differentialLast, replace } from '../report/rewrite.js';
import { didYouMean, namesIn, read, type Parsed, type Setting } from './context.js';
import { compare, witnessOf, type Comparison } from './equal.js';
import { counterexample, type Counterexample } from './counterexample.js';
import { diagnose, type Diagnosis } from './diagnose.js';
import { leavesOf, type Leaves } from './points.js';
import { allGradients, judgeGradient, shown, verdictOf, type CheckFormat, type Shown, type Verdict } from './claim.js';

export interface ChainOptions {
  /** the chain: a first line, then lines `= <expression>` */
  steps: string;
  /** definitions `v = W*x; s = sigmoid(v); S = Diag(s); E = 1/2*(s-y):(s-y)` (may also head the steps) */
  defs?: string;
  vars?: string;
  /** the variables that vary (default: those whose dX the chain writes; else all) */
  wrt?: string | readonly string[];
  seed?: number;
}

/** A rule, as the catalogue names it. */
export interface RuleRef {
  readonly id: string;
  readonly name: string;
  readonly source: string;
  readonly equation?: string;
}

/** What would have made a wrong step right. */
export interface Fix {
  /** in words: "substitute ds = (s − s∘²) ∘ dv" */
  readonly words: string;
  readonly rules: readonly RuleRef[];
  /** the line as the rule makes it */
  readonly line?: Shown;
}

export interface StepCheck {
  /** 1-based number of the `=` in the chain, and the line of the file it is on */
  readonly index: number;
  readonly line: number;
  readonly from: string;
  readonly to: string;
  readonly toShown?: Shown;
  readonly verdict: Verdict;
  readonly comparison?: Comparison;
  /** the step does not even typecheck */
  readonly error?: string;
  readonly counterexample?: Counterexample;
  readonly fix?: Fix;
  readonly diagnosis?: Diagnosis;
}

export interface IdentificationCheck {
  readonly fnName: string;
  readonly wrt: string;
  /** the G of the last line `G : dW` (or of the line `dE/dW = G`) */
  readonly claimed: Shown;
  readonly gradient: Shown;
  readonly line: number;
  readonly verdict: Verdict;
  readonly comparison: Comparison;
  /** said beside a correct verdict: G is right only as seen by a symmetric (diagonal) dW */
  readonly note?: string;
  readonly diagnosis?: Diagnosis;
  readonly counterexample?: Counterexample;
}

export interface ChainCheck {
  readonly kind: 'chain';
  readonly verdict: Verdict;
  readonly ok: boolean;
  readonly defs: string;
  readonly vars: string;
  readonly varying: readonly string[];
  /** why those vary: given by --wrt, written as dX in the chain, or every variable (neither) */
  readonly varyingFrom: 'wrt' | 'written' | 'all';
  readonly first: { readonly text: string; readonly line: number; readonly shown?: Shown };
  readonly steps: readonly StepCheck[];
  /** the index of the first wrong step, if any */
  readonly firstWrong?: number;
  /** the indices of the steps that could be neither confirmed nor refuted */
  readonly undecided?: readonly number[];
  readonly identification?: IdentificationCheck;
  report(format?: CheckFormat): string;
}

// ---- reading the text -----------------------------------------------------------------------

interface Side {
  readonly text: string;
  readonly line: number;
  /** the line of the file the side is on, and the column the side starts at (for carets) */
  readonly raw?: string;
  readonly col?: number;
  /** `dE/dW` before this side: it is a claimed gradient */
  readonly gradientOf?: { readonly fn: string; readonly wrt: string };
}

const GRAD_LHS = /^\s*[d∂]\s*([\p{L}_][\p{L}\p{N}_]*)\s*\/\s*[d∂]\s*([\p{L}_][\p{L}\p{N}_]*)\s*$/u;
const DEF_LINE = /^\s*([\p{L}_][\p{L}\p{N}_]*)\s*=(?!=)/u;

/** Split the text into header definitions, `vars:` lines, and the chain's sides. */
function split(text: string, known: Set<string>): { defs: string[]; vars: string[]; sides: Side[] } {
  const defs: string[] = [];
  const vars: string[] = [];
  const sides: Side[] = [];
  let started = false;
  let pendingGrad: Side['gradientOf'];
  text.split('\n').forEach((raw, i) => {
    const line = i + 1;
    const s = raw.replace(/#.*$/, '').trim();
    if (!s) return;
    if (!started) {
      const v = /^vars\s*:\s*(.*)$/i.exec(s);
      if (v) return void vars.push(v[1]!);
      const m = DEF_LINE.exec(s);
      // a definition: a plain name that is not the differential dX of a known name
      if (m && !GRAD_LHS.test(s.split('=')[0]!) && !(m[1]!.startsWith('d') && known.has(m[1]!.slice(1)))) {
        known.add(m[1]!);
        return void defs.push(s.replace(/;\s*$/, ''));
      }
      started = true;
    }
    const pieces = s.split('=');
    let at = raw.length - raw.trimStart().length; // the column where the current piece starts
    pieces.forEach((p, k) => {
      const t = p.trim();
      const col = at + (p.length - p.trimStart().length);
      at += p.length + 1;
      if (k === 0 && t === '') return; // a line `= ...`
      if (k === 0 && !s.startsWith('=') && s.includes('=') === false && sides.length) {
        // a continuation of the previous side (its carets then point into the joined text)
        const last = sides.pop()!;
        sides.push({ text: `${last.text} ${t}`, line: last.line, gradientOf: last.gradientOf });
        return;
      }
      const g = GRAD_LHS.exec(t);
      if (g && k < pieces.length - 1) {
        pendingGrad = { fn: g[1]!, wrt: g[2]! };
        return;
      }
      if (t === '') throw new MatdiffError('parse', `line ${line}: nothing between two \`=\``, { source: raw, span: { start: 0, end: raw.length } });
      sides.push({ text: t, line, raw, col, gradientOf: pendingGrad });
      pendingGrad = undefined;
    });
  });
  return { defs, vars, sides };
}

/** An error in a side, shown under the whole line of the file it is on, prefixed with the line number. */
function located(e: MatdiffError, side: Side): MatdiffError {
  if (e.source !== side.text) return e;
  const onLine = side.raw !== undefined && side.col !== undefined && e.span;
  const span = onLine ? { start: e.span!.start + side.col!, end: e.span!.end + side.col! } : e.span;
  const message = /^line \d+/.test(e.message) ? e.message : `line ${side.line}: ${e.message}`;
  return new MatdiffError(e.kind, message, { source: onLine ? side.raw : e.source, span, hint: e.hint });
}

/**
 * Every name of the chain must be known: a variable (declared, or free in the definitions), a
 * definition, the differential `dX` of one of those, or — when there are no definitions, as in
 * seed 000's one-line chain — a new variable with the usual conventions. A typo such as `dq` for
 * `ds` is an error, never a silent new variable.
 */
function checkNames(sides: readonly Side[], asts: readonly (Ast | undefined)[], base: ReadonlySet<string>, declared: ReadonlySet<string>, hasDefs: boolean): void {
  const inSides = new Set<string>();
  asts.forEach((a) => a && namesIn(a).forEach((n) => inSides.add(n.name)));
  // with definitions the chain's world is theirs; without, every plain name of the chain is a variable
  const known = new Set([...base, ...(hasDefs ? [] : [...inSides].filter((n) => !/^d./.test(n) || declared.has(n)))]);
  asts.forEach((a, i) => {
    if (!a) return;
    for (const n of namesIn(a)) {
      if (known.has(n.name)) continue;
      const isDiff = /^d./.test(n.name) && known.has(n.name.slice(1));
      if (isDiff) continue;
      const candidates = [...known, ...[...known].map((k) => `d${k}`)];
      const near = didYouMean(n.name, candidates);
      const side = sides[i]!;
      const what = /^d./.test(n.name)
        ? `\`${n.name}\` is neither a variable nor a definition of the function, nor the differential of one (there is no \`${n.name.slice(1)}\`)`
        : `\`${n.name}\` is neither a variable nor a definition of the function`;
      const hint = `${near ? `${near} ` : ''}(the names: ${[...known].filter((k) => !k.includes('\u0000')).join(', ')}, and their differentials; declare a new variable with --vars or a \`vars:\` line)`;
      throw located(new MatdiffError('unknown-name', what, { source: side.text, span: n.span, hint }), side);
    }
  });
}

/** names in a text that stand for values (for guessing which variables vary) */
const diffNames = (text: string): string[] => [...text.matchAll(/(?<![\p{L}\p{N}_])d(?:\(\s*([\p{L}_][\p{L}\p{N}_]*)\s*\)|([\p{L}_][\p{L}\p{N}_]*))/gu)].map((m) => m[1] ?? m[2]!);

/**
 * The setting of a chain: the definitions, and every other name of the chain as a variable whose
 * shape is inferred from its use (dX has the shape of X, d(e) that of e).
 */
function chainSetting(defs: string, vars: string, sides: readonly Side[]): Setting {
  const known = KNOWN_FUNCTIONS;
  const program = defs.trim() ? parseProgram(defs, { knownFunctions: known }) : { source: defs, statements: [] as Statement[] };
  // an unnamed function is `f` (as derive calls it), so a chain can start `df = ...`
  const taken = new Set([...program.statements.map((s) => s.name), ...parseDeclarations(vars).map((d) => d.name)]);
  const statements: Statement[] = program.statements.map((s, i) => (s.name === undefined && i === program.statements.length - 1 ? { ...s, name: taken.has('f') ? 'f\u0000' : 'f' } : s));
  const defined = new Set(statements.map((s) => s.name!));
  const decls = parseDeclarations(vars);
  const declared = new Set(decls.map((d) => d.name));
  const plain = new Set<string>();
  const asts = sides.map((s) => {
    try {
      return parseExpression(s.text, { knownFunctions: [...known, 'd'] });
    } catch {
      return undefined;
    }
  });
  // dX ↦ X and d(e) ↦ e: the same shapes, so the unifier learns the shapes of undeclared names
  type A = NonNullable<(typeof asts)[number]>;
  const collect = (a: A) => {
    if (a.kind === 'name') plain.add(a.name);
    if (a.kind === 'call') a.args.forEach(collect);
    if (a.kind === 'binary') (collect(a.left), collect(a.right));
    if (a.kind === 'neg' || a.kind === 'transpose') collect(a.arg);
  };
  asts.forEach((a) => a && collect(a));
  // the names the definitions use without defining them are the function's variables
  const free = new Set(statements.flatMap((st) => namesIn(st.expr).map((n) => n.name)).filter((n) => !defined.has(n)));
  checkNames(sides, asts, new Set([...defined, ...free, ...declared]), declared, statements.length > 0);
  const strip = (a: A): A => {
    switch (a.kind) {
      case 'name': {
        const x = a.name.slice(1);
        return a.name.startsWith('d') && !defined.has(a.name) && !declared.has(a.name) && (defined.has(x) || plain.has(x) || declared.has(x) || free.has(x)) ? { ...a, name: x } : a;
      }
      case 'call':
        return a.fn === 'd' && a.args.length === 1 ? strip(a.args[0]!) : { ...a, args: a.args.map(strip) };
      case 'binary':
        return { ...a, left: strip(a.left), right: strip(a.right) };
      case 'neg':
      case 'transpose':
        return { ...a, arg: strip(a.arg) };
      default:
        return a;
    }
  };
  const extra: Statement[] = [];
  asts.forEach((a, i) => a && extra.push({ name: `\u0000side${i}`, expr: strip(a), span: a.span }));
  const last: Statement = { expr: { kind: 'num', text: '0', span: { start: 0, end: 0 } }, span: { start: 0, end: 0 } };
  let el;
  try {
    el = elaborate({ source: defs, statements: [...statements, ...extra, last] } as Program, decls, vars);
  } catch {
    // a side that does not typecheck: infer from the definitions alone (the side is judged later)
    el = elaborate({ source: defs, statements: [...statements, last] } as Program, decls, vars);
  }
  const keep = new Map([...el.defs].filter(([n]) => !n.startsWith('\u0000')));
  return { source: defs, el: { ...el, defs: keep, defSources: el.defSources }, declSource: vars };
}

// ---- judging --------------------------------------------------------------------------------

const ruleRef = (id: string): RuleRef | undefined => {
  const e = CATALOGUE.get(id);
  if (!e) return undefined;
  const equation = e.lhs !== undefined ? `${e.lhs} = ${e.rhs}` : e.fn !== undefined ? `d(${e.fn}) = ${e.rhs}` : undefined;
  return { id, name: e.name, source: e.source, equation };
};
const refs = (log: StepLog): RuleRef[] => {
  const ids = [...new Set(log.steps.map((s) => s.rule))].filter((id) => id !== 'adj.sum' && id !== 'd.sum');
  return ids.map(ruleRef).filter((r): r is RuleRef => r !== undefined);
};

/** the differential of each definition in terms of the names it is defined from (ds = (s − s∘²) ∘ dv) */
function localDifferential(st: Setting, name: string): { d: Term; log: StepLog } | undefined {
  const src = st.el.defSources.get(name);
  if (src === undefined) return undefined;
  const local = read(st, src).local;
  const log = new StepLog();
  const names = new Set([...st.el.vars.keys(), ...st.el.defs.keys()]);
  const raw = differential(local, names, log);
  // write the definition's own value with its name: σ(v) ↦ s
  const named = differentialLast(replace(tidy(canon(raw)), new Map([[canon(local), b.variable(name, local.shape)]])));
  return { d: named, log };
}

/** `G : dX` summands of a line (expanded): the differential of each variable and its G */
function frobForm(t: Term): Map<string, Term> | undefined {
  const parts = t.op === 'add' ? t.args : [t];
  const out = new Map<string, Term[]>();
  for (const p of parts) {
    if (p.op !== 'frob') return undefined;
    const [a, c] = p.args as [Term, Term];
    const [g, d] = c.op === 'dvar' && !a.hasDiff ? [a, c] : a.op === 'dvar' && !c.hasDiff ? [c, a] : [undefined, undefined];
    if (!g || !d) return undefined;
    out.set(d.name!, [...(out.get(d.name!) ?? []), g]);
  }
  return new Map([...out].map(([n, gs]) => [n, gs.length === 1 ? gs[0]! : b.add(...gs)]));
}

function fixFor(st: Setting, prev: Parsed, cur: Parsed, leaves: Leaves): { fix?: Fix; diagnosis?: Diagnosis } {
  // a definition's differential was put in
  const gone = prev.diffs.filter((n) => st.el.defs.has(n) && !cur.diffs.includes(n));
  if (gone.length) {
    const subs = gone.map((n) => ({ n, ld: localDifferential(st, n) })).filter((x) => x.ld);
    if (subs.length) {
      const map = new Map<Term, Term>(subs.map(({ n, ld }) => [b.dvar(n, st.el.defs.get(n)!.shape), ld!.d]));
      const fixed = replace(prev.local, map);
      return {
        fix: {
          words: `put in ${subs.map(({ n, ld }) => `d${n} = ${shown(ld!.d).unicode}`).join(' and ')}`,
          rules: subs.flatMap(({ ld }) => refs(ld!.log)),
          line: shown(fixed),
        },
      };
    }
  }
  // the differential was moved out of a Frobenius product
  const form = frobForm(cur.local);
  const inPrev = [...leavesOf(prev.local).diffs.keys()];
  if (form && inPrev.length === form.size && inPrev.every((n) => form.has(n))) {
    try {
      const log = new StepLog();
      // the identification derive() and claims use (a symmetric dX sees ½(G + Gᵀ))
      const asVar = (n: string): Term => st.el.vars.get(n) ?? b.variable(n, st.el.defs.get(n)!.shape);
      const right = gradientsOf(prev.local, new Map(inPrev.map((n) => [n, asVar(n)])), inPrev, log);
      const fixedParts = [...form.keys()].map((n) => b.frob(right.get(n)!, b.dvar(n, asVar(n).shape)));
      const fixedLine = fixedParts.length === 1 ? fixedParts[0]! : b.add(...fixedParts);
      let diagnosis: Diagnosis | undefined;
      if (form.size === 1) {
        const [n, g] = [...form][0]!;
        const truth = right.get(n)!;
        const lv: Leaves = { vars: new Map([...leaves.vars, ...leavesOf(g, truth).vars]), diffs: leaves.diffs };
        const v = st.el.vars.get(n) ?? b.variable(n, truth.shape);
        diagnosis = diagnose({ claim: g, truth, wrt: n, fnName: '(line)', variable: v, vars: new Map([...st.el.vars, [n, v]]), gradientOf: () => undefined, leaves: lv });
      }
      return { fix: { words: `move the differential out with ${refs(log).map((r) => r.name).join(', ') || 'the adjoint rules'}`, rules: refs(log), line: shown(fixedLine) }, diagnosis };
    } catch {
      /* no adjoint for some operator: no rule to offer */
    }
  }
  return {};
}

export function checkChain(opts: ChainOptions, render: (c: ChainCheck, f: CheckFormat) => string): ChainCheck {
  const known = new Set<string>();
  for (const s of (opts.defs ?? '').split(/[;\n]/)) {
    const m = DEF_LINE.exec(s);
    if (m) known.add(m[1]!);
  }
  for (const d of parseDeclarations(opts.vars ?? '')) known.add(d.name);
  const parts = split(opts.steps, known);
  const defs = [opts.defs ?? '', ...parts.defs].filter((x) => x.trim()).join('\n');
  const vars = [opts.vars ?? '', ...parts.vars].filter((x) => x.trim()).join('; ');
  const chainSides = parts.sides.filter((s) => !s.gradientOf);
  const claimSide = parts.sides.find((s) => s.gradientOf);
  if (chainSides.length < 2 && !claimSide) throw new MatdiffError('parse', 'a chain needs at least two sides: a first line `dE = <expression>`, then lines `= <expression>`');
  const st = chainSetting(defs, vars, parts.sides);
  const vnames = new Set(st.el.vars.keys());
  let varying: Set<string>;
  let varyingFrom: ChainCheck['varyingFrom'] = 'wrt';
  const wrtOpt = typeof opts.wrt === 'string' ? opts.wrt.split(/[\s,]+/).filter(Boolean) : [...(opts.wrt ?? [])];
  if (wrtOpt.length) {
    for (const w of wrtOpt) if (!vnames.has(w)) throw new MatdiffError('unknown-name', `\`${w}\` is not a variable of the chain (its variables: ${[...vnames].join(', ')})`);
    varying = new Set(wrtOpt);
  } else {
    varying = new Set(parts.sides.flatMap((s) => diffNames(s.text)).filter((n) => vnames.has(n)));
    varyingFrom = 'written';
    if (varying.size === 0) [varying, varyingFrom] = [new Set(vnames), 'all'];
  }
  const readSide = (s: Side): Parsed | MatdiffError => {
    try {
      return read(st, s.text, { differentials: true, varying, what: `line ${s.line}` });
    } catch (e) {
      if (e instanceof MatdiffError && e.kind === 'shape') return e;
      throw e instanceof MatdiffError ? located(e, s) : e;
    }
  };
  const parsed = chainSides.map(readSide);
  const allTerms = parsed.filter((p): p is Parsed => !(p instanceof MatdiffError)).map((p) => p.term);
  const leaves: Leaves = { vars: st.el.vars, diffs: leavesOf(...allTerms).diffs };
  for (const v of varying) if (!leaves.diffs.has(v)) (leaves.diffs as Map<string, Term>).set(v, b.dvar(v, st.el.vars.get(v)!.shape));

  const steps: StepCheck[] = [];
  for (let k = 1; k < chainSides.length; k++) {
    const prev = parsed[k - 1]!;
    const cur = parsed[k]!;
    const side = chainSides[k]!;
    const base = { index: k, line: side.line, from: chainSides[k - 1]!.text, to: side.text };
    if (cur instanceof MatdiffError || prev instanceof MatdiffError) {
      const e = (cur instanceof MatdiffError ? cur : prev) as MatdiffError;
      steps.push({ ...base, verdict: 'wrong', error: e.message });
      continue;
    }
    if (cur.term.shape.rows !== prev.term.shape.rows || cur.term.shape.cols !== prev.term.shape.cols) {
      steps.push({ ...base, toShown: shown(cur.local), verdict: 'wrong', error: `the two sides have different shapes: ${shown(prev.term).shape} and ${shown(cur.term).shape}` });
      continue;
    }
    const comparison = compare(prev.term, cur.term, leaves, { seed: opts.seed });
    const cex = verdictOf(comparison) === 'wrong' ? counterexample(cur.term, prev.term, leaves, undefined, witnessOf(comparison)) : undefined;
    // wrong is said only with a point that shows it
    const verdict: Verdict = comparison.equal ? 'correct' : cex ? 'wrong' : 'undecided';
    if (verdict !== 'wrong') {
      steps.push({ ...base, toShown: shown(cur.local), verdict, comparison });
      continue;
    }
    const firstWrong = steps.every((s) => s.verdict !== 'wrong');
    const extra = firstWrong ? { counterexample: cex, ...fixFor(st, prev, cur, leaves) } : { counterexample: cex };
    steps.push({ ...base, toShown: shown(cur.local), verdict: 'wrong', comparison, ...extra });
  }

  // the identification: a last line G : dW, or a line dE/dW = G
  let identification: IdentificationCheck | undefined;
  const head = chainSides[0];
  const headParsed = parsed[0];
  const fnName = head && /^d([\p{L}_][\p{L}\p{N}_]*)$/u.exec(head.text.trim())?.[1];
  const fnTerm = fnName ? st.el.defs.get(fnName) : undefined;
  const lastParsed = parsed[parsed.length - 1];
  let claimedG: { g: Term; wrt: string; line: number; local?: Term } | undefined;
  if (claimSide) {
    const p = readSide(claimSide);
    if (p instanceof MatdiffError) throw p;
    claimedG = { g: p.term, wrt: claimSide.gradientOf!.wrt, line: claimSide.line, local: p.local };
  } else if (lastParsed && !(lastParsed instanceof MatdiffError)) {
    const form = frobForm(lastParsed.term);
    const local = frobForm(lastParsed.local);
    if (form && form.size === 1) {
      const [wrt, g] = [...form][0]!;
      if (vnames.has(wrt)) claimedG = { g, wrt, line: chainSides[chainSides.length - 1]!.line, local: local?.get(wrt) };
    }
  }
  const fnOfClaim = claimSide ? st.el.defs.get(claimSide.gradientOf!.fn) ?? fnTerm : fnTerm;
  if (claimedG && fnOfClaim && vnames.has(claimedG.wrt)) {
    const name = claimSide?.gradientOf?.fn ?? fnName!;
    const v = st.el.vars.get(claimedG.wrt)!;
    // the same identification and the same judgement as `check --claim`
    const truth = gradientsOf(differential(fnOfClaim, new Set([claimedG.wrt])), st.el.vars, [claimedG.wrt]).get(claimedG.wrt)!;
    const lv: Leaves = { vars: st.el.vars, diffs: new Map() };
    const { comparison, note } = judgeGradient(claimedG.g, truth, v, name, lv, opts.seed);
    const cex = verdictOf(comparison) === 'wrong' ? counterexample(claimedG.g, truth, lv, undefined, witnessOf(comparison)) : undefined;
    const verdict: Verdict = comparison.equal ? 'correct' : cex || comparison.points === 0 ? 'wrong' : 'undecided';
    identification = {
      fnName: name,
      wrt: claimedG.wrt,
      claimed: shown(claimedG.local ?? claimedG.g),
      gradient: shown(truth),
      line: claimedG.line,
      verdict,
      comparison,
      ...(note ? { note } : {}),
      diagnosis: verdict === 'wrong' ? diagnose({ claim: claimedG.g, truth, wrt: claimedG.wrt, fnName: name, variable: v, vars: st.el.vars, gradientOf: allGradients(fnOfClaim, st.el.vars), leaves: lv }) : undefined,
      counterexample: cex,
    };
  }
  const firstWrong = steps.find((s) => s.verdict === 'wrong')?.index;
  const undecided = steps.filter((s) => s.verdict === 'undecided').map((s) => s.index);
  const ok = firstWrong === undefined && undecided.length === 0 && (!identification || identification.verdict === 'correct');
  const verdict: Verdict = ok ? 'correct' : firstWrong !== undefined || identification?.verdict === 'wrong' ? 'wrong' : 'undecided';
  const result: ChainCheck = {
    kind: 'chain',
    verdict,
    ok,
    ...(undecided.length ? { undecided } : {}),
    defs,
    vars,
    varying: [...varying],
    varyingFrom,
    first: { text: head?.text ?? '', line: head?.line ?? 0, shown: headParsed && !(headParsed instanceof MatdiffError) ? shown(headParsed.local) : undefined },
    steps,
    firstWrong,
    identification,
    report: (format: CheckFormat = 'text') => render(result, format),
  };
  return result;
}

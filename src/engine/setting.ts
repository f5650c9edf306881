// The engine's reading of a claim or a chain line (for the checker, src/verify/): the setting it
// is read in, the text as terms with its differentials, and the differentials and gradients the
// checker compares against — so the checker runs no parser, differential or identification of
// its own. The setting a claim or a chain is read in: the function's variables (with their shapes and
// facts) and its definitions. A claim or a chain line is parsed on its own, with every variable
// and every definition declared at the shape the function gives it, so `s` in a claim is the
// same n×1 vector as in `s = sigmoid(W*x)`, and then the definitions are put back in.
//
// Differentials (only in chains): `dX` for a variable or definition X, and `d(expr)` for any
// expression. They are read off the syntax tree here, so the language itself is unchanged: `d`
// alone is still a scalar name and `dv` is still a vector named dv everywhere else.
import type { Ast, Declaration, Program } from '../parse/ast.js';
import { parseDeclarations, parseProgram } from '../parse/parser.js';
import { elaborate, KNOWN_FUNCTIONS, type Elaborated } from '../parse/elaborate.js';
import { declarationOf } from '../parse/declarations.js';
import { MatdiffError } from '../errors.js';
import type { Term } from '../core/term.js';
import * as b from '../core/build.js';
import { replaceLeaves } from '../ops/substitute.js';
import { differential } from './differential.js';
import { gradientsOf, type Derivation } from './derive.js';
import { StepLog, type Step } from './steps.js';
import { differentialLast, replace } from './rewrite.js';
import { canon } from '../simplify/canon.js';
import { tidy } from '../simplify/tidy.js';
import { distance } from '../parse/suggest.js';

/** calls whose arguments are dimensions, not names of variables */
const DIM_CALLS = new Set(['ones', 'zeros', 'I', 'eye']);

export interface Setting {
  /** the source the definitions came from */
  readonly source: string;
  readonly el: Elaborated;
  /** the user's declarations (`--vars`) */
  readonly declSource: string;
}

/** Parse the function (or, for a chain, the definitions) with its declarations. */
export function setting(source: string, vars: string): Setting {
  const program = parseProgram(source, { knownFunctions: KNOWN_FUNCTIONS });
  const el = elaborate(program, parseDeclarations(vars), vars);
  return { source, el, declSource: vars };
}

/** The setting of a derivation's function: the same elaboration derive() made (no second parse). */
export function settingOf(d: Derivation, vars: string): Setting {
  return { source: d.source, el: d.elaborated, declSource: vars };
}

/** The names a declaration string (`--vars`) declares. */
export function declaredNames(vars: string): string[] {
  return parseDeclarations(vars).map((d) => d.name);
}

/**
 * ∂f/∂X for each X of `wrt` (zero where f does not depend on X): the differential of f, then the
 * identification derive() uses (gradientsOf: adjoints, the symmetric/diagonal part, simplified).
 */
export function gradientsOfFunction(f: Term, vars: ReadonlyMap<string, Term>, wrt: readonly string[]): Map<string, Term> {
  return gradientsOf(differential(f, new Set(wrt)), vars, wrt);
}

/**
 * The differential of a definition of the setting in terms of the names it is defined from, its
 * own value written with its name (ds = (s − s∘²) ∘ dv), with the steps of the differential
 * (their rule ids); undefined for a name that is no definition.
 */
export function definitionDifferential(st: Setting, name: string): { d: Term; steps: readonly Step[] } | undefined {
  const src = st.el.defSources.get(name);
  if (src === undefined) return undefined;
  const local = read(st, src).local;
  const log = new StepLog();
  const names = new Set([...st.el.vars.keys(), ...st.el.defs.keys()]);
  const raw = differential(local, names, log);
  // write the definition's own value with its name: σ(v) ↦ s
  const named = differentialLast(replace(tidy(canon(raw)), new Map([[canon(local), b.variable(name, local.shape)]])));
  return { d: named, steps: log.steps };
}

/** A side as the user wrote it (`local`: definitions and dX as names) and expanded (`term`). */
export interface Parsed {
  readonly text: string;
  /** definitions kept as variables, `dX` as the differential leaf of X: what a reader sees */
  readonly local: Term;
  /** definitions put in, `dX` of a definition replaced by its differential in the varying variables */
  readonly term: Term;
  /** the names X whose differential dX (or d(…)) occurs */
  readonly diffs: readonly string[];
}

export interface ReadOptions {
  /** read dX and d(expr) as differentials */
  differentials?: boolean;
  /** the variables whose differentials are not zero (chains only) */
  varying?: ReadonlySet<string>;
  /** what the text is, for messages: "the claim", "line 3" */
  what?: string;
}

/** the declaration of `name` as the term t: its shape, and its facts where t is a variable */
const declare = (name: string, t: Term): Declaration => declarationOf(name, t.shape, t.data.facts ?? []);

/**
 * "did you mean": the known names nearest to a typo (every one at the smallest edit distance, at
 * most a third of the name's length, so `dq` offers both `ds` and `dv`), as a hint sentence.
 */
export function didYouMean(name: string, known: Iterable<string>): string | undefined {
  const limit = Math.max(1, Math.floor(name.length / 3));
  let best: string[] = [];
  let bestD = Infinity;
  for (const c of new Set(known)) {
    if (c === name || c.includes('\u0000')) continue;
    const d = Math.min(distance(name, c), distance(name.toLowerCase(), c.toLowerCase()) + 0.5);
    if (d < bestD) [best, bestD] = [[c], d];
    else if (d === bestD) best.push(c);
  }
  if (bestD > limit || best.length === 0) return undefined;
  const list = best.slice(0, 4).map((c) => `\`${c}\``);
  return `did you mean ${list.length === 1 ? list[0] : `${list.slice(0, -1).join(', ')} or ${list.at(-1)}`}?`;
}

/** every name in the tree that stands for a value (not a dimension argument, not a function) */
export function namesIn(a: Ast, out: { name: string; span: { start: number; end: number } }[] = []) {
  switch (a.kind) {
    case 'name':
      out.push({ name: a.name, span: a.span });
      break;
    case 'call':
      if (!DIM_CALLS.has(a.fn)) a.args.forEach((x) => namesIn(x, out));
      break;
    case 'binary':
      namesIn(a.left, out);
      namesIn(a.right, out);
      break;
    case 'neg':
    case 'transpose':
      namesIn(a.arg, out);
      break;
  }
  return out;
}

/**
 * Read `text` (an expression, or statements `S = Diag(s); (S - S^2)*(s - y)*x'` whose last is
 * the value) in the setting. Local definitions in the text are allowed and put in too.
 */
export function read(st: Setting, text: string, opts: ReadOptions = {}): Parsed {
  const what = opts.what ?? 'the claim';
  const known = opts.differentials ? [...KNOWN_FUNCTIONS, 'd'] : KNOWN_FUNCTIONS;
  const program = parseProgram(text, { knownFunctions: known });
  if (program.statements.length === 0) throw new MatdiffError('parse', `${what} is empty`, { source: text, span: { start: 0, end: Math.max(1, text.length) } });
  const vars = st.el.vars;
  // local names: variables, the setting's definitions, then the text's own definitions
  const localVar = new Map<string, Term>(); // name → the variable term standing for it
  const expand = new Map<string, Term>(); // definition name → its expanded term
  for (const [name, v] of vars) localVar.set(name, v);
  for (const [name, t] of st.el.defs) {
    localVar.set(name, b.variable(name, t.shape));
    expand.set(name, t);
  }
  const diffs = new Set<string>();
  // placeholders for d(expr): their local and expanded differentials
  const placeholders = new Map<string, { local: Term; expanded: Term }>();
  const varying = opts.varying ?? new Set<string>();
  const allLocal = () => new Set(localVar.keys());

  const elab = (ast: Ast): Term => {
    for (const n of namesIn(ast)) {
      if (localVar.has(n.name) || placeholders.has(n.name)) continue;
      const names = [...localVar.keys()];
      const near = didYouMean(n.name, opts.differentials ? [...names, ...names.map((x) => `d${x}`)] : names);
      const known = opts.differentials ? 'a chain may use the variables and definitions, their differentials dX, and d(expression)' : `the variables are ${[...vars.keys()].join(', ') || '(none)'}${st.el.defs.size ? `; the definitions ${[...st.el.defs.keys()].join(', ')}` : ''}; a claim may define its own names first (\`S = Diag(s); ...\`), and a variable the function does not use must be declared with --vars`;
      const hint = near ? `${near} (${known})` : known;
      throw new MatdiffError('unknown-name', `${what} uses \`${n.name}\`, which is neither a variable nor a definition of the function`, { source: text, span: n.span, hint });
    }
    const decls: Declaration[] = [...localVar].map(([name, t]) => declare(name, t));
    for (const [name, p] of placeholders) decls.push(declare(name, p.local));
    const prog: Program = { source: text, statements: [{ expr: ast, span: ast.span }] };
    return elaborate(prog, decls).fn;
  };

  // differentials: d(expr) calls become placeholder names, dX names become placeholders too
  let fresh = 0;
  const lowerDiffs = (a: Ast): Ast => {
    if (!opts.differentials) return a;
    switch (a.kind) {
      case 'call': {
        if (a.fn === 'd') {
          if (a.args.length !== 1) throw new MatdiffError('parse', 'd(...) takes one expression: d(W*x)', { source: text, span: a.span });
          const inner = a.args[0]!;
          if (inner.kind === 'name' && localVar.has(inner.name)) return lowerDiffs({ kind: 'name', name: `d${inner.name}`, span: a.span });
          const arg = lowerDiffs(inner);
          const local = elab(arg);
          const name = `d\u0000${fresh++}`;
          placeholders.set(name, { local: differential(local, allLocal()), expanded: differential(expandTerm(local), varying) });
          return { kind: 'name', name, span: a.span };
        }
        return { ...a, args: a.args.map(lowerDiffs) };
      }
      case 'binary':
        return { ...a, left: lowerDiffs(a.left), right: lowerDiffs(a.right) };
      case 'neg':
      case 'transpose':
        return { ...a, arg: lowerDiffs(a.arg) };
      case 'name': {
        if (localVar.has(a.name) || !a.name.startsWith('d')) return a;
        const of = a.name.slice(1);
        const base = localVar.get(of);
        if (!base) return a;
        diffs.add(of);
        if (!placeholders.has(a.name)) {
          const expanded = expand.has(of) ? differential(expand.get(of)!, varying) : varying.has(of) ? b.dvar(of, base.shape) : b.zero(base.shape);
          placeholders.set(a.name, { local: b.dvar(of, base.shape), expanded });
        }
        return a;
      }
      default:
        return a;
    }
  };

  const expandTerm = (t: Term): Term =>
    replaceLeaves(t, (u) => {
      if (u.op === 'var') return expand.get(u.name!) ?? (placeholders.has(u.name!) ? placeholders.get(u.name!)!.expanded : undefined);
      return undefined;
    });
  const localTerm = (t: Term): Term => replaceLeaves(t, (u) => (u.op === 'var' && placeholders.has(u.name!) ? placeholders.get(u.name!)!.local : undefined));

  let result: Term | undefined;
  program.statements.forEach((s, i) => {
    const ast = lowerDiffs(s.expr);
    const t = elab(ast);
    if (s.name !== undefined) {
      if (i === program.statements.length - 1) throw new MatdiffError('parse', `${what} ends with a definition; its last statement must be the value`, { source: text, span: s.span });
      if (localVar.has(s.name)) throw new MatdiffError('parse', `\`${s.name}\` is already a variable or definition of the function`, { source: text, span: s.nameSpan ?? s.span });
      localVar.set(s.name, b.variable(s.name, t.shape));
      expand.set(s.name, expandTerm(t));
    } else if (i !== program.statements.length - 1) {
      throw new MatdiffError('parse', 'only the last statement may be a bare expression; name the others (`S = Diag(s)`)', { source: text, span: s.span });
    } else result = t;
  });
  const t = result!;
  // the local form keeps the text's own definitions as names too (what a reader sees)
  return { text, local: localTerm(t), term: expandTerm(t), diffs: [...diffs] };
}

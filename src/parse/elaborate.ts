// Elaboration: syntax tree → shape-checked terms, in two passes over the same tree, after the
// names are scoped (src/parse/scope.ts: a name defined again is a new version, X^T a transpose):
//  1. shapes (src/parse/shapes.ts): every node's shape from the operators' own shape rules, with
//     unification (src/parse/unify.ts), so an undeclared name takes its dimensions from how it is
//     used, and its kind from its letter unless a use decides otherwise (src/parse/conventions.ts;
//     such a decision reruns the pass); shape clashes are reported with the operator, both shapes,
//     the place in the input and what undeclared names there were taken as;
//  2. terms (src/parse/build-terms.ts): the tree is built with the smart constructors, every name
//     now with a known shape, each node within the limits on sizes (src/parse/size-limits.ts).
// This file is the driver: declarations become variables, statements definitions, unknown
// dimensions get names, and the last statement is the function; every undeclared name is listed
// with the shape it was given and why (src/parse/assumed.ts).
import type { Declaration, Program, Statement } from './ast.js';
import { MatdiffError } from '../errors.js';
import { dimMul } from '../core/shape.js';
import { type Term, MAX_TERM_DEPTH } from '../core/term.js';
import * as b from '../core/build.js';
import { FUNCTIONS } from '../ops/index.js';
import { Unifier, isUnknown } from './unify.js';
import type { Ctx } from './elab-context.js';
import { shapeOf, settle } from './shapes.js';
import { build } from './build-terms.js';
import { checkDeclaration } from './size-limits.js';
import { scope } from './scope.js';
import type { Decision } from './conventions.js';
import { assumedShapes, type Assumed } from './assumed.js';
import { FACT_LIST, checkedFacts, factOf } from './facts.js';

export { KNOWN_FUNCTIONS } from './elab-context.js';
export { parseNumber } from './build-terms.js';

export interface Elaborated {
  /** the function: the last statement */
  readonly fn: Term;
  /** the function's name when the last statement defines one (`E = ...`), else `f` */
  readonly fnName: string;
  /** every variable, by name */
  readonly vars: ReadonlyMap<string, Term>;
  /** the user's intermediate names and what they stand for, in order */
  readonly defs: ReadonlyMap<string, Term>;
  /** the source text of each definition's right-hand side (later versions of a name written h2) */
  readonly defSources: ReadonlyMap<string, string>;
  /** every undeclared variable: the shape it was given and why (the letter convention, or a use) */
  readonly conventions: readonly Assumed[];
  /** readings the user may not expect: a name defined again, notation of another tool */
  readonly notes: readonly string[];
  /**
   * the program with each later version of a name defined again written with its own name
   * (`h = …; h2 = tanh(W*h + x); sum(h2)`), which elaborates to the same; undefined when no
   * name is defined twice
   */
  readonly versioned?: string;
}

/**
 * Rounds of the shape pass (see below). A round finds every decision whose deciding use comes
 * after the name is decided, so only a chain of uses written backwards (t1 = b2 - b1; t2 = b3 - b2;
 * …; x - b9) needs a round a link; past this many the names must be declared (docs/limits.md).
 */
export const MAX_INFERENCE_ROUNDS = 16;

export function elaborate(userProgram: Program, decls: readonly Declaration[], declSource = ''): Elaborated {
  for (const d of decls) {
    checkDeclaration(d, declSource);
    for (const f of d.facts) {
      if (!factOf(f)) throw new MatdiffError('declaration', `unknown fact \`${f}\` for ${d.name}`, { source: declSource, span: d.span, hint: `facts: ${FACT_LIST}` });
    }
  }
  const scoped = scope(userProgram, new Set(decls.map((d) => d.name)));
  const program = scoped.program;
  const stmts = program.statements;
  if (stmts.length === 0) throw new MatdiffError('parse', 'the expression is empty', { source: program.source, span: { start: 0, end: Math.max(1, program.source.length) } });
  // pass 1, in rounds: a use that decides an undeclared a–g name is not a scalar (A*x - b) is
  // found after the name's earlier uses were read as a scalar's, so the shapes are worked out
  // again with the decision; each round decides at least one more name, so this ends
  const decisions = new Map<string, Decision>();
  let c: Ctx;
  let defined = new Set<string>();
  for (let round = 1; ; round++) {
    c = { source: program.source, u: new Unifier(), shapes: new Map(), declared: new Map(), varNames: new Set(), decisions, fresh: new Map() };
    for (const d of decls) {
      c.declared.set(d.name, d);
      c.shapes.set(d.name, { rows: d.rows, cols: d.cols });
      c.varNames.add(d.name);
    }
    try {
      defined = shapesOfStatements(c, stmts);
      settle(c);
    } catch (e) {
      if (c.fresh.size === 0 || !(e instanceof MatdiffError)) throw e;
    }
    if (c.fresh.size === 0) break;
    for (const [name, d] of c.fresh) decisions.set(name, d);
    if (round === MAX_INFERENCE_ROUNDS) {
      const names = [...c.fresh.keys()];
      throw new MatdiffError('limit', `the shapes of the undeclared names ${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''} depend on one another through more than ${MAX_INFERENCE_ROUNDS} uses written in reverse order; matdiff infers such chains at most ${MAX_INFERENCE_ROUNDS} long (the limit on shape inference)`, {
        source: program.source,
        span: [...c.fresh.values()][0]!.span,
        hint: `declare them: --vars "${names.slice(0, 5).map((n) => `${n}: n`).join('; ')}"`,
      });
    }
  }
  const u = c.u;
  // unresolved dimensions get fresh symbols (each unknown factor of a product too)
  const usedDims = new Set<string>();
  for (const s of c.shapes.values()) for (const d of [s.rows, s.cols]) for (const f of u.find(d).split('*')) if (!isUnknown(f)) usedDims.add(f);
  const pool = ['n', 'm', 'k', 'p', 'q', 'r', 'l', 'j'];
  const naming = new Map<string, string>();
  const unknownName = (r: string): string => {
    let n = naming.get(r);
    if (!n) {
      n = pool.find((p) => !usedDims.has(p)) ?? `d${naming.size + 1}`;
      usedDims.add(n);
      naming.set(r, n);
    }
    return n;
  };
  const dimName = (d: string): string =>
    u
      .find(d)
      .split('*')
      .map((f) => (isUnknown(f) ? unknownName(f) : f))
      .reduce((p, q) => dimMul(p, q));
  // pass 2
  const env = new Map<string, Term>();
  const vars = new Map<string, Term>();
  for (const name of c.varNames) {
    if (defined.has(name)) continue;
    const s = c.shapes.get(name)!;
    const d = c.declared.get(name);
    const shape = { rows: dimName(s.rows), cols: dimName(s.cols) };
    const facts = checkedFacts(name, d?.facts ?? [], shape, declSource, d?.span);
    const t = b.variable(name, shape, facts);
    env.set(name, t);
    vars.set(name, t);
  }
  const defs = new Map<string, Term>();
  const defSources = new Map<string, string>();
  let fn: Term | undefined;
  for (const s of stmts) {
    const t = build(c, s.expr, env);
    if (t.depth > MAX_TERM_DEPTH) {
      throw new MatdiffError('limit', `the function nests ${t.depth} operations deep (through its definitions); matdiff handles at most ${MAX_TERM_DEPTH} (the limit on nesting through definitions)`, { source: c.source, span: s.span, hint: 'the function is too deep to differentiate: use fewer nested definitions' });
    }
    if (s.name !== undefined) {
      env.set(s.name, t);
      defs.set(s.name, t);
      defSources.set(s.name, scoped.text(s.expr.span));
    }
    fn = t;
  }
  const last = stmts[stmts.length - 1]!;
  const notes = [...decls.flatMap((d) => (d.notation ? [d.notation] : [])), ...scoped.notes];
  return { fn: fn!, fnName: last.name ?? 'f', vars, defs, defSources, conventions: assumedShapes(c, vars), notes, versioned: scoped.versioned };
}

/** Pass 1 over the statements: each definition's shape; returns the defined names. */
function shapesOfStatements(c: Ctx, stmts: readonly Statement[]): Set<string> {
  const defined = new Set<string>();
  stmts.forEach((s, i) => {
    const sh = shapeOf(c, s.expr);
    if (s.name !== undefined) {
      if (c.declared.has(s.name) || (c.varNames.has(s.name) && !defined.has(s.name))) {
        const declared = c.declared.has(s.name);
        throw new MatdiffError('parse', `\`${s.name}\` is ${declared ? 'declared as a variable' : 'used before it is defined'}; a definition needs a new name`, {
          source: c.source,
          span: s.nameSpan ?? s.span,
          hint: `a name may be defined again (h = tanh(W*x); h = tanh(W*h)), but ${s.name} is a variable${declared ? '' : ' (an input of the function)'}: name the new value (${s.name}2 = …)${declared ? '' : `, or define ${s.name} before its first use`}`,
        });
      }
      if (defined.has(s.name)) throw new MatdiffError('parse', `\`${s.name}\` is defined twice`, { source: c.source, span: s.nameSpan ?? s.span });
      if (FUNCTIONS.has(s.name)) throw new MatdiffError('parse', `\`${s.name}\` is a function name; pick another name for the definition`, { source: c.source, span: s.nameSpan ?? s.span });
      defined.add(s.name);
      c.shapes.set(s.name, sh);
    } else if (i !== stmts.length - 1) {
      throw new MatdiffError('parse', 'only the last statement may be a bare expression; name the others (`v = W*x`)', { source: c.source, span: s.span });
    }
  });
  return defined;
}

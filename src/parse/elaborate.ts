// Elaboration: syntax tree → shape-checked terms, in two passes over the same tree:
//  1. shapes (src/parse/shapes.ts): every node's shape from the operators' own shape rules, with
//     unification (src/parse/unify.ts), so an undeclared name takes its dimensions from how it is
//     used; shape clashes are reported with the operator, both shapes and the place in the input;
//  2. terms (src/parse/build-terms.ts): the tree is built with the smart constructors, every name
//     now with a known shape, each node within the limits on sizes (src/parse/size-limits.ts).
// This file is the driver: declarations become variables, statements definitions, unknown
// dimensions get names, and the last statement is the function.
import type { Declaration, Program } from './ast.js';
import { MatdiffError } from '../errors.js';
import { showShape, dimMul } from '../core/shape.js';
import { type Term, type Fact, FACTS, MAX_TERM_DEPTH } from '../core/term.js';
import * as b from '../core/build.js';
import { FUNCTIONS } from '../ops/index.js';
import { Unifier, isUnknown } from './unify.js';
import { text, type Ctx } from './elab-context.js';
import { shapeOf, settle } from './shapes.js';
import { build } from './build-terms.js';
import { checkDeclaration } from './size-limits.js';

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
  /** the source text of each definition's right-hand side */
  readonly defSources: ReadonlyMap<string, string>;
}

const FACT_ALIASES: Record<string, Fact> = { 'one-hot': 'onehot', pd: 'spd', posdef: 'spd' };

export function elaborate(program: Program, decls: readonly Declaration[], declSource = ''): Elaborated {
  const u = new Unifier();
  const c: Ctx = { source: program.source, u, shapes: new Map(), declared: new Map(), varNames: new Set() };
  for (const d of decls) {
    checkDeclaration(d, declSource);
    c.declared.set(d.name, d);
    c.shapes.set(d.name, { rows: d.rows, cols: d.cols });
    c.varNames.add(d.name);
    for (const f of d.facts) {
      const fact = (FACT_ALIASES[f.toLowerCase()] ?? f.toLowerCase()) as Fact;
      if (!FACTS.includes(fact)) throw new MatdiffError('declaration', `unknown fact \`${f}\` for ${d.name}`, { source: declSource, span: d.span, hint: `facts: ${FACTS.join(', ')}` });
    }
  }
  const stmts = program.statements;
  if (stmts.length === 0) throw new MatdiffError('parse', 'the expression is empty', { source: program.source, span: { start: 0, end: Math.max(1, program.source.length) } });
  // pass 1
  const defined = new Set<string>();
  stmts.forEach((s, i) => {
    const sh = shapeOf(c, s.expr);
    if (s.name !== undefined) {
      if (c.declared.has(s.name) || (c.varNames.has(s.name) && !defined.has(s.name))) {
        throw new MatdiffError('parse', `\`${s.name}\` is ${c.declared.has(s.name) ? 'declared as a variable' : 'used before it is defined'}; a definition needs a new name`, { source: c.source, span: s.nameSpan ?? s.span });
      }
      if (defined.has(s.name)) throw new MatdiffError('parse', `\`${s.name}\` is defined twice`, { source: c.source, span: s.nameSpan ?? s.span });
      if (FUNCTIONS.has(s.name)) throw new MatdiffError('parse', `\`${s.name}\` is a function name; pick another name for the definition`, { source: c.source, span: s.nameSpan ?? s.span });
      defined.add(s.name);
      c.shapes.set(s.name, sh);
    } else if (i !== stmts.length - 1) {
      throw new MatdiffError('parse', 'only the last statement may be a bare expression; name the others (`v = W*x`)', { source: c.source, span: s.span });
    }
  });
  settle(c);
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
    const facts = (d?.facts ?? []).map((f) => (FACT_ALIASES[f.toLowerCase()] ?? f.toLowerCase()) as Fact);
    const shape = { rows: dimName(s.rows), cols: dimName(s.cols) };
    if (facts.some((f) => f === 'symmetric' || f === 'spd' || f === 'diagonal') && shape.rows !== shape.cols) {
      throw new MatdiffError('declaration', `${name} is declared ${facts.join(' ')} but is ${showShape(shape)}, not square`, { source: declSource, span: d?.span });
    }
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
      defSources.set(s.name, text(c, s.expr.span));
    }
    fn = t;
  }
  const last = stmts[stmts.length - 1]!;
  return { fn: fn!, fnName: last.name ?? 'f', vars, defs, defSources };
}

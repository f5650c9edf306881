// Elaboration: syntax tree → shape-checked terms. Two passes over the same tree:
//  1. shapes: every node's shape from the operators' own shape rules, with unification, so an
//     undeclared name takes its dimensions from how it is used (x'*A*x needs no declarations);
//     this pass reports shape clashes with the operator, both shapes and the place in the input;
//  2. terms: the tree is built with the smart constructors, every name now with a known shape.
import { Fraction } from '../core/fraction.js';
import type { Ast, Declaration, Program } from './ast.js';
import { MatdiffError, type Span } from '../errors.js';
import { type Shape, type ShapeCtx, ShapeClash, SCALAR, isScalarShape, showShape, dimMul, strictShapes } from '../core/shape.js';
import { type Term, type Fact, FACTS, MAX_TERM_DEPTH } from '../core/term.js';
import * as b from '../core/build.js';
import { OPS, FUNCTIONS, opRecord } from '../ops/index.js';
import { nearest } from './suggest.js';

/** Calls whose arguments are dimensions, not expressions. */
const DIM_CALLS = new Set(['ones', 'zeros', 'I', 'eye']);
export const KNOWN_FUNCTIONS: readonly string[] = [...FUNCTIONS.keys(), ...DIM_CALLS];

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

// ---- unification of dimensions --------------------------------------------------------------

class Unifier implements ShapeCtx {
  private parent = new Map<string, string>();
  private next = 0;
  fresh(): string {
    return `?${++this.next}`;
  }
  find(d: string): string {
    let r = d;
    while (this.parent.has(r)) r = this.parent.get(r)!;
    return r;
  }
  same(a: string, b: string): boolean {
    const x = this.find(a);
    const y = this.find(b);
    if (x === y) return true;
    if (x.startsWith('?')) {
      this.parent.set(x, y);
      return true;
    }
    if (y.startsWith('?')) {
      this.parent.set(y, x);
      return true;
    }
    return false;
  }
  resolve(s: Shape): Shape {
    return { rows: this.find(s.rows), cols: this.find(s.cols) };
  }
}

const isScalarNow = (u: Unifier, s: Shape) => u.find(s.rows) === '1' && u.find(s.cols) === '1';

/** The convention for undeclared names: a–g scalars, h–z column vectors, A–Z matrices. */
function conventionalShape(name: string, u: Unifier): Shape {
  const c = name[0]!;
  if (/[a-g]/.test(c)) return SCALAR;
  if (/[h-z]/.test(c)) return { rows: u.fresh(), cols: '1' };
  if (/[A-Z]/.test(c)) return { rows: u.fresh(), cols: u.fresh() };
  return SCALAR; // Greek letters and other names: scalars
}

// ---- numbers --------------------------------------------------------------------------------

export function parseNumber(text: string): Fraction {
  const m = /^(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) throw new Error(`matdiff internal: bad number ${text}`);
  const int = m[1] || '0';
  const fracPart = m[2] ?? '';
  let v = new Fraction(`${int}${fracPart ? '.' + fracPart : ''}`);
  if (m[3]) {
    const e = Number(m[3]);
    v = v.mul(new Fraction(10).pow(e));
  }
  return v;
}

// ---- the two passes -------------------------------------------------------------------------

interface Ctx {
  source: string;
  u: Unifier;
  /** shapes of names during pass 1 */
  shapes: Map<string, Shape>;
  declared: Map<string, Declaration>;
  /** which names are variables (not definitions) */
  varNames: Set<string>;
}

const text = (c: Ctx, s: Span) => c.source.slice(s.start, s.end);

function clash(c: Ctx, e: unknown, op: string, node: Ast, operands: readonly Ast[]): never {
  if (e instanceof ShapeClash) {
    const names = operands.map((o) => text(c, o.span));
    // dimensions still being inferred show as what they are known to equal, else as `?`
    const explained = e.explain(names).replace(/\?\d+/g, (d) => (c.u.find(d).startsWith('?') ? '?' : c.u.find(d)));
    throw new MatdiffError('shape', `shape clash at \`${op}\` in \`${text(c, node.span)}\`: ${explained}`, {
      source: c.source,
      span: node.kind === 'binary' ? node.opSpan : node.span,
      hint: explained.includes('?') ? 'a `?` dimension is not fixed by anything: undeclared names a–g are scalars, h–z column vectors, A–Z matrices (declare them with --vars)' : undefined,
    });
  }
  throw e;
}

function dimArgs(c: Ctx, node: Extract<Ast, { kind: 'call' }>): string[] {
  return node.args.map((a) => {
    if (a.kind === 'name') return a.name;
    if (a.kind === 'num' && /^\d+$/.test(a.text) && a.text !== '0') return String(Number(a.text));
    if (a.kind === 'binary' && a.op === '*') return dimOf(c, node.fn, a); // I(n*p), as kron makes
    throw new MatdiffError('parse', `${node.fn} takes dimensions (names or positive integers), not \`${text(c, a.span)}\``, { source: c.source, span: a.span });
  });
}

function dimCallShape(c: Ctx, node: Extract<Ast, { kind: 'call' }>): Shape {
  const d = dimArgs(c, node);
  const square = node.fn === 'I' || node.fn === 'eye';
  if (square ? d.length !== 1 : d.length < 1 || d.length > 2) {
    throw new MatdiffError('parse', `${node.fn} takes ${square ? 'one dimension: I(n)' : 'one or two dimensions: ones(n) or ones(n, m)'}`, { source: c.source, span: node.span });
  }
  return square ? { rows: d[0]!, cols: d[0]! } : { rows: d[0]!, cols: d[1] ?? '1' };
}

/** A dimension written as an argument: a name, a positive integer, or a product of those (`n*p`). */
function dimOf(c: Ctx, fn: string, a: Ast): string {
  if (a.kind === 'name') return a.name;
  if (a.kind === 'num' && /^\d+$/.test(a.text) && a.text !== '0') return String(Number(a.text));
  if (a.kind === 'binary' && a.op === '*') return dimMul(dimOf(c, fn, a.left), dimOf(c, fn, a.right));
  throw new MatdiffError('parse', `the last argument of ${fn} is a dimension (a name, a positive integer or a product such as n*p), not \`${text(c, a.span)}\``, { source: c.source, span: a.span });
}

/** The expression arguments of a call, and its trailing dimension arguments (`unvec(v, n)`). */
function splitDimArgs(c: Ctx, node: Extract<Ast, { kind: 'call' }>, op: string): { exprs: readonly Ast[]; dims: string[] } {
  const k = opRecord(op).dimArgs?.count ?? 0;
  if (k === 0) return { exprs: node.args, dims: [] };
  const cut = node.args.length - k;
  return { exprs: node.args.slice(0, cut), dims: node.args.slice(cut).map((a) => dimOf(c, node.fn, a)) };
}

function callOp(c: Ctx, node: Extract<Ast, { kind: 'call' }>): string {
  const op = FUNCTIONS.get(node.fn);
  if (!op) {
    const near = nearest(node.fn, KNOWN_FUNCTIONS);
    throw new MatdiffError('unknown-function', `unknown function \`${node.fn}\``, { source: c.source, span: node.fnSpan, hint: near ? `did you mean \`${near}\`?` : `known functions: ${KNOWN_FUNCTIONS.join(', ')}` });
  }
  const rec = opRecord(op);
  if (typeof rec.arity === 'number' && rec.arity !== node.args.length) {
    throw new MatdiffError('parse', `${node.fn} takes ${rec.arity} argument${rec.arity === 1 ? '' : 's'}, not ${node.args.length}`, { source: c.source, span: node.span });
  }
  return op;
}

/** Pass 1: the shape of every node, unifying undeclared dimensions. */
function shapeOf(c: Ctx, node: Ast): Shape {
  const u = c.u;
  switch (node.kind) {
    case 'num':
      return SCALAR;
    case 'name': {
      let s = c.shapes.get(node.name);
      if (!s) {
        if (FUNCTIONS.has(node.name) || DIM_CALLS.has(node.name)) {
          throw new MatdiffError('parse', `\`${node.name}\` is a function: call it as ${node.name}(...)`, { source: c.source, span: node.span });
        }
        s = conventionalShape(node.name, u);
        c.shapes.set(node.name, s);
        c.varNames.add(node.name);
      }
      return s;
    }
    case 'neg':
      return shapeOf(c, node.arg);
    case 'transpose':
      return (({ rows, cols }) => ({ rows: cols, cols: rows }))(shapeOf(c, node.arg));
    case 'call': {
      if (DIM_CALLS.has(node.fn)) return dimCallShape(c, node);
      const op = callOp(c, node);
      const { exprs, dims } = splitDimArgs(c, node, op);
      const shapes = exprs.map((a) => shapeOf(c, a));
      try {
        const rec = opRecord(op);
        return rec.shape(shapes, u, rec.dimArgs ? rec.dimArgs.data(shapes, dims, u) : {});
      } catch (e) {
        return clash(c, e, node.fn, node, node.args);
      }
    }
    case 'binary': {
      const l = shapeOf(c, node.left);
      const r = shapeOf(c, node.right);
      const ls = isScalarNow(u, l);
      const rs = isScalarNow(u, r);
      try {
        switch (node.op) {
          case '+':
          case '-':
          case '.*':
          case './':
            if (ls) return r;
            if (rs) return l;
            return OPS.get(node.op === '+' || node.op === '-' ? 'add' : 'had')!.shape([l, r], u, {});
          case ':':
            return OPS.get('frob')!.shape([l, r], u, {});
          case '*':
            if (ls) return r;
            if (rs) return l;
            return OPS.get('mul')!.shape([l, r], u, {});
          case '/':
            if (!rs) {
              if (u.same(r.rows, '1') && u.same(r.cols, '1')) return l;
              throw new ShapeClash((o) => `${o[1]} is ${showShape(u.resolve(r))}; / divides by a scalar (use ./ for elementwise division, or inv(...) for a matrix)`);
            }
            return l;
          case '^':
            return OPS.get('pow')!.shape([l, r], u, {});
          case '.^':
            return OPS.get('epow')!.shape([l, r], u, {});
        }
      } catch (e) {
        return clash(c, e, node.op, node, [node.left, node.right]);
      }
    }
  }
}

/** Pass 2: build the term. */
function build(c: Ctx, node: Ast, env: ReadonlyMap<string, Term>): Term {
  const go = (n: Ast) => build(c, n, env);
  try {
    switch (node.kind) {
      case 'num':
        return b.num(parseNumber(node.text));
      case 'name':
        return env.get(node.name)!;
      case 'neg':
        return b.neg(go(node.arg));
      case 'transpose':
        return b.transpose(go(node.arg));
      case 'call': {
        if (DIM_CALLS.has(node.fn)) {
          const s = dimCallShape(c, node);
          return node.fn === 'ones' ? b.ones(s) : node.fn === 'zeros' ? b.zero(s) : b.eye(s.rows);
        }
        const op = callOp(c, node);
        const rec = opRecord(op);
        const { exprs, dims } = splitDimArgs(c, node, op);
        const args = exprs.map(go);
        return b.apply(op, args, rec.dimArgs ? rec.dimArgs.data(args.map((a) => a.shape), dims, strictShapes) : {});
      }
      case 'binary': {
        const l = go(node.left);
        const r = go(node.right);
        switch (node.op) {
          case '+':
            return b.add(l, r);
          case '-':
            return b.sub(l, r);
          case ':':
            return b.frob(l, r);
          case '*':
            return b.mul(l, r);
          case '/':
            return b.ediv(l, r);
          case '.*':
            return b.had(l, r);
          case './':
            return b.ediv(l, r);
          case '.^':
            return b.epow(l, r);
          case '^':
            return power(c, node, l, r);
        }
      }
    }
  } catch (e) {
    // a constant divided by zero (1/0, 0^-1), folded while the term is built
    if (e instanceof Error && e.message === 'Division by Zero') throw new MatdiffError('parse', 'division by zero', { source: c.source, span: node.kind === 'binary' ? node.opSpan : node.span });
    if (e instanceof ShapeClash) return clash(c, e, node.kind === 'binary' ? node.op : node.kind === 'call' ? node.fn : node.kind, node, node.kind === 'binary' ? [node.left, node.right] : node.kind === 'call' ? node.args : []);
    // a limit hit by a smart constructor: point at the operator that crossed it
    if (e instanceof MatdiffError && e.kind === 'limit' && e.source === undefined) throw new MatdiffError('limit', e.message, { source: c.source, span: node.kind === 'binary' ? node.opSpan : node.span });
    throw e;
  }
}

function power(c: Ctx, node: Extract<Ast, { kind: 'binary' }>, l: Term, r: Term): Term {
  if (isScalarShape(l.shape)) return b.pow(l, r);
  if (r.op !== 'num' || !r.value!.equals(r.value!.floor())) {
    throw new MatdiffError('unsupported', `a matrix power needs a constant integer exponent, not \`${text(c, node.right.span)}\` (use .^ for an elementwise power)`, { source: c.source, span: node.right.span });
  }
  const k = Number(r.value!.valueOf());
  if (k === -1) return b.apply('inv', [l]);
  if (k < 0) return b.pow(b.apply('inv', [l]), b.num(-k));
  return b.pow(l, r);
}

const FACT_ALIASES: Record<string, Fact> = { 'one-hot': 'onehot', pd: 'spd', posdef: 'spd' };

export function elaborate(program: Program, decls: readonly Declaration[], declSource = ''): Elaborated {
  const u = new Unifier();
  const c: Ctx = { source: program.source, u, shapes: new Map(), declared: new Map(), varNames: new Set() };
  for (const d of decls) {
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
  for (const d of decls) {
    if (!c.varNames.has(d.name) || defined.has(d.name)) continue;
  }
  // unresolved dimensions get fresh symbols
  const usedDims = new Set<string>();
  for (const s of c.shapes.values()) for (const d of [s.rows, s.cols]) if (!u.find(d).startsWith('?')) usedDims.add(u.find(d));
  const pool = ['n', 'm', 'k', 'p', 'q', 'r', 'l', 'j'];
  const naming = new Map<string, string>();
  const dimName = (d: string): string => {
    const r = u.find(d);
    if (!r.startsWith('?')) return r;
    let n = naming.get(r);
    if (!n) {
      n = pool.find((p) => !usedDims.has(p)) ?? `d${naming.size + 1}`;
      usedDims.add(n);
      naming.set(r, n);
    }
    return n;
  };
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
      throw new MatdiffError('limit', `the function nests ${t.depth} operations deep (through its definitions); matdiff handles at most ${MAX_TERM_DEPTH}`, { source: c.source, span: s.span });
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

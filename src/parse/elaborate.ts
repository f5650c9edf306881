// Elaboration: syntax tree → shape-checked terms. Two passes over the same tree:
//  1. shapes: every node's shape from the operators' own shape rules, with unification, so an
//     undeclared name takes its dimensions from how it is used (x'*A*x needs no declarations);
//     this pass reports shape clashes with the operator, both shapes and the place in the input;
//  2. terms: the tree is built with the smart constructors, every name now with a known shape.
import { Fraction } from '../core/fraction.js';
import type { Ast, Declaration, Program } from './ast.js';
import { MatdiffError, type Span } from '../errors.js';
import { type Dim, type Shape, type ShapeCtx, ShapeClash, SCALAR, isScalarShape, showShape, dimMul, dimFactors, strictShapes, type DimFactors } from '../core/shape.js';
import { type Term, type Fact, FACTS, MAX_TERM_DEPTH } from '../core/term.js';
import * as b from '../core/build.js';
import { OPS, FUNCTIONS, opRecord } from '../ops/index.js';
import { nearest } from './suggest.js';
import { canon } from '../simplify/canon.js';
import { readDecimal, checkDimNumber } from './parser.js';
import { MAX_CONSTANT_DIGITS, MAX_DEGREE, MAX_DIM, MAX_DIM_FACTORS, MAX_EXPONENT, MAX_MATRIX_POWER } from '../limits.js';

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

// A dimension is a product of factors (`2*n*?3`): a number, symbols, and `?k` unknowns that
// unification fixes. kron and vec make products, so `kron(A, B) + C` asks (?1·?3) = ?5 and C gets
// the product as its rows. Equal factors cancel on both sides; one unknown left on a side is bound
// to what is left on the other. What no single binding solves (`?1*?3 = n*p`) waits until the end
// of the shape pass, when more may be known, and is an error only if it is still open then.

const dimOfFactors = (f: DimFactors): Dim => [String(f.num), ...f.syms].reduce((p, q) => dimMul(p, q));
const isUnknown = (f: string) => f.startsWith('?');
const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** the operator whose shape rule asked for an equation that had to wait, to point at it later */
interface Asker {
  node: Ast;
  op: string;
  operands: readonly Ast[];
}

class Unifier implements ShapeCtx {
  private parent = new Map<string, string>();
  private next = 0;
  /** the node whose shape is being worked out (set by the shape pass) */
  asker?: Asker;
  /** equations no single binding solves yet */
  pending: { a: Dim; b: Dim; asker?: Asker }[] = [];
  bindings = 0;
  fresh(): string {
    return `?${++this.next}`;
  }
  /** the dimension with every unknown that is fixed replaced by what it is, canonical */
  find(d: string): string {
    if (d.includes('*')) return d.split('*').map((f) => this.find(f)).reduce((p, q) => dimMul(p, q));
    let r = d;
    while (this.parent.has(r)) r = this.parent.get(r)!;
    return r.includes('*') ? this.find(r) : r;
  }
  private bind(v: string, d: Dim): true {
    this.parent.set(v, d);
    this.bindings++;
    return true;
  }
  same(a: string, b: string): boolean {
    const x = this.find(a);
    const y = this.find(b);
    if (x === y) return true;
    const fx = dimFactors(x);
    const fy = dimFactors(y);
    // cancel what both sides share
    const g = gcd(fx.num, fy.num);
    fx.num /= g;
    fy.num /= g;
    for (const s of [...fx.syms]) {
      const k = fy.syms.indexOf(s);
      if (k >= 0) {
        fy.syms.splice(k, 1);
        fx.syms.splice(fx.syms.indexOf(s), 1);
      }
    }
    const ux = fx.syms.filter(isUnknown);
    const uy = fy.syms.filter(isUnknown);
    if (ux.length === 0 && uy.length === 0) return false;
    if (fx.num === 1 && fx.syms.length === 1 && ux.length === 1) return this.bind(ux[0]!, dimOfFactors(fy));
    if (fy.num === 1 && fy.syms.length === 1 && uy.length === 1) return this.bind(uy[0]!, dimOfFactors(fx));
    // a side without unknowns can never take a symbol or a factor only the other side has
    const never = (known: DimFactors, other: DimFactors) => other.syms.some((s) => !isUnknown(s)) || known.num % other.num !== 0;
    if ((ux.length === 0 && never(fx, fy)) || (uy.length === 0 && never(fy, fx))) return false;
    this.pending.push({ a: x, b: y, asker: this.asker });
    return true;
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

/**
 * The exact value of a number literal. The parser has checked it is within the limits on literals
 * (src/limits.ts), so its significant digits and power of ten are small.
 */
export function parseNumber(text: string): Fraction {
  const d = readDecimal(text);
  if (!d) throw new Error(`matdiff internal: bad number ${text}`);
  if (d.digits === '') return new Fraction(0);
  if (!Number.isFinite(d.exp10) || Math.abs(d.exp10) > 400) throw new Error(`matdiff internal: number ${text.slice(0, 40)} past the literal limits`);
  const v = new Fraction(d.digits);
  const ten = new Fraction(10).pow(Math.abs(d.exp10));
  return d.exp10 >= 0 ? v.mul(ten) : v.div(ten);
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
    const explained = e.explain(names).replace(/\?\d+/g, (d) => c.u.find(d).replace(/\?\d+/g, '?'));
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
    if (a.kind === 'num' && /^\d+$/.test(a.text) && /[1-9]/.test(a.text)) return checkDimNumber(a.text, c.source, a.span);
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
  if (a.kind === 'num' && /^\d+$/.test(a.text) && /[1-9]/.test(a.text)) return checkDimNumber(a.text, c.source, a.span);
  if (a.kind === 'binary' && a.op === '*') return checkDim(c, dimMul(dimOf(c, fn, a.left), dimOf(c, fn, a.right)), a);
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
      if (DIM_CALLS.has(node.fn)) return checkShape(c, dimCallShape(c, node), node);
      const op = callOp(c, node);
      const { exprs, dims } = splitDimArgs(c, node, op);
      const shapes = exprs.map((a) => shapeOf(c, a));
      u.asker = { node, op: node.fn, operands: node.args };
      try {
        const rec = opRecord(op);
        // kron and vec multiply dimensions: bounded here, before a nesting doubles them
        return checkShape(c, rec.shape(shapes, u, rec.dimArgs ? rec.dimArgs.data(shapes, dims, u) : {}), node);
      } catch (e) {
        return clash(c, e, node.fn, node, node.args);
      }
    }
    case 'binary': {
      const l = shapeOf(c, node.left);
      const r = shapeOf(c, node.right);
      const ls = isScalarNow(u, l);
      const rs = isScalarNow(u, r);
      u.asker = { node, op: node.op, operands: [node.left, node.right] };
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

/** Pass 2: build the term, and check it is within the limits on sizes (src/limits.ts). */
function build(c: Ctx, node: Ast, env: ReadonlyMap<string, Term>): Term {
  const t = buildNode(c, node, env);
  if (node.kind !== 'name') withinLimits(c, node, t);
  return t;
}

function buildNode(c: Ctx, node: Ast, env: ReadonlyMap<string, Term>): Term {
  try {
    switch (node.kind) {
      case 'num':
        return b.num(parseNumber(node.text));
      case 'name':
        return env.get(node.name)!;
      case 'neg':
        return b.neg(build(c, node.arg, env));
      case 'transpose':
        return b.transpose(build(c, node.arg, env));
      case 'call': {
        if (DIM_CALLS.has(node.fn)) {
          const s = dimCallShape(c, node);
          return node.fn === 'ones' ? b.ones(s) : node.fn === 'zeros' ? b.zero(s) : b.eye(s.rows);
        }
        const op = callOp(c, node);
        const rec = opRecord(op);
        const { exprs, dims } = splitDimArgs(c, node, op);
        const args = exprs.map((a) => build(c, a, env));
        return b.apply(op, args, rec.dimArgs ? rec.dimArgs.data(args.map((a) => a.shape), dims, strictShapes) : {});
      }
      case 'binary': {
        const l = build(c, node.left, env);
        const r = build(c, node.right, env);
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
            exponentWithin(c, node, l, r, MAX_EXPONENT);
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
  if (isScalarShape(l.shape)) {
    exponentWithin(c, node, l, r, MAX_EXPONENT);
    return b.pow(l, r);
  }
  if (r.op !== 'num' || !r.value!.equals(r.value!.floor())) {
    throw new MatdiffError('unsupported', `a matrix power needs a constant integer exponent, not \`${text(c, node.right.span)}\` (use .^ for an elementwise power)`, { source: c.source, span: node.right.span });
  }
  exponentWithin(c, node, l, r, MAX_MATRIX_POWER);
  const k = Number(r.value!.valueOf());
  if (k === -1) return b.apply('inv', [l]);
  if (k < 0) return b.pow(b.apply('inv', [l]), b.num(-k));
  return b.pow(l, r);
}

// ---- limits on sizes ------------------------------------------------------------------------------
// Everything below is bounded while the term is built, so no input reaches the later passes with a
// power, a constant or a dimension that would take long or much memory (docs/limits.md).

/** `text` of a node, shortened for a message */
function quote(c: Ctx, node: Ast): string {
  const s = text(c, node.span);
  return s.length > 60 ? `${s.slice(0, 40)}…${s.slice(-12)}` : s;
}

const where = (node: Ast): Span => (node.kind === 'binary' ? node.opSpan : node.span);

function limit(c: Ctx, span: Span, message: string, hint: string): never {
  throw new MatdiffError('limit', message, { source: c.source, span, hint });
}

/** digits of the larger of a fraction's numerator and denominator */
const digitsOf = (v: Fraction): number => Math.max(v.n.toString().length, v.d.toString().length);

/**
 * A constant exponent within `max` (written, or folded from constants); a constant power's size.
 * An exponent or base that is constant only once simplified (`a^(b - b + 1e9)`) is judged by its
 * canonical form, which the later passes fold.
 */
function exponentWithin(c: Ctx, node: Extract<Ast, { kind: 'binary' }>, l0: Term, r0: Term, max: number): void {
  const r = r0.op === 'num' || r0.hasDiff ? r0 : canon(r0);
  if (r.op !== 'num') return;
  const l = l0.op === 'num' || !isScalarShape(l0.shape) ? l0 : canon(l0);
  const p = r.value!.abs();
  const matrix = max === MAX_MATRIX_POWER;
  if (p.compare(max) > 0) {
    limit(
      c,
      node.right.span,
      `the exponent ${quote(c, node.right)}${node.right.kind === 'num' || (node.right.kind === 'neg' && node.right.arg.kind === 'num') ? '' : ` (= ${r.value!.toFraction()})`} is too large: a ${matrix ? 'matrix power X^k' : 'power'} has an exponent of at most ${max} in absolute value (the limit on ${matrix ? 'matrix powers' : 'exponents'})`,
      matrix ? `use a smaller power; an elementwise power (.^) may go up to ${MAX_EXPONENT}` : 'use a smaller exponent',
    );
  }
  // a constant to a constant power is folded: its size is known before it is computed
  if (l.op === 'num' && p.equals(p.floor()) && digitsOf(l.value!) * p.valueOf() > MAX_CONSTANT_DIGITS) {
    limit(c, where(node), `\`${quote(c, node)}\` is a constant of more than ${MAX_CONSTANT_DIGITS} digits; matdiff folds constants of at most ${MAX_CONSTANT_DIGITS} digits (the limit on constants)`, 'use smaller constants, or rescale the expression');
  }
}

/** a dimension within the limits: at most MAX_DIM_FACTORS factors, its number at most MAX_DIM */
function checkDim(c: Ctx, d: Dim, node: Ast): Dim {
  const f = dimFactors(d);
  if (f.syms.length + (f.num === 1 ? 0 : 1) > MAX_DIM_FACTORS) {
    limit(
      c,
      where(node),
      `\`${quote(c, node)}\` has a dimension of ${f.syms.length + (f.num === 1 ? 0 : 1)} factors; matdiff handles products of at most ${MAX_DIM_FACTORS} (the limit on product dimensions, which kron and vec make)`,
      'nest kron and vec less deeply',
    );
  }
  if (f.num > MAX_DIM) {
    limit(c, where(node), `\`${quote(c, node)}\` has a dimension of ${f.num}; matdiff handles dimensions up to ${MAX_DIM} (the limit on dimensions)`, 'use symbolic dimensions (declare A: n x m) or smaller sizes');
  }
  return d;
}

function checkShape(c: Ctx, s: Shape, node: Ast): Shape {
  checkDim(c, c.u.find(s.rows), node);
  checkDim(c, c.u.find(s.cols), node);
  return s;
}

/**
 * How high a power of any one quantity a term can reach once canon multiplies it out, for each
 * quantity (a variable, or a function application such as sin(…), which canon never multiplies
 * into): `entries` for scalar and elementwise powers (x.^1000 .* x.^1000 is x.^2000; (a^10)^10 is
 * a^100), `matrix` for matrix products and powers (X^10*X^10 is X^20, (X^4)^4 is X^16). An upper
 * bound: products add the powers of each quantity, a constant power multiplies them, a sum keeps
 * the larger of each (its terms may cancel, leaving one), and so do the linear operators canon pulls
 * factors out of (sum, tr, vec, transposes…). `top`: the most any subterm reaches. Memoized on the
 * interned terms; past MAP_CAP quantities a map keeps only its total (`*`), a coarser bound.
 */
type Powers = ReadonlyMap<Term | '*', number>;
const NONE: Powers = new Map();
const MAP_CAP = 64;
const PASS_THROUGH = new Set(['mul', 'had', 'smul', 'frob', 'kron', 'T', 'bcast', 'inv', 'vec', 'unvec', 'sum', 'tr', 'diag', 'Diag', 'blocksum', 'blockfrob']);

const total = (p: Powers): number => [...p.values()].reduce((s, v) => s + v, 0);
const highest = (p: Powers): number => [...p.values()].reduce((s, v) => Math.max(s, v), 0);
const coarse = (n: number): Powers => (n > 0 ? new Map([['*', n]]) : NONE);

/** the powers of a product: each quantity's powers added */
function plus(ps: readonly Powers[]): Powers {
  const live = ps.filter((p) => p.size > 0);
  if (live.length <= 1) return live[0] ?? NONE;
  if (live.some((p) => p.has('*'))) return coarse(live.reduce((s, p) => s + total(p), 0));
  const out = new Map<Term | '*', number>();
  for (const p of live) for (const [k, v] of p) out.set(k, (out.get(k) ?? 0) + v);
  return out.size > MAP_CAP ? coarse(total(out)) : out;
}

/** the powers of a sum: the larger of each quantity's */
function larger(ps: readonly Powers[]): Powers {
  const live = ps.filter((p) => p.size > 0);
  if (live.length <= 1) return live[0] ?? NONE;
  if (live.some((p) => p.has('*'))) return coarse(live.reduce((s, p) => Math.max(s, total(p)), 0));
  const out = new Map<Term | '*', number>();
  for (const p of live) for (const [k, v] of p) out.set(k, Math.max(out.get(k) ?? 0, v));
  return out.size > MAP_CAP ? coarse(total(out)) : out;
}

const times = (p: Powers, k: number): Powers => (k === 1 || p.size === 0 ? p : new Map([...p].map(([q, v]) => [q, v * k])));

interface Degree {
  entries: Powers;
  matrix: Powers;
  top: number;
  mtop: number;
}
const degrees = new Map<Term, Degree>();

function degreeOf(t: Term): Degree {
  const hit = degrees.get(t);
  if (hit) return hit;
  const a = t.args.map(degreeOf);
  const ent = a.map((x) => x.entries);
  const mat = a.map((x) => x.matrix);
  const isMatrix = !isScalarShape(t.shape);
  const own: Powers = new Map([[t, 1]]);
  let entries: Powers;
  let matrix: Powers = NONE;
  switch (t.op) {
    case 'num':
    case 'zero':
    case 'ones':
    case 'eye':
      entries = NONE;
      break;
    case 'var':
    case 'dvar':
      entries = own;
      if (isMatrix) matrix = own;
      break;
    case 'add':
      entries = larger(ent);
      matrix = larger(mat);
      break;
    case 'pow':
    case 'epow': {
      const p = t.args[1]!;
      const k = p.op === 'num' ? Math.abs(p.value!.valueOf()) : undefined;
      entries = k === undefined ? plus(ent) : times(ent[0]!, k);
      if (isMatrix) matrix = t.op === 'pow' && k !== undefined ? times(mat[0]!, k) : own;
      break;
    }
    case 'mul':
      entries = plus(ent);
      if (isMatrix) matrix = plus(mat);
      break;
    case 'smul':
      entries = plus(ent);
      matrix = mat[1]!;
      break;
    case 'T':
    case 'inv':
      entries = ent[0]!;
      matrix = mat[0]!;
      break;
    default:
      // linear in each argument: a product of its arguments' powers; any other function: a
      // quantity of its own (the powers of its arguments stay inside it, counted in `top`)
      entries = PASS_THROUGH.has(t.op) ? plus(ent) : ent.some((p) => p.size > 0) ? own : NONE;
      if (isMatrix) matrix = own;
  }
  const d: Degree = {
    entries,
    matrix,
    top: Math.max(highest(entries), ...a.map((x) => x.top)),
    mtop: Math.max(highest(matrix), ...a.map((x) => x.mtop)),
  };
  degrees.set(t, d);
  return d;
}

/** a built node within the limits: its shape's dimensions, the powers it reaches, its constant */
function withinLimits(c: Ctx, node: Ast, t: Term): void {
  checkDim(c, t.shape.rows, node);
  checkDim(c, t.shape.cols, node);
  if (t.op === 'num' && digitsOf(t.value!) > MAX_CONSTANT_DIGITS) {
    limit(c, where(node), `\`${quote(c, node)}\` is a constant of ${digitsOf(t.value!)} digits; matdiff folds constants of at most ${MAX_CONSTANT_DIGITS} digits (the limit on constants)`, 'use smaller constants, or rescale the expression');
  }
  const d = degreeOf(t);
  if (d.top > MAX_DEGREE) {
    limit(
      c,
      where(node),
      `\`${quote(c, node)}\` may reach a power of ${d.top} once its products and powers are multiplied out (a^600*a^600 is a^1200, (x.^100).^200 is x.^20000); matdiff handles at most ${MAX_DEGREE} (the limit on multiplied-out powers)`,
      'use smaller exponents',
    );
  }
  if (d.mtop > MAX_MATRIX_POWER) {
    limit(
      c,
      where(node),
      `\`${quote(c, node)}\` may reach a matrix power of ${d.mtop} once its matrix products and powers are multiplied out (X^10*X^10 is X^20, (X^4)^5 is X^20); matdiff handles matrix powers up to ${MAX_MATRIX_POWER} (the limit on matrix powers)`,
      'use smaller matrix powers',
    );
  }
}

/** A declaration given as data (derive's `vars` as an array) within the same limits as one read from text. */
function checkDeclaration(d: Declaration, declSource: string): void {
  for (const dim of [d.rows, d.cols]) {
    const parts = String(dim).split('*');
    if (!parts.every((f) => /^[1-9]\d*$/.test(f) || /^[\p{L}_][\p{L}\p{N}_]*$/u.test(f))) {
      throw new MatdiffError('declaration', `\`${String(dim).slice(0, 40)}\` is not a dimension of ${d.name}: use a name (n), a positive integer or a product of those (n*p)`, { source: declSource, span: d.span });
    }
    const f = dimFactors(String(dim));
    if (parts.length > MAX_DIM_FACTORS) {
      throw new MatdiffError('limit', `${d.name} has a dimension of ${parts.length} factors; matdiff handles products of at most ${MAX_DIM_FACTORS} (the limit on product dimensions)`, { source: declSource, span: d.span, hint: 'use one name for the product' });
    }
    if (f.num > MAX_DIM) {
      throw new MatdiffError('limit', `${d.name} has a dimension of ${f.num}; matdiff handles dimensions up to ${MAX_DIM} (the limit on dimensions)`, { source: declSource, span: d.span, hint: 'declare a smaller size, or a name (`A: n x m`): a symbolic dimension has no size limit' });
    }
  }
}

/** The equations that waited (`?1*?3 = n*p`): solved by what is known now, or a clear error. */
function settle(c: Ctx): void {
  const u = c.u;
  for (let before = -1; before !== u.bindings; ) {
    before = u.bindings;
    const open = u.pending;
    u.pending = [];
    for (const p of open) {
      u.asker = p.asker;
      if (!u.same(p.a, p.b)) fail(c, p, false);
    }
  }
  // what is still open cannot be worked out from the expression
  if (u.pending.length) fail(c, u.pending[0]!, true);
}

function fail(c: Ctx, p: { a: Dim; b: Dim; asker?: Asker }, open: boolean): never {
  const show = (d: Dim) => c.u.find(d).replace(/\?\d+/g, '?');
  const what = open ? `cannot tell the dimensions apart: it needs ${show(p.a)} = ${show(p.b)}, which the expression does not fix` : `it needs ${show(p.a)} = ${show(p.b)}`;
  const a = p.asker;
  if (!a) throw new MatdiffError('shape', `shape clash: ${what}`, { source: c.source, span: { start: 0, end: c.source.length } });
  throw new MatdiffError('shape', `shape clash at \`${a.op}\` in \`${quote(c, a.node)}\`: ${what}`, {
    source: c.source,
    span: where(a.node),
    hint: open ? 'declare the factors of the Kronecker product with --vars (A: n x m; B: p x q)' : undefined,
  });
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

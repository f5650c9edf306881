// Pass 1 of elaboration: the shape of every node of the syntax tree, from the operators' own shape
// rules, with unification (src/parse/unify.ts), so an undeclared name takes its dimensions from
// how it is used (x'*A*x needs no declarations). This pass reports shape clashes with the
// operator, both shapes and the place in the input; equations that had to wait are settled at its
// end (`settle`), so pass 2 (src/parse/build-terms.ts) only ever builds well-shaped terms.
import type { Ast } from './ast.js';
import { MatdiffError } from '../errors.js';
import { type Dim, type Shape, ShapeClash, SCALAR, showShape } from '../core/shape.js';
import { OPS, FUNCTIONS, opRecord } from '../ops/index.js';
import type { Asker, Unifier } from './unify.js';
import { DIM_CALLS, clash, conventionNote, quote, where, type Ctx } from './elab-context.js';
import { letterConvention, sideName, type Decision } from './conventions.js';
import { callOp, dimCallShape, splitDimArgs } from './calls.js';
import { checkShape } from './size-limits.js';
import { broadcast } from '../core/broadcast.js';

const isScalarNow = (u: Unifier, s: Shape) => u.find(s.rows) === '1' && u.find(s.cols) === '1';

/**
 * The shape an undeclared name starts with: what a use decided (src/parse/conventions.ts), else
 * its letter convention (a–g and Greek names scalars, h–z column vectors, A–Z matrices).
 */
function startShape(c: Ctx, name: string): Shape {
  const u = c.u;
  const as: Decision['as'] | undefined = c.decisions.get(name)?.as;
  const kind = as === 'like' ? 'matrix' : as ?? letterConvention(name).kind;
  if (kind === 'scalar') return SCALAR;
  if (kind === 'vector') return { rows: u.fresh(), cols: '1' };
  return { rows: u.fresh(), cols: u.fresh() };
}

/** an undeclared name still at its scalar convention, which a use may decide otherwise */
const isSoft = (c: Ctx, name: string) =>
  c.varNames.has(name) && !c.declared.has(name) && !c.decisions.has(name) && !c.fresh.has(name) && letterConvention(name).kind === 'scalar';

/**
 * A use decided that `name` is not a scalar: the shapes are worked out again from the start. Its
 * later uses in this round already see the decided shape (`like`: the other side's), so a chain
 * of decisions (b1 - x; b2 - b1; …) is found in one round, not one round a name.
 */
function decide(c: Ctx, name: string, as: Decision['as'], use: Ast, like?: Shape): void {
  c.fresh.set(name, { name, as, use: quote(c, use), span: use.span });
  c.shapes.set(name, like ?? { rows: c.u.fresh(), cols: '1' });
}

/**
 * A name as the exponent of `^` or `.^` is a scalar, whatever its letter: an undeclared vector or
 * matrix name there is fixed to 1×1 (when nothing fixed it otherwise), and the result says so.
 */
function exponentName(c: Ctx, node: Extract<Ast, { kind: 'binary' }>, r: Shape): Shape {
  const e = node.right;
  if (e.kind !== 'name' || !c.varNames.has(e.name) || c.declared.has(e.name) || isScalarNow(c.u, r)) return r;
  if (!c.u.same(r.rows, '1') || !c.u.same(r.cols, '1')) return r;
  if (!c.decisions.has(e.name)) c.decisions.set(e.name, { name: e.name, as: 'scalar', use: quote(c, node), span: node.span });
  return SCALAR;
}

/**
 * Where an earlier round decided that a name takes the other side's shape (A*x - b), it takes
 * exactly that shape here, not a shape the other side broadcasts over: a use elsewhere that gives
 * it another (b*x with x m×1 makes b ?×m) is a clash at this operator.
 */
function likeAsDecided(c: Ctx, node: Extract<Ast, { kind: 'binary' }>, l: Shape, r: Shape): void {
  for (const side of [node.left, node.right]) {
    const n = sideName(side);
    const d = n && c.decisions.get(n.name);
    if (!d || d.as !== 'like' || d.span.start !== node.span.start || d.span.end !== node.span.end) continue;
    if (!c.u.same(l.rows, r.rows) || !c.u.same(l.cols, r.cols)) {
      throw new ShapeClash((o) => `${o[0]} is ${showShape(c.u.resolve(l))} but ${o[1]} is ${showShape(c.u.resolve(r))}: ${n.name}, undeclared, takes the shape of the other side of \`${node.op}\``);
    }
  }
}

/** Pass 1: the shape of every node, unifying undeclared dimensions (`outer`: the node it is an operand of). */
export function shapeOf(c: Ctx, node: Ast, outer?: Ast): Shape {
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
        s = startShape(c, node.name);
        c.shapes.set(node.name, s);
        c.varNames.add(node.name);
      }
      return s;
    }
    case 'neg':
      return shapeOf(c, node.arg, outer);
    case 'transpose': {
      const s = shapeOf(c, node.arg, outer);
      // a' is not a scalar's transpose: a transposed undeclared a–g name is a vector
      if (node.arg.kind === 'name' && isSoft(c, node.arg.name)) decide(c, node.arg.name, 'vector', outer ?? node);
      return { rows: s.cols, cols: s.rows };
    }
    case 'call': {
      if (DIM_CALLS.has(node.fn)) return checkShape(c, dimCallShape(c, node), node);
      const op = callOp(c, node);
      const { exprs, dims } = splitDimArgs(c, node, op);
      const shapes = exprs.map((a) => shapeOf(c, a, node));
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
      const l = shapeOf(c, node.left, node);
      const r0 = shapeOf(c, node.right, node);
      u.asker = { node, op: node.op, operands: [node.left, node.right] };
      const r = node.op === '^' || node.op === '.^' ? exponentName(c, node, r0) : r0;
      const ls = isScalarNow(u, l);
      const rs = isScalarNow(u, r);
      if (node.op === '+' || node.op === '-' || node.op === ':') {
        // A*x - b: an undeclared a–g name added to a vector or matrix takes its shape
        const ln = sideName(node.left);
        const rn = sideName(node.right);
        if (ln && !rs && isSoft(c, ln.name)) decide(c, ln.name, 'like', node, r);
        if (rn && !ls && isSoft(c, rn.name)) decide(c, rn.name, 'like', node, l);
      }
      // X*b, a'*X*b: at the right end of a product, after a matrix or a row, an undeclared a–g
      // name is the vector of the product (a scalar factor is written first, c*X, or inside, A*c*x)
      const chainEnd = !(outer?.kind === 'binary' && outer.op === '*' && outer.left === node);
      if (node.op === '*' && chainEnd && node.right.kind === 'name' && !ls && u.find(l.cols) !== '1' && isSoft(c, node.right.name)) decide(c, node.right.name, 'vector', node);
      try {
        if (node.op === '+' || node.op === '-' || node.op === ':') likeAsDecided(c, node, l, r);
        switch (node.op) {
          case '+':
          case '-':
          case '.*':
          case './':
            if (ls) return r;
            if (rs) return l;
            return broadcast(l, r, u, node.op === '+' || node.op === '-' ? '+' : 'the Hadamard product').shape;
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

/** The equations that waited (`?1*?3 = n*p`): solved by what is known now, or a clear error. */
export function settle(c: Ctx): void {
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
    hint: open ? 'declare the factors of the Kronecker product with --vars (A: n x m; B: p x q)' : conventionNote(c, a.operands),
  });
}

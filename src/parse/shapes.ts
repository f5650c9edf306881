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
import { DIM_CALLS, clash, quote, where, type Ctx } from './elab-context.js';
import { callOp, dimCallShape, splitDimArgs } from './calls.js';
import { checkShape } from './size-limits.js';

const isScalarNow = (u: Unifier, s: Shape) => u.find(s.rows) === '1' && u.find(s.cols) === '1';

/** The convention for undeclared names: a–g scalars, h–z column vectors, A–Z matrices. */
function conventionalShape(name: string, u: Unifier): Shape {
  const c = name[0]!;
  if (/[a-g]/.test(c)) return SCALAR;
  if (/[h-z]/.test(c)) return { rows: u.fresh(), cols: '1' };
  if (/[A-Z]/.test(c)) return { rows: u.fresh(), cols: u.fresh() };
  return SCALAR; // Greek letters and other names: scalars
}

/** Pass 1: the shape of every node, unifying undeclared dimensions. */
export function shapeOf(c: Ctx, node: Ast): Shape {
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
    hint: open ? 'declare the factors of the Kronecker product with --vars (A: n x m; B: p x q)' : undefined,
  });
}

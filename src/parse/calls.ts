// Calls in the syntax tree: which operator a function name stands for (with "did you mean"), and
// the arguments that are dimensions rather than expressions (`ones(n, m)`, `I(n*p)`, the trailing
// `n` of `unvec(v, n)`, as an op record's `dimArgs` declares). Both passes read calls the same way.
import type { Ast } from './ast.js';
import { MatdiffError } from '../errors.js';
import { dimMul, type Shape } from '../core/shape.js';
import { FUNCTIONS, opRecord } from '../ops/index.js';
import { foreignFunction, nearest } from './suggest.js';
import { checkDimNumber } from './literals.js';
import { KNOWN_FUNCTIONS, text, type Ctx } from './elab-context.js';
import { checkDim } from './size-limits.js';

function dimArgs(c: Ctx, node: Extract<Ast, { kind: 'call' }>): string[] {
  return node.args.map((a) => {
    if (a.kind === 'name') return a.name;
    if (a.kind === 'num' && /^\d+$/.test(a.text) && /[1-9]/.test(a.text)) return checkDimNumber(a.text, c.source, a.span);
    if (a.kind === 'binary' && a.op === '*') return dimOf(c, node.fn, a); // I(n*p), as kron makes
    throw new MatdiffError('parse', `${node.fn} takes dimensions (names or positive integers), not \`${text(c, a.span)}\``, { source: c.source, span: a.span });
  });
}

export function dimCallShape(c: Ctx, node: Extract<Ast, { kind: 'call' }>): Shape {
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
export function splitDimArgs(c: Ctx, node: Extract<Ast, { kind: 'call' }>, op: string): { exprs: readonly Ast[]; dims: string[] } {
  const k = opRecord(op).dimArgs?.count ?? 0;
  if (k === 0) return { exprs: node.args, dims: [] };
  const cut = node.args.length - k;
  return { exprs: node.args.slice(0, cut), dims: node.args.slice(cut).map((a) => dimOf(c, node.fn, a)) };
}

export function callOp(c: Ctx, node: Extract<Ast, { kind: 'call' }>): string {
  const op = FUNCTIONS.get(node.fn);
  if (!op) {
    const near = nearest(node.fn, KNOWN_FUNCTIONS);
    throw new MatdiffError('unknown-function', `unknown function \`${node.fn}\``, { source: c.source, span: node.fnSpan, hint: foreignFunction(node.fn) ?? (near ? `did you mean \`${near}\`?` : `known functions: ${KNOWN_FUNCTIONS.join(', ')}`) });
  }
  const rec = opRecord(op);
  if (typeof rec.arity === 'number' && rec.arity !== node.args.length) {
    throw new MatdiffError('parse', `${node.fn} takes ${rec.arity} argument${rec.arity === 1 ? '' : 's'}, not ${node.args.length}`, { source: c.source, span: node.span });
  }
  return op;
}

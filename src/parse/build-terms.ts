// Pass 2 of elaboration: the syntax tree built into terms with the smart constructors, every name
// now with a known shape (pass 1, src/parse/shapes.ts). Number literals become exact fractions;
// every built node is checked against the limits on sizes (src/parse/size-limits.ts) as it is
// made, and a folding error (1/0) or a limit hit inside a constructor points at its operator.
import { Fraction } from '../core/fraction.js';
import type { Ast } from './ast.js';
import { MatdiffError } from '../errors.js';
import { ShapeClash, isScalarShape, strictShapes } from '../core/shape.js';
import type { Term } from '../core/term.js';
import * as b from '../core/build.js';
import { opRecord } from '../ops/index.js';
import { readDecimal } from './literals.js';
import { DIM_CALLS, clash, text, type Ctx } from './elab-context.js';
import { callOp, dimCallShape, splitDimArgs } from './calls.js';
import { exponentWithin, withinLimits } from './size-limits.js';
import { MAX_EXPONENT, MAX_MATRIX_POWER } from '../limits.js';

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

/** Pass 2: build the term, and check it is within the limits on sizes (src/limits.ts). */
export function build(c: Ctx, node: Ast, env: ReadonlyMap<string, Term>): Term {
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
    const T = node.right.kind === 'name' && node.right.name === 'T';
    throw new MatdiffError('unsupported', `a matrix power needs a constant integer exponent, not \`${text(c, node.right.span)}\` (use .^ for an elementwise power)`, {
      source: c.source,
      span: node.right.span,
      hint: T ? `for the transpose write ${text(c, node.left.span)}' (X^T is read as the transpose only where T is not a variable: here T is declared or used elsewhere)` : undefined,
    });
  }
  exponentWithin(c, node, l, r, MAX_MATRIX_POWER);
  const k = Number(r.value!.valueOf());
  if (k === -1) return b.apply('inv', [l]);
  if (k < 0) return b.pow(b.apply('inv', [l]), b.num(-k));
  return b.pow(l, r);
}

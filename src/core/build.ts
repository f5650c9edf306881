// Smart constructors. They build terms through `mk` (so shapes are checked and terms interned)
// and fold only what is trivially true — zeros, ones, identities, double transposes — and make
// broadcasting explicit (a scalar as bcast, a column b as b·𝟏ᵀ, a row r as 𝟏·r; the rule in
// src/core/broadcast.ts), so differentials stay small. The full simplifier lives in src/simplify/.
//
// This module imports nothing from src/ops/: the records import it (their differentials and
// adjoints build terms), and `mk` finds each operator's shape rule in the registry of
// src/core/term.ts, which src/ops/index.ts fills when it is loaded. Every entry imports
// src/ops/index.ts (see there).
import { Fraction } from './fraction.js';
import { mk, type Term, type Fact } from './term.js';
import { type Shape, SCALAR, isScalarShape, transposeShape, ShapeClash, showShape, sameShape, strictShapes } from './shape.js';
import { broadcast } from './broadcast.js';
import { MatdiffError } from '../errors.js';

export const num = (v: Fraction | number | string): Term => mk('num', [], { value: new Fraction(v as number) });
export const variable = (name: string, shape: Shape, facts: readonly Fact[] = []): Term =>
  mk('var', [], { name, shape, facts: [...facts].sort() });
export const dvar = (name: string, shape: Shape): Term => mk('dvar', [], { name, shape });
export const zero = (shape: Shape): Term => mk('zero', [], { shape });
export const ones = (shape: Shape): Term => mk('ones', [], { shape });
export const eye = (n: string): Term => mk('eye', [], { shape: { rows: n, cols: n } });

export const isZero = (t: Term): boolean => t.op === 'zero' || (t.op === 'num' && t.value!.equals(0));
export const isNum = (t: Term, v?: number): boolean => t.op === 'num' && (v === undefined || t.value!.equals(v));
export const isScalar = (t: Term): boolean => isScalarShape(t.shape);

/**
 * How many summands a sum, and how many factors a product, may have once flattened. Definitions
 * can double them at every line (v2 = v1*v1); the product rule makes n terms of n factors each.
 */
export const MAX_SUMMANDS = 5000;
export const MAX_FACTORS = 100;

function flat(op: string, ts: readonly Term[]): Term[] {
  return bounded(op, ts.flatMap((t) => (t.op === op ? t.args : [t])));
}

function bounded(op: string, ts: Term[]): Term[] {
  const max = op === 'add' ? MAX_SUMMANDS : MAX_FACTORS;
  if (ts.length > max) {
    throw new MatdiffError('limit', `the ${op === 'add' ? 'sum' : 'product'} has ${ts.length} ${op === 'add' ? 'terms' : 'factors'} (definitions counted in); matdiff handles at most ${max}`);
  }
  return ts;
}

/**
 * Sum, broadcast as numpy does (src/core/broadcast.ts): a scalar is added to every entry, a column
 * vector to every column and a row vector to every row of the matrices in the sum. The sum is
 * flattened first, so each summand is spread on its own: `W*X + b + c` is W X + b 𝟏ᵀ + c 𝟏ᵀ.
 */
export function add(...ts: Term[]): Term {
  const all = flat('add', ts);
  const terms = all.filter((t) => !isZero(t));
  let target = SCALAR;
  for (const t of terms) target = broadcast(target, t.shape, strictShapes, '+').shape;
  // a zero summand can only make the sum larger where it broadcasts (a 0 of another shape is dropped)
  for (const z of all.filter(isZero)) target = fits(target, z.shape) ?? target;
  if (terms.length === 0) return zero(target);
  const spreadTerms = terms.map((t) => spread(t, target));
  if (spreadTerms.length === 1) return spreadTerms[0]!;
  return mk('add', spreadTerms);
}

function fits(target: Shape, s: Shape): Shape | undefined {
  try {
    return broadcast(target, s, strictShapes, '+').shape;
  } catch {
    return undefined;
  }
}

/**
 * t spread to `target` as a broadcast does: a scalar to every entry (bcast), a column k×1 over the
 * columns (t·𝟏ᵀ), a row 1×N over the rows (𝟏·t). Shapes are checked by `broadcast` first.
 */
export function spread(t: Term, target: Shape): Term {
  if (sameShape(t.shape, target)) return t;
  if (isScalar(t)) return bcast(t, target);
  if (t.op === 'zero') return zero(target);
  if (t.op === 'ones') return ones(target);
  if (t.op === 'bcast') return bcast(t.args[0]!, target);
  if (t.shape.cols === '1' && t.shape.rows === target.rows) return mul(t, ones({ rows: '1', cols: target.cols }));
  if (t.shape.rows === '1' && t.shape.cols === target.cols) return mul(ones({ rows: target.rows, cols: '1' }), t);
  throw new ShapeClash((o) => `${o[0]} is ${showShape(t.shape)}, which does not broadcast to ${showShape(target)}`);
}

/** the common shape of two operands of an elementwise operator, and both spread to it */
function spreadBoth(a: Term, b: Term, what: string): [Term, Term] {
  const s = broadcast(a.shape, b.shape, strictShapes, what).shape;
  return [spread(a, s), spread(b, s)];
}

export const neg = (t: Term): Term => smul(num(-1), t);
export const sub = (a: Term, b: Term): Term => add(a, neg(b));

/** s·X for a scalar s. */
export function smul(s: Term, x: Term): Term {
  if (!isScalar(s)) throw new ShapeClash((o) => `${o[0]} is ${showShape(s.shape)}, not a scalar`);
  if (isZero(s) || isZero(x)) return zero(x.shape);
  if (isNum(s, 1)) return x;
  if (isScalar(x)) return mul(s, x);
  // s·(t·X) = (s t)·X: one scale factor, as in the canonical form (so `-(2*a*x)` parses to it)
  if (x.op === 'smul') return smul(mul(s, x.args[0]!), x.args[1]!);
  return mk('smul', [s, x]);
}

/** The `*` of the language: a matrix product where the shapes chain, else scaling by a 1×1 side. */
export function mul(a: Term, b: Term): Term {
  // a 1×1 side scales the other, even where the shapes chain (c*x' is c·xᵀ, as canon has it)
  if (isScalar(a) && !isScalar(b)) return smul(a, b);
  if (isScalar(b) && !isScalar(a)) return smul(b, a);
  if (a.shape.cols !== b.shape.rows) {
    throw new ShapeClash((o) => `${o[0]} is ${showShape(a.shape)} but ${o[1]} is ${showShape(b.shape)}`);
  }
  const shape = { rows: a.shape.rows, cols: b.shape.cols };
  if (isZero(a) || isZero(b)) return zero(shape);
  if (a.op === 'eye') return b;
  if (b.op === 'eye') return a;
  if (a.op === 'num' && b.op === 'num') return num(a.value!.mul(b.value!));
  if (isNum(a, 1) && isScalar(b)) return b;
  if (isNum(b, 1) && isScalar(a)) return a;
  // (sA)B = A(sB) = s(AB): the scale factor stays outside the matrix chain
  if (a.op === 'smul') return smul(a.args[0]!, mul(a.args[1]!, b));
  if (b.op === 'smul') return smul(b.args[0]!, mul(a, b.args[1]!));
  if (isScalar(a) && isScalar(b)) return scalarMul(a, b);
  return mk('mul', flat('mul', [a, b]));
}

/**
 * A product of scalars, flattened like canon's: only products of scalars are spliced in (an
 * inner product xᵀy stays one factor), and leading numbers are folded (-1·2·a = -2·a).
 */
function scalarMul(a: Term, b: Term): Term {
  const all = [a, b].flatMap((t) => (t.op === 'mul' && isScalar(t.args[0]!) ? t.args : [t]));
  // 1×1 factors commute: numbers go in front, where they print as a coefficient (x*-1 is -x)
  const fs = bounded('mul', [...all.filter((t) => t.op === 'num'), ...all.filter((t) => t.op !== 'num')]);
  while (fs.length > 1 && fs[0]!.op === 'num' && fs[1]!.op === 'num') fs.splice(0, 2, num(fs[0]!.value!.mul(fs[1]!.value!)));
  if (fs.length > 1 && isNum(fs[0]!, 1)) fs.shift();
  return fs.length === 1 ? fs[0]! : mk('mul', fs);
}

/** Product of a chain of factors (empty chain not allowed). */
export const chain = (ts: readonly Term[]): Term => ts.reduce((acc, t) => mul(acc, t));

/** Hadamard product; a scalar side scales the other, a vector side is broadcast (see `add`). */
export function had(a: Term, b: Term): Term {
  if (isScalar(a) && isScalar(b)) return mul(a, b);
  if (isScalar(a)) return smul(a, b);
  if (isScalar(b)) return smul(b, a);
  if (!sameShape(a.shape, b.shape)) return had(...spreadBoth(a, b, 'the Hadamard product'));
  if (isZero(a) || isZero(b)) return zero(a.shape);
  if (a.op === 'ones') return b;
  if (b.op === 'ones') return a;
  // (sA) ∘ B = A ∘ (sB) = s(A ∘ B)
  if (a.op === 'smul') return smul(a.args[0]!, had(a.args[1]!, b));
  if (b.op === 'smul') return smul(b.args[0]!, had(a, b.args[1]!));
  return mk('had', flat('had', [a, b]));
}

/** Elementwise division; a scalar denominator is division by a scalar, a vector side is broadcast. */
export function ediv(a: Term, b: Term): Term {
  if (isScalar(b)) {
    if (isNum(b)) return smul(num(new Fraction(1).div(b.value!)), a);
    return isScalar(a) ? mul(a, pow(b, num(-1))) : smul(pow(b, num(-1)), a);
  }
  // c ./ B = c·B.^-1 for a scalar c
  if (isScalar(a)) return smul(a, epow(b, num(-1)));
  if (!sameShape(a.shape, b.shape)) return ediv(...spreadBoth(a, b, 'the Hadamard product'));
  if (isZero(a)) return zero(b.shape);
  return had(a, epow(b, num(-1)));
}

export function transpose(a: Term): Term {
  if (isScalar(a)) return a;
  if (a.op === 'zero') return zero(transposeShape(a.shape));
  if (a.op === 'ones') return ones(transposeShape(a.shape));
  if (a.op === 'eye') return a;
  if (a.op === 'T') return a.args[0]!;
  return mk('T', [a]);
}

export function frob(a: Term, b: Term): Term {
  if (isZero(a) || isZero(b)) {
    mk('frob', [a, b]); // still check the shapes
    return zero(SCALAR);
  }
  return mk('frob', [a, b]);
}

export function bcast(s: Term, shape: Shape): Term {
  if (isScalarShape(shape)) return s;
  if (isZero(s)) return zero(shape);
  return mk('bcast', [s], { shape });
}

/** Matrix power (square matrix, integer exponent) or scalar power. */
export function pow(a: Term, p: Term): Term {
  if (isNum(p, 1)) return a;
  if (isNum(p, 0)) return isScalar(a) ? num(1) : eye(a.shape.rows);
  if (a.op === 'num' && p.op === 'num' && p.value!.equals(p.value!.floor()) && !(a.value!.equals(0) && p.value!.compare(0) < 0)) {
    return num(a.value!.pow(p.value!));
  }
  // (A^p)^k = A^(pk) for an integer k (so `1/b^2` is b^-2)
  if (a.op === 'pow' && a.args[1]!.op === 'num' && p.op === 'num' && p.value!.equals(p.value!.floor())) return pow(a.args[0]!, num(a.args[1]!.value!.mul(p.value!)));
  return mk('pow', [a, p]);
}

/** Elementwise power. */
export function epow(a: Term, p: Term): Term {
  if (isScalar(a)) return pow(a, p);
  if (isNum(p, 1)) return a;
  if (isNum(p, 0)) return ones(a.shape);
  // (A.^p).^k = A.^(pk) for an integer k ((A.^2).^(1/2) is |A|, not A)
  if (a.op === 'epow' && a.args[1]!.op === 'num' && p.op === 'num' && p.value!.equals(p.value!.floor())) return epow(a.args[0]!, num(a.args[1]!.value!.mul(p.value!)));
  return mk('epow', [a, p]);
}

/** Any operator applied to its arguments, with the trivial zero folds for linear ones. */
export function apply(op: string, args: readonly Term[], data = {}): Term {
  return mk(op, args, data);
}

export const ONE = (): Term => num(1);
export const scalarZero = (): Term => zero(SCALAR);

// The scalars numeric evaluation runs over. One evaluator serves three fields:
//  - float: IEEE doubles, for the finite-difference check and for `evaluate`;
//  - exact: fraction.js rationals, for exact checks of rational expressions;
//  - dual: pairs a + bε over the rationals with ε² = 0, so evaluating f(W + εV) gives the exact
//    directional derivative ⟨∇f, V⟩ as the ε part (forward-mode AD over exact numbers).
import { Fraction } from '../core/fraction.js';
import type { Term } from '../core/term.js';

/** A scalar function as an operator record declares it: the float version, and where the function
 *  is piecewise rational (abs, relu, sign, step) its exact version and exact derivative. */
export interface ScalarFn {
  name: string;
  float: (x: number) => number;
  exact?: (x: Fraction) => Fraction;
  exactDeriv?: (x: Fraction) => Fraction;
}

/**
 * Raised when a value leaves the function's domain (log of a negative, a singular inverse, ÷0).
 * The evaluator names the term where it happened (`at`), so a check can say which operator was
 * undefined.
 */
export class Undefined extends Error {
  constructor(
    readonly what: string,
    readonly at?: Term,
  ) {
    super(`undefined: ${what}`);
  }
}
/** Raised when an exact field meets a function that has no exact value (exp, log, σ, ...). */
export class NotExact extends Error {
  constructor(what: string) {
    super(`not exact: ${what}`);
  }
}

export interface Field<S> {
  /** 'bounded': doubles with a rounding-error bound (src/numeric/bounded.ts) */
  readonly kind: 'float' | 'exact' | 'dual' | 'bounded';
  readonly zero: S;
  readonly one: S;
  fromFraction(f: Fraction): S;
  add(a: S, b: S): S;
  sub(a: S, b: S): S;
  mul(a: S, b: S): S;
  div(a: S, b: S): S; // throws Undefined on division by zero
  neg(a: S): S;
  isZero(a: S): boolean;
  /** size used to choose pivots (Gauss–Jordan) */
  magnitude(a: S): number;
  apply(fn: ScalarFn, a: S): S;
  /** a^p for a scalar exponent */
  pow(a: S, p: S): S;
  toNumber(a: S): number;
}

/** a float result that is not finite: NaN (log of a negative) or an overflow (exp(800)); the
 *  message is built only then (building it for every entry made exp(X) of a large X slow) */
function checkFinite(x: number, what: () => string): number {
  if (!Number.isFinite(x)) throw new Undefined(Number.isNaN(x) ? what() : `${what()} overflows doubles`);
  return x;
}

export const floatField: Field<number> = {
  kind: 'float',
  zero: 0,
  one: 1,
  fromFraction: (f) => f.valueOf(),
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => {
    if (b === 0) throw new Undefined('division by zero');
    return a / b;
  },
  neg: (a) => -a,
  isZero: (a) => a === 0,
  magnitude: Math.abs,
  apply: (fn, a) => checkFinite(fn.float(a), () => `${fn.name}(${a})`),
  pow: (a, p) => checkFinite(Math.pow(a, p), () => `${a}^${p}`),
  toNumber: (a) => a,
};

function exactPow(a: Fraction, p: Fraction): Fraction {
  if (!p.equals(p.floor())) throw new NotExact('non-integer power');
  if (a.equals(0) && p.compare(0) < 0) throw new Undefined('0 to a negative power');
  return a.pow(p);
}

export const exactField: Field<Fraction> = {
  kind: 'exact',
  zero: new Fraction(0),
  one: new Fraction(1),
  fromFraction: (f) => f,
  add: (a, b) => a.add(b),
  sub: (a, b) => a.sub(b),
  mul: (a, b) => a.mul(b),
  div: (a, b) => {
    if (b.equals(0)) throw new Undefined('division by zero');
    return a.div(b);
  },
  neg: (a) => a.neg(),
  isZero: (a) => a.equals(0),
  magnitude: (a) => Math.abs(a.valueOf()),
  apply: (fn, a) => {
    if (!fn.exact) throw new NotExact(fn.name);
    return fn.exact(a);
  },
  pow: exactPow,
  toNumber: (a) => a.valueOf(),
};

/** a + bε with ε² = 0 */
export interface Dual {
  readonly a: Fraction;
  readonly b: Fraction;
}
const dual = (a: Fraction, b: Fraction): Dual => ({ a, b });
const F0 = new Fraction(0);

export const dualField: Field<Dual> = {
  kind: 'dual',
  zero: dual(F0, F0),
  one: dual(new Fraction(1), F0),
  fromFraction: (f) => dual(f, F0),
  add: (x, y) => dual(x.a.add(y.a), x.b.add(y.b)),
  sub: (x, y) => dual(x.a.sub(y.a), x.b.sub(y.b)),
  mul: (x, y) => dual(x.a.mul(y.a), x.a.mul(y.b).add(x.b.mul(y.a))),
  // (a + bε)/(c + dε) = a/c + (bc − ad)/c² ε
  div: (x, y) => {
    if (y.a.equals(0)) throw new Undefined('division by zero');
    return dual(x.a.div(y.a), x.b.mul(y.a).sub(x.a.mul(y.b)).div(y.a.mul(y.a)));
  },
  neg: (x) => dual(x.a.neg(), x.b.neg()),
  isZero: (x) => x.a.equals(0) && x.b.equals(0),
  // pivot on the real part: a dual is invertible exactly when its real part is non-zero
  magnitude: (x) => Math.abs(x.a.valueOf()),
  apply: (fn, x) => {
    if (!fn.exact || !fn.exactDeriv) throw new NotExact(fn.name);
    // the piecewise-rational functions (abs, relu, sign, step) have their kink at 0, where no
    // derivative exists: such a point is drawn again
    if (x.a.equals(0)) throw new Undefined(`${fn.name} at its kink 0`);
    return dual(fn.exact(x.a), fn.exactDeriv(x.a).mul(x.b));
  },
  // (a + bε)^p = a^p + p a^(p−1) b ε, for a constant integer p
  pow: (x, p) => {
    if (!p.b.equals(0)) throw new NotExact('variable exponent');
    const k = p.a;
    return dual(exactPow(x.a, k), k.mul(exactPow(x.a, k.sub(1))).mul(x.b));
  },
  toNumber: (x) => x.a.valueOf(),
};

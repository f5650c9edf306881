// The fields the numeric check evaluates over, built on those of src/numeric/field.ts:
//  - `checkFloat`: doubles, as `floatField` (the same operations, so the same float kernels:
//    src/numeric/float-ops.ts), but a pole is told apart from an overflow: 1/0, 0^−1 and log(0)
//    are points where the function has no value ('division by zero', '… at 0'), exp(800) is a
//    value too large for doubles ('… overflows doubles'). The check counts the first kind against
//    a gradient formula and only skips the second. (Both build the message of a value that leaves
//    the domain only when it happens: built for every entry, it made a million-entry exp(X) five
//    times slower.)
//  - `metered(F, meter)`: an exact or dual field that counts its operations, weighted by the size
//    of the rationals it meets, and gives up (`OverBudget`) past a cap, so an exact check whose
//    numbers blow up falls back to doubles deterministically instead of running for minutes.
import type { Fraction } from '../core/fraction.js';
import { floatField, Undefined, type Dual, type Field, type ScalarFn } from '../numeric/field.js';

/** An infinite result from a finite argument: a pole (no value) when the argument is 0, else an overflow. */
function notFinite(y: number, at: number, what: () => string): never {
  if (Number.isNaN(y)) throw new Undefined(what());
  throw new Undefined(at === 0 ? `${what()}: a pole` : `${what()} overflows doubles`);
}

export const checkFloat: Field<number> = {
  ...floatField,
  apply: (fn: ScalarFn, a: number) => {
    const y = fn.float(a);
    return Number.isFinite(y) ? y : notFinite(y, a, () => `${fn.name}(${a})`);
  },
  pow: (a: number, p: number) => {
    const y = Math.pow(a, p);
    if (Number.isFinite(y)) return y;
    if (a === 0 && p < 0) throw new Undefined('0 to a negative power');
    return notFinite(y, a, () => `${a}^${p}`);
  },
};

/** Is this Undefined an overflow (a value too large for doubles) rather than a point outside the domain? */
export const isOverflow = (e: Undefined): boolean => e.what.includes('overflows doubles');

/** Raised by a metered field past its cap. */
export class OverBudget extends Error {
  constructor(readonly spent: number) {
    super('the exact check exceeded its budget');
  }
}

/** Operations of an exact field, weighted by the size of the numbers (sampled every 64 operations). */
export class Meter {
  spent = 0;
  private ticks = 0;
  private weight = 1;
  constructor(readonly cap: number) {}
  charge(units: number, sample: () => number): void {
    if ((++this.ticks & 63) === 0) {
      // a rational of b bits costs about (1 + b/128)² times a small one to multiply (gcd included)
      const bits = sample();
      this.weight = (1 + bits / 128) ** 2;
    }
    this.spent += units * this.weight;
    if (this.spent > this.cap) throw new OverBudget(this.spent);
  }
}

/** bits of a rational's numerator and denominator, roughly (hex digits × 4) */
export function fractionBits(x: Fraction): number {
  const n = x.n < 0n ? -x.n : x.n;
  return (n.toString(16).length + x.d.toString(16).length) * 4;
}

const dualBits = (x: Dual): number => Math.max(fractionBits(x.a), fractionBits(x.b));

/** `F` (exact or dual) counting into `meter`: the same kind and values, so every kernel takes the same path. */
export function metered<S>(F: Field<S>, meter: Meter): Field<S> {
  const bits = (F.kind === 'dual' ? dualBits : fractionBits) as unknown as (x: S) => number;
  // a dual operation is about four rational ones (a product: three products and a sum)
  const w = F.kind === 'dual' ? 4 : 1;
  const count = <T extends S>(x: T): T => {
    meter.charge(w, () => bits(x));
    return x;
  };
  return {
    ...F,
    add: (a, b) => count(F.add(a, b)),
    sub: (a, b) => count(F.sub(a, b)),
    mul: (a, b) => count(F.mul(a, b)),
    div: (a, b) => count(F.div(a, b)),
    neg: (a) => count(F.neg(a)),
    apply: (fn, a) => count(F.apply(fn, a)),
    pow: (a, p) => count(F.pow(a, p)),
  };
}

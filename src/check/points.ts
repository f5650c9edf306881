// What every kind of trial draws and pays for: random float points for the variables and their
// evaluation, the work budget of the float check (units of src/check/cost.ts, paid before each
// evaluation, so a check stops where its work runs out), how many points are drawn at most, and
// the test that a symmetric (diagonal) variable's gradient lies in that space itself.
import type { Term } from '../core/term.js';
import { evaluateTerm } from '../numeric/evaluate.js';
import type { Mat } from '../numeric/matrix.js';
import { floatValue, type Mode, type Rng } from './sample.js';
import { projectDirection, type Structure } from '../engine/structure.js';
import { checkFloat } from './fields.js';

/** the most points one kind of trial draws in a check */
export const MAX_DRAWS = 60;

/** Raised when the float check's work runs out. */
export class OutOfWork extends Error {}

/** Work left for the float check (units of src/check/cost.ts), paid before each evaluation. */
export class Budget {
  constructor(public left: number) {}
  /** pay `units`, or throw OutOfWork (and keep nothing) when they are not left */
  pay(units: number): void {
    if (units > this.left) {
      this.left = 0;
      throw new OutOfWork();
    }
    this.left -= units;
  }
}

/** Random float values for every variable at `sizes`. */
export function floatPoint(vars: ReadonlyMap<string, Term>, sizes: ReadonlyMap<string, number>, rng: Rng, mode: Mode): Map<string, Mat<number>> {
  const values = new Map<string, Mat<number>>();
  for (const [name, v] of vars) values.set(name, floatValue(v, sizes, rng, mode));
  return values;
}

export function evalFloat(t: Term, values: ReadonlyMap<string, Mat<number>>, sizes: ReadonlyMap<string, number>): Mat<number> {
  return evaluateTerm(t, { vars: values, sizes }, checkFloat);
}

/**
 * A symmetric (diagonal) variable's gradient must be symmetric (diagonal) itself: along the
 * directions it is checked on, G and its projection give the same ⟨G, V⟩, so this is checked
 * apart. Returns the failure, if any.
 */
export function outsideSpace<S>(G: Mat<S>, s: Structure | undefined, zero: S, same: (a: S, b: S) => boolean): string | undefined {
  if (!s) return undefined;
  const P = projectDirection(G, s, zero);
  return G.data.every((g, k) => same(g, P.data[k]!)) ? undefined : `the gradient is not ${s}, but the variable is declared ${s === 'symmetric' ? 'symmetric (or spd)' : 'diagonal'}`;
}

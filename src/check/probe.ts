// The domain probe. A gradient formula must have a value wherever f has one, but for a set of
// measure zero. The probe draws points with continuous values (doubles) and evaluates f and G: a
// point where f has a value and G has none (a singular inverse, a log of a negative, a division
// by zero, 0 to a negative power; not an overflow) counts against G, and where that happens at
// more than 1 in 50 of the points where f has a value, the check fails (src/check/check.ts),
// naming what was undefined. Exact points are small integers, where a formula such as
// det(X)·inv(X)ᵀ is undefined by coincidence, so the exact trials only draw again there: the
// probe decides.
import type { Term } from '../core/term.js';
import { Undefined } from '../numeric/field.js';
import { scalarOf } from '../numeric/matrix.js';
import { drawSizes, modeAfter, type Rng } from './sample.js';
import { isOverflow } from './fields.js';
import type { Plan } from './plan.js';
import { MAX_DRAWS, evalFloat, floatPoint, type Budget } from './points.js';
import type { Unchecked } from './unchecked.js';

/** a gradient formula undefined at more than this fraction of the points where f is defined fails */
const NEGLIGIBLE = 1 / 50;

/** Where f has a value in doubles, how often the gradient formula has none. */
export class Domain {
  points = 0;
  missing = 0;
  bad(): boolean {
    return this.missing > 0 && this.missing > this.points * NEGLIGIBLE;
  }
}

/**
 * The domain probe: points with continuous values where f has a value, and at each whether the
 * gradient formula has one. A formula undefined there (not merely overflowing) is counted.
 */
export function probe(f: Term, grad: Term, vars: ReadonlyMap<string, Term>, plan: Plan, rng: Rng, why: Unchecked, domain: Domain, budget: Budget): void {
  let failed = 0;
  for (let draw = 0; domain.points < plan.probes && draw < Math.max(MAX_DRAWS, 3 * plan.probes); draw++) {
    if (plan.drawUnits + plan.fUnits + plan.gUnits > budget.left) return;
    budget.pay(plan.drawUnits + plan.fUnits);
    const sizes = drawSizes(plan.float, rng);
    why.tried(sizes);
    const values = floatPoint(vars, sizes, rng, modeAfter(failed));
    try {
      const f0 = scalarOf(evalFloat(f, values, sizes));
      if (!Number.isFinite(f0)) {
        why.overflow = true;
        failed++;
        continue;
      }
    } catch (e) {
      if (!(e instanceof Undefined)) throw e;
      if (isOverflow(e)) why.overflow = true;
      else why.note(e, false);
      failed++;
      continue;
    }
    why.fDefined = true;
    domain.points++;
    budget.pay(plan.gUnits);
    try {
      evalFloat(grad, values, sizes);
    } catch (e) {
      if (!(e instanceof Undefined)) throw e;
      if (!isOverflow(e)) {
        domain.missing++;
        why.note(e, true);
      }
    }
  }
}

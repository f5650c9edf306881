// The numeric check every result passes before anyone sees it. For the gradient G of f with
// respect to X, along a random direction V:
//   exact (f rational):  evaluate f(X + εV) over dual numbers with rational parts; its ε part is
//                        the exact directional derivative, compared with ⟨G, V⟩ by equality
//                        (src/check/exact.ts);
//   float (otherwise):   a ladder of 4-point central differences, each with an error estimate
//                        from the measured and bounded rounding noise of f; the shortest step
//                        that resolves the derivative decides by relative error, else the
//                        agreement is limited by rounding and counts only where that level is
//                        below a quarter of the claimed derivative; where no point resolves it,
//                        the check says it cannot check (MatdiffError 'check') rather than pass
//                        what doubles cannot tell from a wrong answer (the rule: `floatTrial` in
//                        src/check/float-trial.ts; the trials: src/check/float-check.ts).
// Before any of this: a plan (src/check/plan.ts) gives every dimension symbol of f and of G a
// range of sizes the check can afford, and refuses (MatdiffError 'limit') where none fits; the
// float check is metered as it runs (`Budget`, src/check/points.ts) and stops where its work runs
// out; the exact check runs only where it can finish in about a second, and is metered too
// (src/check/fields.ts), going on in doubles where its rationals grow past that.
// The domain: a gradient formula must have a value wherever f has one, but for a set of measure
// zero; a probe (src/check/probe.ts) counts the points where f has a value and G has none, and
// where that happens at more than 1 in 50 of them, the check FAILS, naming what was undefined. (A
// formula made only of operators defined wherever their arguments are needs no probe.) Points
// where f has no value are drawn again. Where no point can be checked at all (f or the gradient
// undefined everywhere tried) the check cannot judge the result and says so with a MatdiffError
// ('check', src/check/unchecked.ts).
// A variable declared symmetric (spd) or diagonal moves only in that space, so V is drawn there
// (src/engine/structure.ts).
// This file is the driver: the plan, the probe, then exact trials or float ones, and the verdict.
import type { Term } from '../core/term.js';
import { Rng } from './sample.js';
import { MatdiffError } from '../errors.js';
import { planCheck, FLOAT_BUDGET, HOW } from './plan.js';
import { Budget } from './points.js';
import { Unchecked } from './unchecked.js';
import { Domain, probe } from './probe.js';
import { tryExact } from './exact.js';
import { floatCheck } from './float-check.js';
import type { CheckOptions, CheckResult } from './result.js';

export type { CheckOptions, CheckResult } from './result.js';
export { boundedCheckField } from './float-check.js';

/**
 * Check `grad` = ∂f/∂(variable named wrt). Throws a MatdiffError ('check') when no point can be
 * checked: f undefined at every point tried (logdet(x*x')), or the gradient undefined wherever f
 * is defined (det(x*y')·inv(x*y')ᵀ·y, which needs x*yᵀ invertible: only at n = 1); and a
 * MatdiffError ('limit') when the check cannot run at any size it can afford (src/check/plan.ts).
 */
export function checkGradient(f: Term, wrt: string, grad: Term, vars: ReadonlyMap<string, Term>, opts: CheckOptions = {}): CheckResult {
  const plan = planCheck(f, grad, vars, wrt, { trials: opts.trials });
  const rng = new Rng(opts.seed ?? 0x5eed);
  const why = new Unchecked();
  const domain = new Domain();
  const budget = new Budget(FLOAT_BUDGET);
  const tol = opts.tolerance ?? 1e-6;
  // the probe may take twice its planned work (points where f is undefined are drawn again)
  const probeWork = Math.min(budget.left, 2 * plan.probes * (plan.drawUnits + plan.fUnits + plan.gUnits));
  const probeBudget = new Budget(probeWork);
  probe(f, grad, vars, plan, rng, why, domain, probeBudget);
  budget.left -= probeWork - probeBudget.left;
  const result = (plan.exact ? tryExact(f, wrt, grad, vars, plan, rng, opts.trials ?? 3, why) : undefined) ?? floatCheck(f, wrt, grad, vars, plan, rng, tol, why, domain, budget);
  if (domain.bad()) {
    // undefined at every point where f is defined: said as such (it is no gradient anywhere tried)
    if (!result && domain.missing >= domain.points) throw why.error(wrt, grad);
    const words = `the formula has no value at ${domain.missing} of ${domain.points} random points where the function has one${why.inG.size ? ` (${why.list(why.inG)})` : ''}: it is undefined on a set of positive measure where the function is defined, so it is not the gradient there`;
    const seen = { points: domain.points, formulaUndefined: domain.missing };
    if (!result) return { ok: false, method: 'float', maxRelError: Infinity, trials: 0, sizes: [], domain: seen, failure: words };
    return { ...result, ok: false, domain: seen, failure: result.ok ? words : `${result.failure}; ${words}` };
  }
  if (result) return { ...result, domain: { points: domain.points, formulaUndefined: domain.missing } };
  if (why.outOfBudget && why.fDefined) {
    throw new MatdiffError('limit', `the numeric check of ∂f/∂${wrt} ran out of its budget (${FLOAT_BUDGET.toExponential(0)} operations) before it finished one trial${why.sizes.size ? ` (at ${[...why.sizes].map(([d, ns]) => `${d} = ${[...ns].join(', ')}`).join('; ')})` : ''}`, {
      hint: HOW,
    });
  }
  throw why.error(wrt, grad);
}

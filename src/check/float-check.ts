// The float trials, where f is not rational (or the exact check could not finish): at random
// points in doubles, along a random direction V in the variable's space, each trial judged by
// `floatTrial` (src/check/float-trial.ts: a ladder of 4-point central differences against the
// measured and bounded rounding noise of f and of ⟨G, V⟩). Every evaluation is paid for first
// (`Budget`); the trials finished when the work runs out stand. A point where f's values cannot
// resolve the derivative is not counted: another is drawn.
import type { Term } from '../core/term.js';
import { Undefined } from '../numeric/field.js';
import { fill, scalarOf, zip, type Mat } from '../numeric/matrix.js';
import { drawSizes, modeAfter, type Mode, type Rng } from './sample.js';
import { projectDirection, structureOf } from '../engine/structure.js';
import { isOverflow } from './fields.js';
import { boundedField, evalBounded } from '../numeric/bounded.js';
import type { Plan } from './plan.js';
import { MAX_DRAWS, OutOfWork, evalFloat, floatPoint, outsideSpace, type Budget } from './points.js';
import type { Unchecked } from './unchecked.js';
import type { Domain } from './probe.js';
import { EPS, ROUNDING_ULPS, floatTrial, type Trial } from './float-trial.js';
import type { CheckResult } from './result.js';

/** doubles with error bounds for the noise floor: every function, abs and relu too, adds 4u|f(a)| */
export const boundedCheckField = boundedField({ exactFunctions: false });

/** a plain evaluation with error bounds costs about this many float ones */
const BOUNDED_COST = 5;

export function floatCheck(f: Term, wrt: string, grad: Term, vars: ReadonlyMap<string, Term>, plan: Plan, rng: Rng, tol: number, why: Unchecked, domain: Domain, budget: Budget): CheckResult | undefined {
  const sizesSeen: Record<string, number>[] = [];
  const structure = structureOf(vars.get(wrt)!);
  let worst = 0;
  let floor = 0;
  let done = 0;
  let failed = 0;
  let outside: CheckResult | undefined;
  // one point: a trial, or why there is none ('failed'); every evaluation is paid for first
  const point = (): Trial | 'failed' | CheckResult => {
    budget.pay(plan.drawUnits);
    const mode: Mode = modeAfter(failed);
    const sizes = drawSizes(plan.float, rng);
    why.tried(sizes);
    const values = floatPoint(vars, sizes, rng, mode);
    const X = values.get(wrt)!;
    const V = projectDirection(fill(X.rows, X.cols, () => rng.normal()), structure, 0);
    let scaleX = 1;
    for (const x of X.data) scaleX = Math.max(scaleX, Math.abs(x));
    const step = (t: number) => {
      const env = new Map(values);
      env.set(wrt, zip(X, V, (x, v) => x + t * v));
      return env;
    };
    const at = (t: number) => {
      budget.pay(plan.fUnits);
      return scalarOf(evalFloat(f, step(t), sizes));
    };
    // ⟨G(X + tV), V⟩, for the noise of A
    const along = (t: number) => {
      budget.pay(plan.gUnits);
      return dot(evalFloat(grad, step(t), sizes), V).sum;
    };
    let A: number;
    let NA0: number;
    let f0: number;
    let inGradient = false;
    try {
      // f first: where f is undefined the gradient need not be defined either
      f0 = at(0);
      if (!Number.isFinite(f0)) {
        why.overflow = true;
        return 'failed';
      }
      why.fDefined = true;
      domain.points++;
      inGradient = true;
      budget.pay(plan.gUnits);
      const G = evalFloat(grad, values, sizes);
      let scale = 0;
      for (const g of G.data) scale = Math.max(scale, Math.abs(g));
      const out = outsideSpace(G, structure, 0, (a, b) => Math.abs(a - b) <= tol * scale);
      if (out) return { ok: false, method: 'float', maxRelError: Infinity, trials: done + 1, sizes: [...sizesSeen, Object.fromEntries(sizes)], failure: out };
      const d = dot(G, V);
      A = d.sum;
      NA0 = (ROUNDING_ULPS + G.data.length) * EPS * d.abs;
      if (!Number.isFinite(A) || !Number.isFinite(NA0)) return 'failed';
    } catch (e) {
      if (e instanceof Undefined) {
        if (isOverflow(e)) why.overflow = true;
        else {
          why.note(e, inGradient);
          if (inGradient) domain.missing++;
        }
        return 'failed';
      }
      throw e;
    }
    // bounds on the rounding error of f and of A at X (running error analysis, src/numeric/bounded.ts)
    const bounds = () => {
      if (!plan.boundable) return { f: 0, A: 0 };
      budget.pay(BOUNDED_COST * (plan.fUnits + plan.gUnits));
      return { f: boundOf(() => scalarOf(evalBounded(f, { vars: values, sizes }, boundedCheckField)).e), A: boundOf(() => evalBounded(grad, { vars: values, sizes }, boundedCheckField).data.reduce((s, g, k) => s + g.e * Math.abs(V.data[k]!), 0)) };
    };
    const trial = floatTrial(at, f0, A, NA0, scaleX, tol, along, bounds);
    if (!trial) return 'failed'; // f is defined at X but not within a step of it
    if (!('unresolved' in trial)) sizesSeen.push(Object.fromEntries(sizes));
    return trial;
  };
  for (let draw = 0; done < plan.trials && draw < MAX_DRAWS; draw++) {
    let r: ReturnType<typeof point>;
    try {
      r = point();
    } catch (e) {
      if (!(e instanceof OutOfWork)) throw e;
      // the work ran out: the trials finished stand (none: a 'limit' error)
      why.outOfBudget = true;
      break;
    }
    if (r === 'failed') {
      failed++;
      continue;
    }
    if ('ok' in r) {
      outside = r;
      break;
    }
    if ('unresolved' in r) {
      // f's values cannot resolve the derivative here: another point
      why.unresolved = Math.min(why.unresolved, r.unresolved);
      why.unresolvedPoints++;
      failed++;
      continue;
    }
    done++;
    worst = Math.max(worst, r.err);
    if (r.floor !== undefined && r.err <= tol) floor = Math.max(floor, r.floor);
  }
  if (outside) return outside;
  if (done === 0) return undefined;
  const ok = worst <= tol;
  return {
    ok, method: 'float', maxRelError: worst, trials: done, sizes: sizesSeen,
    ...(floor > 0 ? { roundingFloor: floor } : {}),
    failure: ok ? undefined : `relative error ${worst.toExponential(2)} exceeds ${tol}`,
  };
}

/** a rounding bound, 0 where the bounded evaluation has no value (then the measured noise stands alone) */
function boundOf(b: () => number): number {
  try {
    const e = b();
    return Number.isNaN(e) ? 0 : e;
  } catch (e) {
    if (e instanceof Undefined) return 0;
    throw e;
  }
}

/** Σ gᵢvᵢ and Σ |gᵢvᵢ| (the size of the terms that may cancel) */
function dot(G: Mat<number>, V: Mat<number>): { sum: number; abs: number } {
  let sum = 0;
  let abs = 0;
  for (let k = 0; k < G.data.length; k++) {
    const p = G.data[k]! * V.data[k]!;
    sum += p;
    abs += Math.abs(p);
  }
  return { sum, abs };
}

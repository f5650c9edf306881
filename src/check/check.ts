// The numeric check every result passes before anyone sees it. For the gradient G of f with
// respect to X, along a random direction V:
//   exact (f rational):  evaluate f(X + εV) over dual numbers with rational parts; its ε part is
//                        the exact directional derivative, compared with ⟨G, V⟩ by equality;
//   float (otherwise):   the 4-point central difference D(h) = (8(f(X+hV) − f(X−hV)) − (f(X+2hV) − f(X−2hV)))/12h
//                        on a ladder of steps h = 10⁻⁶ … 10⁻¹ (times the size of X's entries),
//                        each with an error estimate E(h) = N(h) + 2|D(10h) − D(h)|: N(h) the
//                        rounding noise of f's values divided by h, the second term the change
//                        to the next step (truncation, and noise N missed). The shortest step
//                        whose E is within the tolerance of |D| decides by relative error; where
//                        none is (a zero gradient; f computed with cancellation, such as
//                        log(σ(20 + a)), the log of 1 − 2·10⁻⁹), the step with the least E
//                        decides, and ⟨G, V⟩ must lie within E (plus its own rounding) of D: an
//                        agreement limited by rounding, whose level is reported (`roundingFloor`).
//                        Such an agreement counts only where that level is below a quarter of the
//                        claimed derivative (or of |f|/|X|); where it is not, another point is
//                        drawn, and where no point resolves the derivative the check says it
//                        cannot check (MatdiffError 'check'), rather than pass what doubles cannot
//                        tell from a wrong answer. See `floatTrial` for the rule.
//   The rounding noise of f and of ⟨G, V⟩ is measured (src/check/noise.ts: values at nine close
//   points, Moré–Wild, with the step of a staircase of rounded values as a least level) and
//   bounded (src/numeric/bounded.ts: running error analysis, for rounding that is not random); the
//   bound from |f| (64 ulps) is the least noise assumed.
// Before any of this: a plan (src/check/plan.ts) gives every dimension symbol of f and of G a
// range of sizes the check can afford, and refuses (MatdiffError 'limit') where none fits; the
// float check is metered as it runs (`Budget`) and stops where its work runs out; the exact check
// runs only where it can finish in about a second, and is metered too (src/check/fields.ts), going
// on in doubles where its rationals grow past that.
// The domain: a gradient formula must have a value wherever f has one, but for a set of measure
// zero. A probe draws points with continuous values (doubles) and evaluates f and G: a point
// where f has a value and G has none (a singular inverse, a log of a negative, a division by
// zero, 0 to a negative power; not an overflow) counts against G, and where that happens at more
// than 1 in 50 of the points where f has a value, the check FAILS, naming what was undefined.
// (Exact points are small integers, where a formula such as det(X)·inv(X)ᵀ is undefined by
// coincidence, so the exact trials only draw again there; the probe decides. A formula made only
// of operators defined wherever their arguments are needs no probe.) Points where f has no
// value are drawn again. Where no point can be checked at all (f or the gradient undefined
// everywhere tried) the check cannot judge the result and says so with a MatdiffError ('check').
// A variable declared symmetric (spd) or diagonal moves only in that space, so V is drawn there
// (src/engine/structure.ts).
import { Fraction } from '../core/fraction.js';
import type { Term } from '../core/term.js';
import { evaluateTerm } from '../numeric/evaluate.js';
import { dualField, exactField, NotExact, Undefined, type Dual } from '../numeric/field.js';
import { fill, scalarOf, zip, type Mat } from '../numeric/matrix.js';
import { Rng, drawSizes, floatValue, exactValue, type Mode } from './sample.js';
import { MatdiffError } from '../errors.js';
import { projectDirection, structureOf, type Structure } from '../engine/structure.js';
import { checkFloat, isOverflow, Meter, metered, OverBudget } from './fields.js';
import { noiseAlong } from './noise.js';
import { boundedField, evalBounded } from '../numeric/bounded.js';
import { planCheck, EXACT_CAP, FLOAT_BUDGET, HOW, type Plan } from './plan.js';

/** doubles with error bounds for the noise floor: every function, abs and relu too, adds 4u|f(a)| */
export const boundedCheckField = boundedField({ exactFunctions: false });

export interface CheckResult {
  readonly ok: boolean;
  readonly method: 'exact' | 'float';
  /** largest relative error seen (0 for an exact check that passed) */
  readonly maxRelError: number;
  readonly trials: number;
  /** the sizes tried, one map per trial */
  readonly sizes: readonly Record<string, number>[];
  /**
   * float: where some trial agreed only to within the rounding noise of f's values (a gradient
   * that is zero along V, or f computed with cancellation), the largest such noise bound on the
   * directional derivative
   */
  readonly roundingFloor?: number;
  /** the domain probe: points (doubles) where f has a value, and how many of them the gradient formula has none at */
  readonly domain?: { readonly points: number; readonly formulaUndefined: number };
  /** when the check failed: what was seen */
  readonly failure?: string;
}

export interface CheckOptions {
  trials?: number;
  seed?: number;
  /** relative tolerance of the float check */
  tolerance?: number;
}

const MAX_DRAWS = 60;
/** a gradient formula undefined at more than this fraction of the points where f is defined fails */
const NEGLIGIBLE = 1 / 50;

function frobExact(a: Mat<Fraction>, v: Mat<Fraction>): Fraction {
  return zip(a, v, (x, y) => x.mul(y)).data.reduce((s, x) => s.add(x), new Fraction(0));
}

/** Raised when the float check's work runs out. */
class OutOfWork extends Error {}

/** Work left for the float check (units of src/check/cost.ts), paid before each evaluation. */
class Budget {
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
/** a plain evaluation with error bounds costs about this many float ones */
const BOUNDED_COST = 5;

/** Where f has a value in doubles, how often the gradient formula has none. */
class Domain {
  points = 0;
  missing = 0;
  bad(): boolean {
    return this.missing > 0 && this.missing > this.points * NEGLIGIBLE;
  }
}

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

/** What kept every point from being checked, for the message when none could be. */
class Unchecked {
  fDefined = false;
  overflow = false;
  outOfBudget = false;
  /** points where f's values could not resolve the derivative, and the least rounding floor seen there */
  unresolvedPoints = 0;
  unresolved = Infinity;
  /** what was undefined in f and in the gradient: the first reason seen per term */
  readonly inF = new Map<string, string>();
  readonly inG = new Map<string, string>();
  /** the sizes tried, per dimension symbol */
  readonly sizes = new Map<string, Set<number>>();
  tried(sizes: ReadonlyMap<string, number>): void {
    for (const [d, n] of sizes) this.sizes.set(d, (this.sizes.get(d) ?? new Set()).add(n));
  }
  note(e: Undefined, inGradient: boolean): void {
    const seen = inGradient ? this.inG : this.inF;
    const key = e.at ? String(e.at) : e.what;
    if (!seen.has(key)) seen.set(key, e.at ? `${key}: ${e.what}` : e.what);
  }
  list(s: Map<string, string>): string {
    return [...s.values()].slice(0, 3).join('; ');
  }
  error(wrt: string, grad: Term): MatdiffError {
    const at = [...this.sizes].map(([d, ns]) => `${d} = ${[...ns].sort((x, y) => x - y).join(', ')}`).join('; ');
    const sizes = at ? ` (${at})` : '';
    if (!this.fDefined) {
      const reason = [this.list(this.inF), this.overflow ? 'its value overflows doubles' : ''].filter(Boolean).join('; ');
      return new MatdiffError('check', `cannot check ∂f/∂${wrt}: the function has no value in doubles at any point tried${sizes}${reason ? ` — ${reason}` : ''}`, {
        hint: 'the check needs points where the function is finite: declare facts (spd, positive) that keep it defined, or scale it to fit in doubles; some functions have no value anywhere, such as logdet(x*x\') for n ≥ 2',
      });
    }
    if (this.unresolvedPoints > 0) {
      const floor = Number.isFinite(this.unresolved) ? ` (at best to within ${this.unresolved.toExponential(1)}, more than a quarter of the derivative claimed)` : ' (the rounding of the values could not be bounded)';
      return new MatdiffError('check', `cannot check ∂f/∂${wrt} = ${String(grad)}: the function's values in doubles do not resolve its derivative at any of the ${this.unresolvedPoints} points tried${sizes}${floor}; its rounding hides the changes the derivative makes`, {
        hint: 'the function loses its digits to cancellation or saturation (log(1 + tiny), det(I + tiny), sigmoid far from 0): write it so its values keep them (softplus, logsumexp), or rescale it; --no-check / check: false skips the check',
      });
    }
    const singular = [...this.inG.values()].some((r) => r.includes('singular'));
    return new MatdiffError('check', `cannot check ∂f/∂${wrt} = ${String(grad)}: the function is defined but this formula is undefined at every point tried${sizes}${this.inG.size ? ` — ${this.list(this.inG)}` : ''}; it is not the gradient there`, {
      ...(singular ? { hint: 'the formula inverts a matrix that is singular wherever it was tried (such as x*y\' for n ≥ 2); it holds only where that matrix is invertible' } : {}),
    });
  }
}

/** Random float values for every variable at `sizes`. */
function floatPoint(vars: ReadonlyMap<string, Term>, sizes: ReadonlyMap<string, number>, rng: Rng, mode: Mode): Map<string, Mat<number>> {
  const values = new Map<string, Mat<number>>();
  for (const [name, v] of vars) values.set(name, floatValue(v, sizes, rng, mode));
  return values;
}

function evalFloat(t: Term, values: ReadonlyMap<string, Mat<number>>, sizes: ReadonlyMap<string, number>): Mat<number> {
  return evaluateTerm(t, { vars: values, sizes }, checkFloat);
}

/**
 * The domain probe: points with continuous values where f has a value, and at each whether the
 * gradient formula has one. A formula undefined there (not merely overflowing) is counted.
 */
function probe(f: Term, grad: Term, vars: ReadonlyMap<string, Term>, plan: Plan, rng: Rng, why: Unchecked, domain: Domain, budget: Budget): void {
  let failed = 0;
  for (let draw = 0; domain.points < plan.probes && draw < Math.max(MAX_DRAWS, 3 * plan.probes); draw++) {
    if (plan.drawUnits + plan.fUnits + plan.gUnits > budget.left) return;
    budget.pay(plan.drawUnits + plan.fUnits);
    const sizes = drawSizes(plan.float, rng);
    why.tried(sizes);
    const values = floatPoint(vars, sizes, rng, failed >= 10 ? 'positive' : 'any');
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

function tryExact(f: Term, wrt: string, grad: Term, vars: ReadonlyMap<string, Term>, plan: Plan, rng: Rng, trials: number, why: Unchecked): CheckResult | undefined {
  const sizesSeen: Record<string, number>[] = [];
  const structure = structureOf(vars.get(wrt)!);
  const meter = new Meter(EXACT_CAP);
  const dual = metered(dualField, meter);
  const exact = metered(exactField, meter);
  let done = 0;
  for (let draw = 0; done < trials && draw < MAX_DRAWS; draw++) {
    const mode: Mode = draw > MAX_DRAWS / 2 ? 'positive' : 'any';
    const sizes = drawSizes(plan.exact!, rng);
    why.tried(sizes);
    const values = new Map<string, Mat<Fraction>>();
    for (const [name, v] of vars) values.set(name, exactValue(v, sizes, rng, mode));
    const X = values.get(wrt)!;
    const V = projectDirection(fill(X.rows, X.cols, () => new Fraction(rng.int(-3, 3))), structure, new Fraction(0));
    const dualVars = new Map<string, Mat<Dual>>();
    for (const [name, m] of values) {
      dualVars.set(name, name === wrt ? fill(m.rows, m.cols, (i, j) => ({ a: m.data[i * m.cols + j]!, b: V.data[i * m.cols + j]! })) : fill(m.rows, m.cols, (i, j) => ({ a: m.data[i * m.cols + j]!, b: new Fraction(0) })));
    }
    let inGradient = false;
    try {
      const dirDeriv = scalarOf(evaluateTerm(f, { vars: dualVars, sizes }, dual)).b;
      why.fDefined = true;
      inGradient = true;
      const G = evaluateTerm(grad, { vars: values, sizes }, exact);
      const outside = outsideSpace(G, structure, new Fraction(0), (a, b) => a.equals(b));
      if (outside) return { ok: false, method: 'exact', maxRelError: Infinity, trials: done + 1, sizes: [...sizesSeen, Object.fromEntries(sizes)], failure: outside };
      const claimed = frobExact(G, V);
      sizesSeen.push(Object.fromEntries(sizes));
      done++;
      if (!claimed.equals(dirDeriv)) {
        return {
          ok: false, method: 'exact', maxRelError: Infinity, trials: done, sizes: sizesSeen,
          failure: `exact directional derivative ${dirDeriv.toFraction()} but ⟨G, V⟩ = ${claimed.toFraction()}`,
        };
      }
    } catch (e) {
      // not rational after all (a non-integer power), or the rationals grew past the budget: doubles
      if (e instanceof NotExact || e instanceof OverBudget) return undefined;
      if (e instanceof Undefined) {
        // at small integers a formula may be undefined by coincidence (a singular matrix): the probe judges the domain
        why.note(e, inGradient);
        continue;
      }
      throw e;
    }
  }
  if (done === 0) return undefined;
  return { ok: true, method: 'exact', maxRelError: 0, trials: done, sizes: sizesSeen };
}

/**
 * The least rounding error assumed of one float evaluation of f, in units of the rounding of its
 * largest value |f|·2⁻⁵³: generous, since f goes through many operations. The 4-point stencil's
 * weights add up to 18/12h, so the difference carries up to 1.5·δ/h of noise where δ bounds the
 * error of each value of f.
 */
const ROUNDING_ULPS = 64;
/** how many measured standard deviations of f's noise bound one value's error */
const NOISE_SIGMAS = 6;
/** the shortest step, relative to the size of X's entries; the ladder goes up by 10 */
const STEP0 = 1e-6;
const STEPS = 6;
const EPS = Number.EPSILON / 2;

/** A trial's outcome: decided (by the tolerance, or within the rounding floor), or unresolved. */
type Trial =
  | {
      /** |D − A| / max(|D|, |A|, (E + N_A) / tol) at the deciding step */
      readonly err: number;
      /** the absolute error bound E + N_A the trial was decided with, when that bound (not the tolerance) decided */
      readonly floor?: number;
    }
  | {
      /** f's values in doubles cannot tell A from other values: the best bound seen (Infinity: f is flat) */
      readonly unresolved: number;
    };

/** a pass within the rounding floor counts only where the floor is below this fraction of the claimed derivative (or of |f|/|X|) */
const RESOLVING = 1 / 4;

interface Rung {
  readonly h: number;
  readonly D: number;
  /** the largest |f| among the four values */
  readonly fmax: number;
  /** the four values are the same double: D = 0 says nothing */
  readonly flat: boolean;
}

/**
 * One float trial: A = ⟨G, V⟩ against the ladder of differences D(h). With
 *   δ = max(64 ulps of |f|, 6σ_f)        a bound on the error of one value of f (σ_f measured),
 *   N(h) = 1.5 δ / h                      the rounding noise of D(h),
 *   E(h) = N(h) + 2 |D(10h) − D(h)|       the error estimate of D(h) (the change to the next
 *                                         step bounds its truncation error, ≈ 10⁻⁴ of the
 *                                         next step's, and shows noise N missed),
 *   N_A = (64 + entries) ulps of Σ|G∘V| + 6σ_A    the rounding of A itself (its terms may
 *                                         cancel; σ_A measured like σ_f, along V),
 *   err = |D − A| / max(|D|, |A|, (E + N_A)/tol),   pass when err ≤ tol:
 * the shortest step h whose E(h) ≤ tol·|D(h)| (resolved: D is known to the tolerance) decides;
 * where none is resolved, the step with the least E decides and the agreement is limited by
 * rounding: A must lie within E + N_A of D (that bound is the trial's floor). Which step decides
 * does not depend on A. An agreement within a floor larger than a quarter of max(|A|, |f|/|X|)
 * shows nothing (A = 2·D would agree too): the trial is unresolved and another point is drawn;
 * a step whose four values of f are the same double (flat: D = 0 whatever the derivative, and
 * f's rounding may come from larger values inside it, as in log(det(I + s sᵀ)) with s ≈ 10⁻⁹)
 * decides nothing; where every step is flat, A = 0 agrees exactly, and another A is judged with
 * D = 0 and the rounding of f at the longest step (its bound, or 64 ulps of |f|) by the same rule. The common case costs two steps (8 values of f): when the first two steps resolve the
 * derivative with the bound from |f| and agree, the trial passes; otherwise the noise of f and
 * of A is measured (9 to 25 values each) and the whole ladder is used.
 */
function floatTrial(at: (t: number) => number, f0: number, A: number, NA0: number, scaleX: number, tol: number, along: (t: number) => number, bounds: () => { f: number; A: number }): Trial | undefined {
  const ladder: Rung[] = [];
  /** the first step that left f's domain (or gave no finite difference) */
  let ended = STEPS;
  const rung = (k: number): Rung | undefined => {
    if (ladder[k]) return ladder[k];
    if (k >= STEPS || ended <= k) return undefined;
    const h = STEP0 * 10 ** k * scaleX;
    try {
      const [p1, m1, p2, m2] = [at(h), at(-h), at(2 * h), at(-2 * h)] as [number, number, number, number];
      const D = (8 * (p1 - m1) - (p2 - m2)) / (12 * h);
      if (!Number.isFinite(D)) {
        ended = k;
        return undefined;
      }
      return (ladder[k] = { h, D, fmax: Math.max(Math.abs(p1), Math.abs(m1), Math.abs(p2), Math.abs(m2), Math.abs(f0)), flat: p1 === m1 && p1 === p2 && p1 === m2 });
    } catch (e) {
      if (e instanceof Undefined) {
        ended = k; // the step leaves f's domain: the ladder ends
        return undefined;
      }
      throw e;
    }
  };
  const errOf = (D: number, bound: number) => {
    const diff = Math.abs(D - A);
    return diff === 0 ? 0 : diff / Math.max(Math.abs(D), Math.abs(A), bound / tol);
  };
  const noiseOf = (r: Rung, delta: number) => (1.5 * Math.max(ROUNDING_ULPS * EPS * r.fmax, delta)) / r.h;
  const estimate = (k: number, delta: number): number | undefined => {
    const r = rung(k);
    const next = rung(k + 1);
    if (!r || !next) return undefined;
    return noiseOf(r, delta) + 2 * Math.abs(next.D - r.D);
  };

  // the common case: a step resolves the derivative with the bound from |f|, and A agrees there
  // (up the ladder only while the steps are unresolved; a resolved disagreement goes on below)
  // (from 10⁻⁵: the shortest step 10⁻⁶ is for the steepest functions, and its rounding noise is the largest)
  for (let k = 1; k < STEPS - 1; k++) {
    const E = estimate(k, 0);
    if (E === undefined) break;
    const D = ladder[k]!.D;
    if (E <= tol * Math.abs(D) && D !== 0) {
      if (errOf(D, E + NA0) <= tol) return { err: errOf(D, E + NA0) };
      break;
    }
  }

  // otherwise measure the noise of f and of A, bound their rounding, and use the whole ladder
  const sigmaF = noiseAlong(at, scaleX, f0) ?? 0;
  const sigmaA = noiseAlong(along, scaleX, A) ?? 0;
  const bound = bounds();
  const deltaF = Math.max(NOISE_SIGMAS * sigmaF, bound.f);
  const NA = NA0 + Math.max(NOISE_SIGMAS * sigmaA, bound.A);
  for (let k = 0; k < STEPS; k++) if (!rung(k)) break;
  // the steps from the shortest up to the first that is undefined
  let top = 0;
  while (top < STEPS && ladder[top]) top++;
  if (top < 2) return undefined; // f is defined at X but not within two steps of it
  let best: { k: number; E: number } | undefined;
  for (let k = 0; k < top - 1; k++) {
    if (ladder[k]!.flat) continue; // its four values are one double: D = 0 whatever the derivative
    const E = estimate(k, deltaF)!;
    const D = ladder[k]!.D;
    if (E <= tol * Math.abs(D)) return { err: errOf(D, E + NA) };
    if (!best || E < best.E) best = { k, E };
  }
  // f flat at every step (D = 0): A = 0 agrees exactly (as f ≡ 0, or a step function, does);
  // else A must be within the rounding of f at the longest step
  if (!best && A === 0) return { err: 0 };
  const D = best ? ladder[best.k]!.D : 0;
  const floor = (best ? best.E : noiseOf(ladder[top - 1]!, deltaF)) + NA;
  const err = errOf(D, floor);
  if (err <= tol && floor > RESOLVING * Math.max(Math.abs(A), Math.abs(f0) / scaleX)) return { unresolved: floor };
  return floor > 0 ? { err, floor } : { err };
}

function floatCheck(f: Term, wrt: string, grad: Term, vars: ReadonlyMap<string, Term>, plan: Plan, rng: Rng, tol: number, why: Unchecked, domain: Domain, budget: Budget): CheckResult | undefined {
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
    const mode: Mode = failed >= 10 ? 'positive' : 'any';
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

/**
 * A symmetric (diagonal) variable's gradient must be symmetric (diagonal) itself: along the
 * directions it is checked on, G and its projection give the same ⟨G, V⟩, so this is checked
 * apart. Returns the failure, if any.
 */
function outsideSpace<S>(G: Mat<S>, s: Structure | undefined, zero: S, same: (a: S, b: S) => boolean): string | undefined {
  if (!s) return undefined;
  const P = projectDirection(G, s, zero);
  return G.data.every((g, k) => same(g, P.data[k]!)) ? undefined : `the gradient is not ${s}, but the variable is declared ${s === 'symmetric' ? 'symmetric (or spd)' : 'diagonal'}`;
}

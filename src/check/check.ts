// The numeric check every result passes before anyone sees it. For the gradient G of f with
// respect to X, along a random direction V:
//   exact (f rational):  evaluate f(X + εV) over dual numbers with rational parts; its ε part is
//                        the exact directional derivative, compared with ⟨G, V⟩ by equality;
//   float (otherwise):   the 4-point central difference (8(f(X+hV) − f(X−hV)) − (f(X+2hV) − f(X−2hV)))/12h
//                        against ⟨G, V⟩ (error O(h⁴): steep functions such as exp(Σx⁷) pass too),
//                        relative to the larger of the two and of the rounding error of the
//                        difference itself (see `floatTrial`), so that a zero gradient, whose
//                        difference is pure rounding noise, passes and a wrong one does not.
// A variable declared symmetric (spd) or diagonal moves only in that space, so V is drawn there
// (src/engine/structure.ts). Points where f is undefined (log of a negative, singular inverse)
// are drawn again. Where no point can be checked at all (f or the gradient undefined everywhere tried) the check cannot judge the
// result and says so with a MatdiffError ('check'), naming the operator that was undefined.
import { Fraction } from '../core/fraction.js';
import type { Term } from '../core/term.js';
import { evaluateTerm } from '../numeric/evaluate.js';
import { dualField, exactField, floatField, NotExact, Undefined, type Dual } from '../numeric/field.js';
import { fill, scalarOf, zip, type Mat } from '../numeric/matrix.js';
import { Rng, sampleSizes, floatValue, exactValue, type Mode } from './sample.js';
import { MatdiffError } from '../errors.js';
import { projectDirection, structureOf, type Structure } from '../engine/structure.js';

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
   * that is zero along V), the largest such noise bound on the directional derivative
   */
  readonly roundingFloor?: number;
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

function frobExact(a: Mat<Fraction>, v: Mat<Fraction>): Fraction {
  return zip(a, v, (x, y) => x.mul(y)).data.reduce((s, x) => s.add(x), new Fraction(0));
}

/**
 * Check `grad` = ∂f/∂(variable named wrt). Throws a MatdiffError ('check') when no point can be
 * checked: f undefined at every point tried (logdet(x*x')), or the gradient undefined wherever f
 * is defined (det(x*y')·inv(x*y')ᵀ·y, which needs x*yᵀ invertible: only at n = 1).
 */
export function checkGradient(f: Term, wrt: string, grad: Term, vars: ReadonlyMap<string, Term>, opts: CheckOptions = {}): CheckResult {
  const trials = opts.trials ?? 3;
  const rng = new Rng(opts.seed ?? 0x5eed);
  const why = new Unchecked();
  const exact = tryExact(f, wrt, grad, vars, rng, trials, why);
  if (exact) return exact;
  const float = floatCheck(f, wrt, grad, vars, rng, opts.trials ?? 4, opts.tolerance ?? 1e-6, why);
  if (float) return float;
  throw why.error(wrt, grad);
}

/** What kept every point from being checked, for the message when none could be. */
class Unchecked {
  fDefined = false;
  overflow = false;
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
  error(wrt: string, grad: Term): MatdiffError {
    const list = (s: Map<string, string>) => [...s.values()].slice(0, 3).join('; ');
    const at = [...this.sizes].map(([d, ns]) => `${d} = ${[...ns].sort((x, y) => x - y).join(', ')}`).join('; ');
    const sizes = at ? ` (${at})` : '';
    if (!this.fDefined) {
      const reason = [list(this.inF), this.overflow ? 'its value overflows doubles' : ''].filter(Boolean).join('; ');
      return new MatdiffError('check', `cannot check ∂f/∂${wrt}: the function has no value in doubles at any point tried${sizes}${reason ? ` — ${reason}` : ''}`, {
        hint: 'the check needs points where the function is finite: declare facts (spd, positive) that keep it defined, or scale it to fit in doubles; some functions have no value anywhere, such as logdet(x*x\') for n ≥ 2',
      });
    }
    const singular = [...this.inG.values()].some((r) => r.includes('singular'));
    return new MatdiffError('check', `cannot check ∂f/∂${wrt} = ${String(grad)}: the function is defined but this formula is undefined at every point tried${sizes}${this.inG.size ? ` — ${list(this.inG)}` : ''}; it is not the gradient there`, {
      ...(singular ? { hint: 'the formula inverts a matrix that is singular wherever it was tried (such as x*y\' for n ≥ 2); it holds only where that matrix is invertible' } : {}),
    });
  }
}

function tryExact(f: Term, wrt: string, grad: Term, vars: ReadonlyMap<string, Term>, rng: Rng, trials: number, why: Unchecked): CheckResult | undefined {
  const sizesSeen: Record<string, number>[] = [];
  const structure = structureOf(vars.get(wrt)!);
  let done = 0;
  for (let draw = 0; done < trials && draw < MAX_DRAWS; draw++) {
    const mode: Mode = draw > MAX_DRAWS / 2 ? 'positive' : 'any';
    const sizes = sampleSizes(vars.values(), rng, 2, 3);
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
      const dirDeriv = scalarOf(evaluateTerm(f, { vars: dualVars, sizes }, dualField)).b;
      why.fDefined = true;
      inGradient = true;
      const G = evaluateTerm(grad, { vars: values, sizes }, exactField);
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
      if (e instanceof NotExact) return undefined;
      if (e instanceof Undefined) {
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
 * How much rounding error one float evaluation of f may carry, in units of the rounding of its
 * largest value |f|·2⁻⁵³: generous, since f goes through many operations. The 4-point stencil's
 * weights add up to 18/12h, so the difference carries up to 1.5·ROUNDING_ULPS·ε·max|f| / h of
 * pure noise; below that, f's values cannot tell a directional derivative from zero.
 */
const ROUNDING_ULPS = 64;
/** the steps tried, relative to the size of X's entries: the first that resolves the derivative decides */
const STEPS = [1e-5, 1e-4, 1e-3];

interface Trial {
  /** |fd − ⟨G, V⟩| / max(|fd|, |⟨G, V⟩|, noise / tol) */
  readonly err: number;
  /** the rounding noise of the difference; set when the trial was decided at that level only */
  readonly floor?: number;
}

/**
 * One float trial: the difference `fd` against `an` = ⟨G, V⟩, relative to the larger of the two
 * and of noise/tol, so the pass condition err ≤ tol reads |fd − an| ≤ max(tol·|fd|, tol·|an|, noise).
 * A step *resolves* the derivative when noise/tol is not the largest of the three; a resolved
 * agreement decides the trial. Otherwise (a disagreement, or an agreement only to within the
 * noise, as a zero gradient gives) the next, longer step is tried: its noise is ten times smaller,
 * and a gradient that is wrong by more than that noise fails there. The last step tried decides;
 * an agreement it reaches only to within the noise is recorded as the trial's floor. So a wrong
 * gradient passes only where its error along V is below ~1e-11·|f|/|X| (the noise at the longest
 * step), the limit of what f's values in doubles can show.
 */
function floatTrial(at: (t: number) => number, an: number, scaleX: number, tol: number): Trial | undefined {
  let last: Trial | undefined;
  for (const step of STEPS) {
    const h = step * scaleX;
    let fs: number[];
    try {
      fs = [at(h), at(-h), at(2 * h), at(-2 * h)];
    } catch (e) {
      if (e instanceof Undefined) break; // the step leaves f's domain: the shorter one stands
      throw e;
    }
    const [p1, m1, p2, m2] = fs as [number, number, number, number];
    const fd = (8 * (p1 - m1) - (p2 - m2)) / (12 * h);
    if (!Number.isFinite(fd)) break;
    const noise = (1.5 * ROUNDING_ULPS * Number.EPSILON * Math.max(...fs.map(Math.abs))) / h;
    const diff = Math.abs(fd - an);
    const err = diff === 0 ? 0 : diff / Math.max(Math.abs(fd), Math.abs(an), noise / tol); // 0/0: f ≡ 0 and G = 0
    const resolved = Math.max(Math.abs(fd), Math.abs(an)) >= noise / tol;
    if (resolved && err <= tol) return { err };
    last = resolved ? { err } : { err, floor: noise };
  }
  return last;
}

function floatCheck(f: Term, wrt: string, grad: Term, vars: ReadonlyMap<string, Term>, rng: Rng, trials: number, tol: number, why: Unchecked): CheckResult | undefined {
  const sizesSeen: Record<string, number>[] = [];
  const structure = structureOf(vars.get(wrt)!);
  let worst = 0;
  let floor = 0;
  let done = 0;
  for (let draw = 0; done < trials && draw < MAX_DRAWS; draw++) {
    const mode: Mode = draw >= 10 ? 'positive' : 'any';
    const sizes = sampleSizes(vars.values(), rng);
    why.tried(sizes);
    const values = new Map<string, Mat<number>>();
    for (const [name, v] of vars) values.set(name, floatValue(v, sizes, rng, mode));
    const X = values.get(wrt)!;
    const V = projectDirection(fill(X.rows, X.cols, () => rng.normal()), structure, 0);
    const scaleX = Math.max(1, ...X.data.map(Math.abs));
    const at = (t: number) => {
      const env = new Map(values);
      env.set(wrt, zip(X, V, (x, v) => x + t * v));
      return scalarOf(evaluateTerm(f, { vars: env, sizes }, floatField));
    };
    let an: number;
    let inGradient = false;
    try {
      // f first: where f is undefined the gradient need not be defined either
      const f0 = at(0);
      if (!Number.isFinite(f0)) {
        why.overflow = true;
        continue;
      }
      why.fDefined = true;
      inGradient = true;
      const G = evaluateTerm(grad, { vars: values, sizes }, floatField);
      const scale = Math.max(0, ...G.data.map(Math.abs));
      const outside = outsideSpace(G, structure, 0, (a, b) => Math.abs(a - b) <= tol * scale);
      if (outside) return { ok: false, method: 'float', maxRelError: Infinity, trials: done + 1, sizes: [...sizesSeen, Object.fromEntries(sizes)], failure: outside };
      an = zip(G, V, (g, v) => g * v).data.reduce((s, x) => s + x, 0);
      if (!Number.isFinite(an)) continue;
    } catch (e) {
      if (e instanceof Undefined) {
        why.note(e, inGradient);
        continue;
      }
      throw e;
    }
    const trial = floatTrial(at, an, scaleX, tol);
    if (!trial) continue; // f is defined at X but not within a step of it
    sizesSeen.push(Object.fromEntries(sizes));
    done++;
    worst = Math.max(worst, trial.err);
    if (trial.floor !== undefined && trial.err <= tol) floor = Math.max(floor, trial.floor);
  }
  if (done === 0) return undefined;
  const ok = worst <= tol;
  return {
    ok, method: 'float', maxRelError: worst, trials: done, sizes: sizesSeen,
    ...(floor > 0 ? { roundingFloor: floor } : {}),
    failure: ok ? undefined : `relative error ${worst.toExponential(2)} exceeds ${tol}`,
  };
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

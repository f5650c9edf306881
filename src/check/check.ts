// The numeric check every result passes before anyone sees it. For the gradient G of f with
// respect to X, along a random direction V:
//   exact (f rational):  evaluate f(X + εV) over dual numbers with rational parts; its ε part is
//                        the exact directional derivative, compared with ⟨G, V⟩ by equality;
//   float (otherwise):   the 4-point central difference (8(f(X+hV) − f(X−hV)) − (f(X+2hV) − f(X−2hV)))/12h
//                        against ⟨G, V⟩ (error O(h⁴): steep functions such as exp(Σx⁷) pass too).
// Points where f is undefined (log of a negative, singular inverse) are drawn again.
import Fraction from 'fraction.js';
import type { Term } from '../core/term.ts';
import { evaluateTerm } from '../numeric/evaluate.ts';
import { dualField, exactField, floatField, NotExact, Undefined, type Dual } from '../numeric/field.ts';
import { fill, scalarOf, zip, type Mat } from '../numeric/matrix.ts';
import { Rng, sampleSizes, floatValue, exactValue, type Mode } from './sample.ts';

export interface CheckResult {
  readonly ok: boolean;
  readonly method: 'exact' | 'float';
  /** largest relative error seen (0 for an exact check that passed) */
  readonly maxRelError: number;
  readonly trials: number;
  /** the sizes tried, one map per trial */
  readonly sizes: readonly Record<string, number>[];
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

/** Check `grad` = ∂f/∂(variable named wrt). */
export function checkGradient(f: Term, wrt: string, grad: Term, vars: ReadonlyMap<string, Term>, opts: CheckOptions = {}): CheckResult {
  const trials = opts.trials ?? 3;
  const rng = new Rng(opts.seed ?? 0x5eed);
  const exact = tryExact(f, wrt, grad, vars, rng, trials);
  if (exact) return exact;
  return floatCheck(f, wrt, grad, vars, rng, opts.trials ?? 4, opts.tolerance ?? 1e-6);
}

function tryExact(f: Term, wrt: string, grad: Term, vars: ReadonlyMap<string, Term>, rng: Rng, trials: number): CheckResult | undefined {
  const sizesSeen: Record<string, number>[] = [];
  let done = 0;
  for (let draw = 0; done < trials && draw < MAX_DRAWS; draw++) {
    const mode: Mode = draw > MAX_DRAWS / 2 ? 'positive' : 'any';
    const sizes = sampleSizes(vars.values(), rng, 2, 3);
    const values = new Map<string, Mat<Fraction>>();
    for (const [name, v] of vars) values.set(name, exactValue(v, sizes, rng, mode));
    const X = values.get(wrt)!;
    const V = fill(X.rows, X.cols, () => new Fraction(rng.int(-3, 3)));
    const dualVars = new Map<string, Mat<Dual>>();
    for (const [name, m] of values) {
      dualVars.set(name, name === wrt ? fill(m.rows, m.cols, (i, j) => ({ a: m.data[i * m.cols + j]!, b: V.data[i * m.cols + j]! })) : fill(m.rows, m.cols, (i, j) => ({ a: m.data[i * m.cols + j]!, b: new Fraction(0) })));
    }
    try {
      const dirDeriv = scalarOf(evaluateTerm(f, { vars: dualVars, sizes }, dualField)).b;
      const G = evaluateTerm(grad, { vars: values, sizes }, exactField);
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
      if (e instanceof Undefined) continue;
      throw e;
    }
  }
  if (done === 0) return undefined;
  return { ok: true, method: 'exact', maxRelError: 0, trials: done, sizes: sizesSeen };
}

function floatCheck(f: Term, wrt: string, grad: Term, vars: ReadonlyMap<string, Term>, rng: Rng, trials: number, tol: number): CheckResult {
  const sizesSeen: Record<string, number>[] = [];
  let worst = 0;
  let done = 0;
  let fDefined = 0; // points where f was defined (the gradient may still not be: det(zzᵀ)·inv(zzᵀ))
  for (let draw = 0; done < trials && draw < MAX_DRAWS; draw++) {
    const mode: Mode = draw >= 10 ? 'positive' : 'any';
    const sizes = sampleSizes(vars.values(), rng);
    const values = new Map<string, Mat<number>>();
    for (const [name, v] of vars) values.set(name, floatValue(v, sizes, rng, mode));
    const X = values.get(wrt)!;
    const V = fill(X.rows, X.cols, () => rng.normal());
    const scaleX = Math.max(1, ...X.data.map(Math.abs));
    const h = 1e-5 * scaleX;
    const at = (t: number) => {
      const env = new Map(values);
      env.set(wrt, zip(X, V, (x, v) => x + t * v));
      return scalarOf(evaluateTerm(f, { vars: env, sizes }, floatField));
    };
    try {
      const fd = (8 * (at(h) - at(-h)) - (at(2 * h) - at(-2 * h))) / (12 * h);
      if (!Number.isFinite(fd)) continue;
      fDefined++;
      const G = evaluateTerm(grad, { vars: values, sizes }, floatField);
      const an = zip(G, V, (g, v) => g * v).data.reduce((s, x) => s + x, 0);
      if (!Number.isFinite(an)) continue;
      const err = Math.abs(fd - an) / Math.max(Math.abs(fd), Math.abs(an), 1e-3);
      sizesSeen.push(Object.fromEntries(sizes));
      done++;
      worst = Math.max(worst, err);
    } catch (e) {
      if (e instanceof Undefined) continue;
      throw e;
    }
  }
  if (done === 0) {
    const failure = fDefined > 0 ? 'the gradient cannot be evaluated (is a singular matrix inverted?) at any point tried where the function is defined' : 'no point was found where the function is defined';
    return { ok: false, method: 'float', maxRelError: NaN, trials: 0, sizes: [], failure };
  }
  const ok = worst <= tol;
  return { ok, method: 'float', maxRelError: worst, trials: done, sizes: sizesSeen, failure: ok ? undefined : `relative error ${worst.toExponential(2)} exceeds ${tol}` };
}

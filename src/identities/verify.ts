// The numeric check of a claim "left = right", shared by the catalogue test and the reports.
// A side is a term evaluated at random values, or the directional derivative of a term along
// given directions. Exact where every operator is rational: values are small rationals and the
// derivative is the ε part of a dual-number evaluation, so equality is exact. Otherwise doubles,
// with the derivative by central differences and a relative tolerance.
import { Fraction } from '../core/fraction.js';
import type { Term } from '../core/term.js';
import { evaluateTerm } from '../numeric/evaluate.js';
import { dualField, exactField, floatField, NotExact, Undefined, type Dual, type Field } from '../numeric/field.js';
import { fill, mat, zip, type Mat } from '../numeric/matrix.js';
import { Rng, sampleSizes, floatValue, exactValue, modeAfter, type Mode } from '../check/sample.js';

export type Side = { readonly term: Term } | { readonly derivativeOf: Term };

export interface Claim {
  /** the variables to draw values for (their shapes and facts decide the values) */
  readonly vars: ReadonlyMap<string, Term>;
  /** variable X → the variable whose value is the direction dX (also the value of a dX leaf) */
  readonly along: ReadonlyMap<string, string>;
  readonly left: Side;
  readonly right: Side;
}

export interface Verdict {
  readonly ok: boolean;
  readonly method: 'exact' | 'float';
  readonly trials: number;
  /** largest relative difference seen (0 when exact) */
  readonly maxRelError: number;
  readonly sizes: readonly Record<string, number>[];
  readonly failure?: string;
}

export interface VerifyOptions {
  trials?: number;
  seed?: number;
  /** relative tolerance of the float comparison (default 1e-6 with a derivative, 1e-9 without) */
  tolerance?: number;
}

const MAX_DRAWS = 80;

const hasDerivative = (c: Claim) => 'derivativeOf' in c.left || 'derivativeOf' in c.right;

export function verify(claim: Claim, opts: VerifyOptions = {}): Verdict {
  const trials = opts.trials ?? 4;
  const rng = new Rng(opts.seed ?? 0x1de7);
  return tryExact(claim, rng, trials) ?? floatCheck(claim, rng, trials, opts.tolerance ?? (hasDerivative(claim) ? 1e-6 : 1e-9));
}

function envOf<S>(claim: Claim, values: Map<string, Mat<S>>, sizes: Map<string, number>) {
  const diffs = new Map<string, Mat<S>>();
  for (const [x, dir] of claim.along) diffs.set(x, values.get(dir)!);
  return { vars: values, diffs, sizes };
}

function exactSide(claim: Claim, side: Side, values: Map<string, Mat<Fraction>>, sizes: Map<string, number>): Mat<Fraction> {
  if ('term' in side) return evaluateTerm(side.term, envOf(claim, values, sizes), exactField);
  // f(X + εV) over dual numbers: the ε part is the exact directional derivative
  const duals = new Map<string, Mat<Dual>>();
  for (const [name, m] of values) {
    const dir = claim.along.has(name) ? values.get(claim.along.get(name)!)! : undefined;
    duals.set(name, fill(m.rows, m.cols, (i, j) => ({ a: m.data[i * m.cols + j]!, b: dir ? dir.data[i * m.cols + j]! : new Fraction(0) })));
  }
  const r = evaluateTerm(side.derivativeOf, { vars: duals, sizes }, dualField);
  return mat(r.rows, r.cols, r.data.map((d) => d.b));
}

function tryExact(claim: Claim, rng: Rng, trials: number): Verdict | undefined {
  const sizesSeen: Record<string, number>[] = [];
  for (let draw = 0; sizesSeen.length < trials && draw < MAX_DRAWS; draw++) {
    const mode: Mode = draw >= MAX_DRAWS / 2 ? 'positive' : 'any';
    const sizes = sampleSizes(claim.vars.values(), rng, 2, 3);
    const values = new Map<string, Mat<Fraction>>();
    for (const [name, v] of claim.vars) values.set(name, exactValue(v, sizes, rng, mode));
    try {
      const l = exactSide(claim, claim.left, values, sizes);
      const r = exactSide(claim, claim.right, values, sizes);
      sizesSeen.push(Object.fromEntries(sizes));
      const k = l.data.findIndex((x, i) => !x.equals(r.data[i]!));
      if (l.rows !== r.rows || l.cols !== r.cols || k >= 0) {
        const shown = k >= 0 ? `entry ${k}: ${l.data[k]!.toFraction()} on the left, ${r.data[k]!.toFraction()} on the right` : `sizes ${l.rows}×${l.cols} and ${r.rows}×${r.cols}`;
        return { ok: false, method: 'exact', trials: sizesSeen.length, maxRelError: Infinity, sizes: sizesSeen, failure: `exact check failed at ${JSON.stringify(Object.fromEntries(sizes))}, ${shown}` };
      }
    } catch (e) {
      if (e instanceof NotExact) return undefined;
      if (e instanceof Undefined) continue;
      throw e;
    }
  }
  if (sizesSeen.length === 0) return undefined;
  return { ok: true, method: 'exact', trials: sizesSeen.length, maxRelError: 0, sizes: sizesSeen };
}

function floatSide(claim: Claim, side: Side, values: Map<string, Mat<number>>, sizes: Map<string, number>): Mat<number> {
  const F: Field<number> = floatField;
  if ('term' in side) return evaluateTerm(side.term, envOf(claim, values, sizes), F);
  // central difference (f(X + hV) − f(X − hV)) / 2h, all varying variables moved together
  const scale = Math.max(1, ...[...claim.along.keys()].flatMap((x) => values.get(x)!.data.map(Math.abs)));
  const h = 1e-5 * scale;
  const at = (t: number) => {
    const env = new Map(values);
    for (const [x, dir] of claim.along) env.set(x, zip(values.get(x)!, values.get(dir)!, (a, v) => a + t * v));
    return evaluateTerm(side.derivativeOf, { vars: env, sizes }, F);
  };
  return zip(at(h), at(-h), (p, m) => (p - m) / (2 * h));
}

function floatCheck(claim: Claim, rng: Rng, trials: number, tol: number): Verdict {
  const sizesSeen: Record<string, number>[] = [];
  let worst = 0;
  // normal values for 10 draws, then positive ones; where those fail too, small and positive in turn
  let failedLate = 0;
  for (let draw = 0; sizesSeen.length < trials && draw < MAX_DRAWS; draw++) {
    const mode: Mode = draw < 10 ? 'any' : modeAfter(10 + failedLate);
    const failed = () => {
      if (draw >= 10) failedLate++;
    };
    const sizes = sampleSizes(claim.vars.values(), rng, 2, 4);
    const values = new Map<string, Mat<number>>();
    for (const [name, v] of claim.vars) values.set(name, floatValue(v, sizes, rng, mode));
    try {
      const l = floatSide(claim, claim.left, values, sizes);
      const r = floatSide(claim, claim.right, values, sizes);
      if (l.rows !== r.rows || l.cols !== r.cols) throw new Error(`matdiff internal: the sides are ${l.rows}×${l.cols} and ${r.rows}×${r.cols}`);
      if (![...l.data, ...r.data].every(Number.isFinite)) {
        failed();
        continue;
      }
      const mag = Math.max(1e-3, ...l.data.map(Math.abs), ...r.data.map(Math.abs));
      const err = Math.max(0, ...l.data.map((x, i) => Math.abs(x - r.data[i]!))) / mag;
      sizesSeen.push(Object.fromEntries(sizes));
      worst = Math.max(worst, err);
    } catch (e) {
      if (e instanceof Undefined) {
        failed();
        continue;
      }
      throw e;
    }
  }
  if (sizesSeen.length === 0) return { ok: false, method: 'float', trials: 0, maxRelError: NaN, sizes: [], failure: 'no point was found where both sides are defined' };
  const ok = worst <= tol;
  return { ok, method: 'float', trials: sizesSeen.length, maxRelError: worst, sizes: sizesSeen, failure: ok ? undefined : `relative difference ${worst.toExponential(2)} exceeds ${tol}` };
}

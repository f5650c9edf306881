// How big the numeric check may make things, decided before anything is evaluated. Every
// dimension symbol of f, of the gradient and of the variables gets a range of sizes; the cost of
// the check at the top of those ranges (src/check/cost.ts) must fit fixed limits, else the ranges
// shrink, then the number of points, and where even the smallest check does not fit (a dimension
// declared as a number is fixed: `x: 10000000` cannot shrink) the check refuses with a
// MatdiffError of kind 'limit' that says which limit, at what size, and how to proceed.
//
// The limits (float check):
//   one value            at most MAX_ENTRIES (2²² ≈ 4.2 million) entries;
//   all values at once   at most MAX_LIVE (2²³ ≈ 8.4 million) entries in one evaluation;
//   work                 at most FLOAT_BUDGET units (≈ one double operation each, a few ns;
//                        cost.ts) for the whole check: points drawn, the domain probe and the
//                        trials. The plan takes the most trials (≤ 4) and probe points (≤ 32)
//                        whose worst case fits (the whole ladder of steps, both noise estimates
//                        and rounding bounds: 54 evaluations of f and 30 of the gradient); where
//                        not even one does, one trial whose cheapest case (10 evaluations) fits,
//                        and the check is metered as it runs: it stops where the work runs out
//                        (with the trials it finished, or a 'limit' error if none).
// Symbolic dimensions are drawn in 2..4 (float) and 2..3 (exact); where that is too costly the
// top of a range comes down one dimension at a time (the one that saves the most), to 2, then
// to 1 if need be. A gradient formula made only of operators that are defined wherever their
// arguments are (`partial` is false) is not probed; else at least 4 probe points.
// The exact check runs only where it can finish in about a second: every operator rational,
// no matrix larger than MAX_EXACT_SQUARE (8×8) inverted, raised to a power or under a
// determinant, and the estimated work of its trials within EXACT_BUDGET field operations; the
// metered field (fields.ts) stops it at EXACT_CAP weighted operations (rationals that grow
// count more), and the check goes on in doubles.
import type { Term } from '../core/term.js';
import { dimSize, dimSymbols } from '../core/shape.js';
import { opRecord } from '../ops/index.js';
import { MatdiffError } from '../errors.js';
import { drawCost, evalCost, type Cost } from './cost.js';

export const MAX_ENTRIES = 2 ** 22;
export const MAX_LIVE = 2 ** 23;
export const FLOAT_BUDGET = 3e8;
export const EXACT_BUDGET = 2e5;
export const EXACT_CAP = 6e5;
export const MAX_EXACT_SQUARE = 8;
/** the most entries an evaluation with error bounds may hold at once (≈ 50 bytes each) */
export const MAX_BOUNDED = 2 ** 20;

/**
 * evaluations of f and of the gradient in one float trial, at worst: f at the point, 6 steps × 4,
 * 3 × 8 for the noise of f, and one with error bounds (≈ 5 plain ones); the gradient, 3 × 8 for
 * its noise and one with error bounds
 */
export const F_PER_TRIAL = 54;
export const G_PER_TRIAL = 30;
export const MAX_TRIALS = 4;
export const MAX_PROBES = 32;
export const MIN_PROBES = 4;

export type Ranges = ReadonlyMap<string, readonly [number, number]>;

export interface Plan {
  /** the sizes the float check draws each symbolic dimension from */
  readonly float: Ranges;
  /** the same for the exact check; undefined where it does not run */
  readonly exact?: Ranges;
  /** why the exact check does not run (when f is rational) */
  readonly noExact?: string;
  readonly trials: number;
  readonly probes: number;
  /** units of one evaluation of f (with the step X + tV), of the gradient, and of one point drawn, at the top of the float ranges */
  readonly fUnits: number;
  readonly gUnits: number;
  readonly drawUnits: number;
  /** small enough for evaluations with error bounds (an object per entry): at most MAX_BOUNDED entries at once */
  readonly boundable: boolean;
}

/** Every dimension symbol in the terms: in each subterm's shape (I(k), ones(k), unvec(v, n) included). */
export function dimensionsOf(terms: Iterable<Term>): Set<string> {
  const dims = new Set<string>();
  const seen = new Set<Term>();
  const visit = (t: Term): void => {
    if (seen.has(t)) return;
    seen.add(t);
    for (const d of [t.shape.rows, t.shape.cols, t.data.shape?.rows ?? '1', t.data.shape?.cols ?? '1']) for (const s of dimSymbols(d)) dims.add(s);
    for (const a of t.args) visit(a);
  };
  for (const t of terms) visit(t);
  return dims;
}

/** Are all operators of the terms rational (so the exact check can evaluate them)? */
function rational(terms: Term[]): boolean {
  const seen = new Set<Term>();
  const ok = (t: Term): boolean => {
    if (seen.has(t)) return true;
    seen.add(t);
    return opRecord(t.op).rational && t.args.every(ok);
  };
  return terms.every(ok);
}

/**
 * Operators that have a value wherever their arguments do (in exact arithmetic; doubles may still
 * overflow) say so in their record (`total`): a formula made only of these cannot be undefined
 * where f is defined, so it needs no domain probe. Everything else (inv, logdet, log, sqrt, a
 * negative or fractional power, any operator that does not say) may be.
 */
const isTotal = (op: string): boolean => opRecord(op).total === true;

/** May the term be undefined where its variables have values? */
export function partial(t: Term): boolean {
  const seen = new Set<Term>();
  const go = (u: Term): boolean => {
    if (seen.has(u)) return false;
    seen.add(u);
    if (u.op === 'pow' || u.op === 'epow') {
      const p = u.args[1]!;
      const natural = p.op === 'num' && p.value!.compare(0) >= 0 && p.value!.equals(p.value!.floor());
      if (!natural) return true;
    } else if (!isTotal(u.op)) return true;
    return u.args.some(go);
  };
  return go(t);
}

const top = (r: Ranges) => new Map([...r].map(([d, [, hi]]) => [d, hi]));

interface Costs {
  f: Cost;
  g: Cost;
  draw: number;
  /** f with the step X + tV made */
  fUnits: number;
}

function costsAt(f: Term, g: Term, vars: ReadonlyMap<string, Term>, wrt: string, sizes: ReadonlyMap<string, number>): Costs {
  const fc = evalCost(f, sizes);
  const gc = evalCost(g, sizes);
  const X = vars.get(wrt)!;
  const step = evalCost(X, sizes).entries * 6;
  return { f: fc, g: gc, draw: drawCost([...vars.values(), X], sizes), fUnits: fc.units + step };
}

/** a float trial at its worst (the whole ladder, both noise estimates, both bounds), and at its cheapest (two steps that agree) */
const trialUnits = (c: Costs) => c.draw + F_PER_TRIAL * c.fUnits + G_PER_TRIAL * c.g.units;
const cheapTrialUnits = (c: Costs) => c.draw + 9 * c.fUnits + c.g.units;
const probeUnits = (c: Costs) => c.draw + c.fUnits + c.g.units;

/**
 * The most trials and probe points (none where `probing` is false) whose worst case fits the
 * budget; failing that, one trial and MIN_PROBES probe points if one trial at its cheapest fits
 * (the check then stops where the budget runs out, see `Budget` in check.ts); else undefined.
 */
function counts(c: Costs, maxTrials: number, probing: boolean): { trials: number; probes: number } | undefined {
  if (Math.max(c.f.entries, c.g.entries) > MAX_ENTRIES || Math.max(c.f.live, c.g.live) > MAX_LIVE) return undefined;
  const probesFor = (units: number) => (probing ? Math.min(MAX_PROBES, Math.floor(units / probeUnits(c))) : 0);
  for (let t = maxTrials; t >= 1; t--) {
    const left = FLOAT_BUDGET - t * trialUnits(c);
    if (left < 0) continue;
    const p = probesFor(left);
    if (!probing || p >= 8) return { trials: t, probes: p };
  }
  const left = FLOAT_BUDGET - cheapTrialUnits(c);
  if (left < 0) return undefined;
  const p = probesFor(left);
  if (!probing || p >= MIN_PROBES) return { trials: 1, probes: p };
  return undefined;
}

const fitsAll = (c: Costs, maxTrials: number, probing: boolean) => {
  const k = counts(c, maxTrials, probing);
  return k !== undefined && k.trials === maxTrials && k.probes === (probing ? MAX_PROBES : 0) && maxTrials * trialUnits(c) + k.probes * probeUnits(c) <= FLOAT_BUDGET;
};

/**
 * Lower the tops of the ranges, one dimension at a time (the one whose decrement saves the most
 * units), down to `floor`, until `fits` holds at the tops. Returns whether it does.
 */
function shrink(ranges: Map<string, [number, number]>, floor: number, at: (sizes: ReadonlyMap<string, number>) => Costs, fits: (c: Costs) => boolean): boolean {
  for (;;) {
    const sizes = top(ranges);
    if (fits(at(sizes))) return true;
    let best: string | undefined;
    let bestUnits = Infinity;
    for (const [d, [, hi]] of ranges) {
      if (hi <= floor) continue;
      const trial = new Map(sizes).set(d, hi - 1);
      const c = at(trial);
      const u = Math.max(c.f.entries, c.g.entries) > MAX_ENTRIES ? Infinity : trialUnits(c) + c.f.live + c.g.live;
      if (best === undefined || u < bestUnits) {
        best = d;
        bestUnits = u;
      }
    }
    if (best === undefined) return false;
    const [lo, hi] = ranges.get(best)!;
    ranges.set(best, [Math.min(lo, hi - 1), hi - 1]);
  }
}

/** how to proceed when the check cannot run at the sizes given */
export const HOW = 'declare the dimensions symbolically (x: n, A: n x n) so the check can run at small sizes, or pass --no-check (check: false in code)';

function short(t: Term | undefined): string {
  if (!t) return 'a value';
  const s = String(t);
  return `\`${s.length > 60 ? `${s.slice(0, 57)}...` : s}\``;
}

function refuse(c: Costs, wrt: string, sizes: ReadonlyMap<string, number>, probing: boolean): MatdiffError {
  const big = c.f.entries >= c.g.entries ? c.f : c.g;
  const live = c.f.live >= c.g.live ? c.f : c.g;
  const at = sizes.size ? ` (with ${[...sizes].map(([d, n]) => `${d} = ${n}`).join(', ')})` : '';
  let what: string;
  if (big.entries > MAX_ENTRIES) {
    const t = big.largest!;
    what = `${short(t)} is ${dimSize(t.shape.rows, sizes)}×${dimSize(t.shape.cols, sizes)} = ${big.entries} entries${at}, above the limit of ${MAX_ENTRIES} entries in one value`;
  } else if (live.live > MAX_LIVE) {
    what = `one evaluation holds ${live.live} entries at once${at}, above the limit of ${MAX_LIVE}`;
  } else {
    const heavy = c.f.heaviestUnits >= c.g.heaviestUnits ? c.f : c.g;
    const least = cheapTrialUnits(c) + (probing ? MIN_PROBES * probeUnits(c) : 0);
    what = `even its smallest run (one trial of 10 evaluations${probing ? `, ${MIN_PROBES} probe points` : ''}) would take about ${least.toExponential(1)} operations${at}, most of them in ${short(heavy.heaviest)} (${heavy.heaviestUnits.toExponential(1)} per evaluation), above the limit of ${FLOAT_BUDGET.toExponential(0)}`;
  }
  return new MatdiffError('limit', `the numeric check of ∂f/∂${wrt} cannot run at these sizes: ${what}`, { hint: HOW });
}

/** The plan of the check of `g` = ∂f/∂wrt: sizes, counts, and whether it can be exact. Throws MatdiffError('limit') where nothing fits. */
export function planCheck(f: Term, g: Term, vars: ReadonlyMap<string, Term>, wrt: string, opts: { trials?: number } = {}): Plan {
  const dims = dimensionsOf([f, g, ...vars.values()]);
  const at = (s: ReadonlyMap<string, number>) => costsAt(f, g, vars, wrt, s);
  const maxTrials = Math.max(1, opts.trials ?? MAX_TRIALS);
  const float = new Map<string, [number, number]>([...dims].map((d) => [d, [2, 4]]));
  // a formula that cannot be undefined where f is defined needs no domain probe
  const probing = partial(g);
  // first what fits the full check at sizes ≥ 2; else the fewest points; else sizes down to 1
  const fits = (c: Costs) => counts(c, maxTrials, probing) !== undefined;
  if (!shrink(float, 2, at, (c) => fitsAll(c, maxTrials, probing)) && !shrink(float, 2, at, fits)) {
    if (!shrink(float, 1, at, fits)) throw refuse(at(top(float)), wrt, top(float), probing);
  }
  const c = at(top(float));
  const k = counts(c, maxTrials, probing)!;

  // the exact check: sizes up to 3 (within the float ranges), else up to 2
  let exact: Map<string, [number, number]> | undefined;
  let noExact: string | undefined;
  if (rational([f, g])) {
    for (const cap of [3, 2]) {
      const r = new Map<string, [number, number]>([...float].map(([d, [lo, hi]]) => [d, [Math.min(lo, cap), Math.min(hi, cap)]]));
      const e = at(top(r));
      const square = Math.max(e.f.square, e.g.square);
      // three trials of f over dual numbers (≈ 4 rational operations each) and the gradient
      const units = 3 * (4 * e.f.units + e.g.units + e.draw);
      if (square > MAX_EXACT_SQUARE) noExact = `a ${square}×${square} matrix is inverted or under a determinant (exact only up to ${MAX_EXACT_SQUARE}×${MAX_EXACT_SQUARE})`;
      else if (units > EXACT_BUDGET) noExact = `about ${units.toExponential(1)} rational operations (exact only up to ${EXACT_BUDGET.toExponential(0)})`;
      else {
        exact = r;
        noExact = undefined;
        break;
      }
    }
  }
  const boundable = Math.max(c.f.live, c.g.live) <= MAX_BOUNDED;
  return { float, ...(exact ? { exact } : {}), ...(noExact ? { noExact } : {}), trials: k.trials, probes: k.probes, fUnits: c.fUnits, gUnits: c.g.units, drawUnits: c.draw, boundable };
}

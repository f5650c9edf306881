// Points on both sides of the kinks of piecewise functions. relu, abs, sign, step and norm1 (the
// operations whose record says `piecewise`) change formula where an entry of their argument u
// crosses 0; two terms built from them can agree on most of the space and differ only on a thin
// slab between two kinks (sign(a) and sign(a + 1/2) differ only for −1/2 < a < 0), which random
// points, and every integer point, miss. So for each such argument u, along a few random lines
// p + s·v through the space of the variables (and differentials):
//   1. u is evaluated at s on a grid (0, ±1/8, ±1/4, …, ±128) and each entry's sign changes are
//      bracketed;
//   2. the crossing is found: one secant step (exact for an affine entry, as x − 1/2 or Wx + b),
//      else bisection until the bracket is far narrower than the offsets below;
//   3. the points at s* ± 1/16 and s* ± 2⁻¹⁴ are returned: both sides of the kink, near enough
//      that a slab between two kinks is hit.
// Exact arithmetic (rationals) where the terms are rational, doubles otherwise. Lines keep the
// facts: symmetric and diagonal variables move along symmetric (diagonal) directions, positive
// ones only as far as they stay positive, spd, one-hot and prob ones not at all.
import { Fraction } from '../core/fraction.js';
import type { Term } from '../core/term.js';
import { SUM_FACTS, sumFactOf } from '../core/facts.js';
import { opRecord } from '../ops/index.js';
import { Undefined } from '../numeric/field.js';
import type { Mat } from '../numeric/matrix.js';
import { dimsOf, exactOf, exactPoint, floatOf, floatPoint, type Assume, type Leaves, type Point } from './points.js';
import { Rng } from '../check/sample.js';
import { toText } from '../print/print.js';

/** a piecewise operation of a term, and the argument whose sign picks the piece */
export interface Kink {
  readonly node: Term;
  readonly arg: Term;
}

const VARIES = new WeakMap<Term, boolean>();
/** the term depends on a variable or differential */
function varies(t: Term): boolean {
  let v = VARIES.get(t);
  if (v === undefined) VARIES.set(t, (v = t.op === 'var' || t.op === 'dvar' || t.args.some(varies)));
  return v;
}

/** every piecewise operation (relu, abs, sign, step, norm1) in the terms, once each */
export function kinksOf(...ts: readonly Term[]): Kink[] {
  const out: Kink[] = [];
  const args = new Set<Term>();
  const seen = new Set<Term>();
  const walk = (t: Term) => {
    if (seen.has(t)) return;
    seen.add(t);
    t.args.forEach(walk);
    // an argument without variables (step(1/2)) has no kink to find
    if (opRecord(t.op).piecewise === true && t.args[0] && !args.has(t.args[0]) && varies(t.args[0])) {
      args.add(t.args[0]);
      out.push({ node: t, arg: t.args[0] });
    }
  };
  ts.forEach(walk);
  return out;
}

/** the arithmetic a search runs in: exact rationals or doubles */
export interface Arith<S> {
  readonly exact: boolean;
  num(n: number, d?: number): S;
  add(a: S, b: S): S;
  sub(a: S, b: S): S;
  mul(a: S, b: S): S;
  div(a: S, b: S): S;
  sign(a: S): number;
  /** hi − lo as a number (a bracket's width) */
  width(lo: S, hi: S): number;
  evaluate(t: Term, p: Point<S>): Mat<S>;
  base(l: Leaves, sizes: Map<string, number>, rng: Rng, assume?: Assume): Point<S>;
  direction(v: Term, sizes: Map<string, number>, rng: Rng, symmetric: boolean): Mat<S>;
}

export const exactArith = (evaluate: (t: Term, p: Point<Fraction>) => Mat<Fraction>): Arith<Fraction> => ({
  exact: true,
  num: (n, d = 1) => new Fraction(n, d),
  add: (a, b) => a.add(b),
  sub: (a, b) => a.sub(b),
  mul: (a, b) => a.mul(b),
  div: (a, b) => a.div(b),
  sign: (a) => a.compare(0),
  width: (lo, hi) => hi.sub(lo).valueOf(),
  evaluate,
  // small values with small denominators: the kinks of offsets like 1/2 or 30 are within reach
  base: (l, sizes, rng, assume) => exactPoint(l, sizes, rng, 4, assume, 4),
  direction: (v, sizes, rng, symmetric) => exactOf(v, sizes, rng, 2, true, symmetric ? 'symmetric' : undefined, 2),
});

export const floatArith = (evaluate: (t: Term, p: Point<number>) => Mat<number>): Arith<number> => ({
  exact: false,
  num: (n, d = 1) => n / d,
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  sign: (a) => Math.sign(a),
  width: (lo, hi) => hi - lo,
  evaluate,
  base: (l, sizes, rng, assume) => floatPoint(l, sizes, rng, assume),
  direction: (v, sizes, rng, symmetric) => floatOf(v, sizes, rng, true, symmetric ? 'symmetric' : undefined),
});

/** the grid of line parameters s, ascending */
const GRID: readonly [number, number][] = (() => {
  const pos: [number, number][] = [];
  for (let k = -3; k <= 7; k++) pos.push(k < 0 ? [1, 2 ** -k] : [2 ** k, 1]);
  return [...pos.map(([n, d]) => [-n, d] as [number, number]).reverse(), [0, 1], ...pos];
})();
/** the offsets from a crossing at which points are drawn */
const OFFSETS: readonly [number, number][] = [
  [1, 16],
  [1, 2 ** 14],
];
const LINES = 3;
const CROSSINGS_PER_LINE = 2;

export interface KinkOptions {
  assume?: Assume;
  /** the seed of the lines (each argument's lines are drawn from it and the argument alone) */
  seed?: number;
}

/** the points found for an argument, by the setting they were found in (every comparison of a diagnosis asks again) */
const CACHE = new WeakMap<Term, Map<string, Point<unknown>[]>>();

/**
 * Points beside the kinks of every piecewise argument in `kinks`, for terms over `leaves`
 * (`terms` fixes which dimensions need sizes). Undefined evaluations are skipped. The points of
 * one argument depend only on it, the setting and the seed, and are remembered.
 */
export function kinkPoints<S>(kinks: readonly Kink[], terms: readonly Term[], leaves: Leaves, A: Arith<S>, opts: KinkOptions = {}): Point<S>[] {
  const dims = dimsOf(leaves, terms);
  const setting = JSON.stringify([
    A.exact,
    opts.seed ?? 0,
    dims,
    [...leaves.vars].map(([n, v]) => [n, v.shape, [...(v.data.facts ?? [])]]),
    [...leaves.diffs.keys()],
    [...(opts.assume ?? [])],
  ]);
  return kinks.flatMap(({ arg }) => {
    let byArg = CACHE.get(arg);
    if (!byArg) CACHE.set(arg, (byArg = new Map()));
    let pts = byArg.get(setting) as Point<S>[] | undefined;
    if (!pts) {
      const rng = new Rng(hash(`${setting}|${toText(arg)}`));
      pts = crossings(arg, dims, leaves, rng, A, opts.assume);
      byArg.set(setting, pts);
    }
    return pts;
  });
}

/** a 32-bit FNV-1a hash, for a seed */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function crossings<S>(arg: Term, dims: readonly string[], leaves: Leaves, rng: Rng, A: Arith<S>, assume?: Assume): Point<S>[] {
  const out: Point<S>[] = [];
  const sym = (n: string) => assume?.get(n) === 'symmetric';
  for (let line = 0; line < LINES; line++) {
    const sizes = new Map(dims.map((d) => [d, rng.int(2, 3)]));
    const base = A.base(leaves, sizes, rng, assume);
    const dirVars = new Map<string, Mat<S> | undefined>();
    // a variable whose values a fact pins (one-hot, prob: sums of 1; spd) stays where it was drawn
    const pinned = (n: string, v: Term) => sumFactOf(v) !== undefined || v.hasFact('spd') || SUM_FACTS.some((f) => assume?.get(n) === f);
    for (const [n, v] of leaves.vars) dirVars.set(n, pinned(n, v) ? undefined : A.direction(v, sizes, rng, sym(n)));
    const dirDiffs = new Map<string, Mat<S>>();
    for (const [n, d] of leaves.diffs) dirDiffs.set(n, A.direction(leaves.vars.get(n) ?? d, sizes, rng, sym(n)));
    const move = (m: Mat<S>, d: Mat<S> | undefined, s: S): Mat<S> => (d ? { rows: m.rows, cols: m.cols, data: m.data.map((x, k) => A.add(x, A.mul(s, d.data[k]!))) } : m);
    /** the point at s, or undefined where a positive variable would not be */
    const at = (s: S): Point<S> | undefined => {
      const vars = new Map<string, Mat<S>>();
      for (const [n, m] of base.vars) {
        const moved = move(m, dirVars.get(n), s);
        if ((leaves.vars.get(n)?.hasFact('positive') || assume?.get(n) === 'positive') && moved.data.some((x) => A.sign(x) <= 0)) return undefined;
        vars.set(n, moved);
      }
      const diffs = new Map<string, Mat<S>>();
      for (const [n, m] of base.diffs) diffs.set(n, move(m, dirDiffs.get(n), s));
      return { sizes, vars, diffs };
    };
    const u = (s: S): Mat<S> | undefined => {
      const p = at(s);
      if (!p) return undefined;
      try {
        return A.evaluate(arg, p);
      } catch (e) {
        if (e instanceof Undefined) return undefined;
        throw e;
      }
    };
    // 1. the grid, and each entry's sign changes between neighbouring valid values
    const grid: { s: S; m: Mat<S> }[] = [];
    for (const [n, d] of GRID) {
      const s = A.num(n, d);
      const m = u(s);
      if (m) grid.push({ s, m });
    }
    const brackets: { k: number; lo: S; hi: S; gLo: S; gHi: S; root?: S }[] = [];
    for (let i = 0; i + 1 < grid.length; i++) {
      const [x, y] = [grid[i]!, grid[i + 1]!];
      x.m.data.forEach((g, k) => {
        const [a, c] = [A.sign(g), A.sign(y.m.data[k]!)];
        if (a === 0) brackets.push({ k, lo: x.s, hi: x.s, gLo: g, gHi: g, root: x.s });
        else if (a * c < 0) brackets.push({ k, lo: x.s, hi: y.s, gLo: g, gHi: y.m.data[k]! });
      });
    }
    // a few crossings, of different entries where there are several
    const chosen: typeof brackets = [];
    const byEntry = new Map<number, typeof brackets>();
    for (const br of brackets) byEntry.set(br.k, [...(byEntry.get(br.k) ?? []), br]);
    const entries = [...byEntry.keys()];
    while (chosen.length < CROSSINGS_PER_LINE && entries.length) {
      const k = entries.splice(rng.int(0, entries.length - 1), 1)[0]!;
      const list = byEntry.get(k)!;
      chosen.push(list[rng.int(0, list.length - 1)]!);
    }
    const [sn, sd] = OFFSETS[OFFSETS.length - 1]!;
    const target = sn / sd / 8;
    for (const br of chosen) {
      // 2. the crossing: a secant step (exact for an affine entry), then bisection
      let { lo, hi, gLo } = br;
      let root = br.root;
      const g = (s: S): S | undefined => u(s)?.data[br.k];
      if (root === undefined) {
        const sc = A.sub(lo, A.div(A.mul(gLo, A.sub(hi, lo)), A.sub(br.gHi, gLo)));
        const gc = g(sc);
        if (gc !== undefined && A.sign(gc) === 0) root = sc;
        else if (gc !== undefined) {
          if (A.sign(gc) === A.sign(gLo)) [lo, gLo] = [sc, gc];
          else hi = sc;
        }
      }
      for (let step = 0; root === undefined && step < 60 && A.width(lo, hi) > target; step++) {
        const mid = A.div(A.add(lo, hi), A.num(2));
        const gm = g(mid);
        if (gm === undefined) break;
        if (A.sign(gm) === 0) root = mid;
        else if (A.sign(gm) === A.sign(gLo)) [lo, gLo] = [mid, gm];
        else hi = mid;
      }
      // 3. both sides, near and nearer
      for (const [n, d] of OFFSETS) {
        const off = A.num(n, d);
        for (const s of [A.sub(root ?? lo, off), A.add(root ?? hi, off)]) {
          const p = at(s);
          if (p) out.push(p);
        }
      }
    }
  }
  return out;
}

/**
 * Which pieces the compared points reached: for each kink, whether its argument was seen < 0 and
 * > 0. A point where some argument has an entry exactly 0 sits on a kink, where the gradient of a
 * piecewise function is not defined (sign(0) = 0 is a convention, not a derivative): it is not
 * compared at all (as the exact check of derive() draws such a point again).
 */
export class Coverage {
  private readonly seen = new Map<Term, number>();
  constructor(readonly kinks: readonly Kink[]) {}
  /**
   * The signs of every argument at `p`, to `record` once the point is compared; undefined when
   * `p` is on a kink.
   */
  signs<S>(p: Point<S>, evaluate: (t: Term, p: Point<S>) => Mat<S>, sign: (x: S) => number): Map<Term, number> | undefined {
    const bits = new Map<Term, number>();
    for (const { arg } of this.kinks) {
      try {
        let b = 0;
        for (const x of evaluate(arg, p).data) {
          const s = sign(x);
          if (s === 0) return undefined;
          b |= s < 0 ? 1 : 2;
        }
        bits.set(arg, b);
      } catch (e) {
        if (!(e instanceof Undefined)) throw e;
      }
    }
    return bits;
  }
  record(bits: ReadonlyMap<Term, number>): void {
    for (const [arg, b] of bits) this.seen.set(arg, (this.seen.get(arg) ?? 0) | b);
  }
  /** the kinks whose argument kept one sign (or was never evaluated) */
  missing(): Kink[] {
    return this.kinks.filter((k) => this.seen.get(k.arg) !== 3);
  }
}

/**
 * The sign every entry of `t` has wherever the declared facts hold: 1 (all > 0), -1 (all < 0), or
 * 0 (not fixed, or not known). A kink whose argument has a fixed sign is never crossed inside
 * the function's domain (abs(x) for a positive x is x there), so its other piece need not be
 * looked at before two terms are called equal.
 */
export function signFixedByFacts(t: Term): 1 | -1 | 0 {
  if (t.op === 'var') return t.hasFact('positive') ? 1 : 0;
  if (t.op === 'num') return t.value!.compare(0) > 0 ? 1 : t.value!.compare(0) < 0 ? -1 : 0;
  if (opRecord(t.op).positive) return 1;
  const signs = t.args.map(signFixedByFacts);
  if (signs.some((s) => s === 0)) return 0;
  switch (t.op) {
    case 'T':
    case 'bcast':
    case 'sum':
    case 'tr':
      return signs[0]!;
    case 'sqrt':
      return signs[0] === 1 ? 1 : 0;
    case 'pow':
    case 'epow':
      return signs[0] === 1 ? 1 : 0;
    case 'add':
      return signs.every((s) => s === signs[0]) ? signs[0]! : 0;
    case 'had':
    case 'smul':
    case 'mul':
      // a product of entries of fixed signs (in a matrix product, a sum of such products, all of one sign)
      return signs.reduce((p, s) => (p * s) as 1 | -1, 1 as 1 | -1);
    default:
      return 0;
  }
}

// How high a power a term can reach once the canonical form multiplies it out, bounded from the
// term alone, so the limits on powers (src/parse/size-limits.ts) refuse a^600*a^600 or
// (X^4)^5 before canon builds a^1200 or X^20. A pure analysis of terms, memoized on them.
import type { Term } from '../core/term.js';
import { isScalarShape } from '../core/shape.js';

/**
 * How high a power of any one quantity a term can reach once canon multiplies it out, for each
 * quantity (a variable, or a function application such as sin(…), which canon never multiplies
 * into): `entries` for scalar and elementwise powers (x.^1000 .* x.^1000 is x.^2000; (a^10)^10 is
 * a^100), `matrix` for matrix products and powers (X^10*X^10 is X^20, (X^4)^4 is X^16). An upper
 * bound: products add the powers of each quantity, a constant power multiplies them, a sum keeps
 * the larger of each (its terms may cancel, leaving one), and so do the linear operators canon pulls
 * factors out of (sum, tr, vec, transposes…). `top`: the most any subterm reaches. Memoized on the
 * interned terms; past MAP_CAP quantities a map keeps only its total (`*`), a coarser bound.
 */
type Powers = ReadonlyMap<Term | '*', number>;
const NONE: Powers = new Map();
const MAP_CAP = 64;
const PASS_THROUGH = new Set(['mul', 'had', 'smul', 'frob', 'kron', 'T', 'bcast', 'inv', 'vec', 'unvec', 'sum', 'tr', 'diag', 'Diag', 'blocksum', 'blockfrob']);

const total = (p: Powers): number => [...p.values()].reduce((s, v) => s + v, 0);
const highest = (p: Powers): number => [...p.values()].reduce((s, v) => Math.max(s, v), 0);
const coarse = (n: number): Powers => (n > 0 ? new Map([['*', n]]) : NONE);

/** the powers of a product: each quantity's powers added */
function plus(ps: readonly Powers[]): Powers {
  const live = ps.filter((p) => p.size > 0);
  if (live.length <= 1) return live[0] ?? NONE;
  if (live.some((p) => p.has('*'))) return coarse(live.reduce((s, p) => s + total(p), 0));
  const out = new Map<Term | '*', number>();
  for (const p of live) for (const [k, v] of p) out.set(k, (out.get(k) ?? 0) + v);
  return out.size > MAP_CAP ? coarse(total(out)) : out;
}

/** the powers of a sum: the larger of each quantity's */
function larger(ps: readonly Powers[]): Powers {
  const live = ps.filter((p) => p.size > 0);
  if (live.length <= 1) return live[0] ?? NONE;
  if (live.some((p) => p.has('*'))) return coarse(live.reduce((s, p) => Math.max(s, total(p)), 0));
  const out = new Map<Term | '*', number>();
  for (const p of live) for (const [k, v] of p) out.set(k, Math.max(out.get(k) ?? 0, v));
  return out.size > MAP_CAP ? coarse(total(out)) : out;
}

const times = (p: Powers, k: number): Powers => (k === 1 || p.size === 0 ? p : new Map([...p].map(([q, v]) => [q, v * k])));

export interface Degree {
  entries: Powers;
  matrix: Powers;
  top: number;
  mtop: number;
}
const degrees = new Map<Term, Degree>();

export function degreeOf(t: Term): Degree {
  const hit = degrees.get(t);
  if (hit) return hit;
  const a = t.args.map(degreeOf);
  const ent = a.map((x) => x.entries);
  const mat = a.map((x) => x.matrix);
  const isMatrix = !isScalarShape(t.shape);
  const own: Powers = new Map([[t, 1]]);
  let entries: Powers;
  let matrix: Powers = NONE;
  switch (t.op) {
    case 'num':
    case 'zero':
    case 'ones':
    case 'eye':
      entries = NONE;
      break;
    case 'var':
    case 'dvar':
      entries = own;
      if (isMatrix) matrix = own;
      break;
    case 'add':
      entries = larger(ent);
      matrix = larger(mat);
      break;
    case 'pow':
    case 'epow': {
      const p = t.args[1]!;
      const k = p.op === 'num' ? Math.abs(p.value!.valueOf()) : undefined;
      entries = k === undefined ? plus(ent) : times(ent[0]!, k);
      if (isMatrix) matrix = t.op === 'pow' && k !== undefined ? times(mat[0]!, k) : own;
      break;
    }
    case 'mul':
      entries = plus(ent);
      if (isMatrix) matrix = plus(mat);
      break;
    case 'smul':
      entries = plus(ent);
      matrix = mat[1]!;
      break;
    case 'T':
    case 'inv':
      entries = ent[0]!;
      matrix = mat[0]!;
      break;
    default:
      // linear in each argument: a product of its arguments' powers; any other function: a
      // quantity of its own (the powers of its arguments stay inside it, counted in `top`)
      entries = PASS_THROUGH.has(t.op) ? plus(ent) : ent.some((p) => p.size > 0) ? own : NONE;
      if (isMatrix) matrix = own;
  }
  const d: Degree = {
    entries,
    matrix,
    top: Math.max(highest(entries), ...a.map((x) => x.top)),
    mtop: Math.max(highest(matrix), ...a.map((x) => x.mtop)),
  };
  degrees.set(t, d);
  return d;
}

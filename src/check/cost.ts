// What one evaluation of a term costs at given sizes, before anything is evaluated, so the check
// can pick sizes it can afford and refuse the ones it cannot (src/check/plan.ts). Walks the term's
// DAG once (the evaluator memoizes shared subterms, so each is paid once) and adds up:
//   units    the work, in "units" of about one double operation of the generic kernels (a few ns):
//            an entry made costs 4 (allocation), an elementwise function 10 (exp, log, σ, …), a matrix product
//            of r×k by k×c costs r·k·c, an inverse, determinant or log-determinant of n×n 2n³,
//            a matrix power A^k |k|·n³ (and an inverse for k < 0), an adjugate n² (n−1)×(n−1)
//            determinants up to 8×8 and 2n³ above;
//   entries  the largest value made (rows × cols), and the term that makes it;
//   live     the entries of all values at once (the evaluator keeps every subterm's value);
//   square   the largest matrix inverted, whose determinant is taken or raised to a power (its n):
//            the exact check runs Gauss–Jordan over rationals, whose numbers grow with n.
import type { Term } from '../core/term.js';
import { dimSize } from '../core/shape.js';
import { OPS } from '../ops/index.js';

export interface Cost {
  units: number;
  entries: number;
  /** the term whose value is the largest */
  largest?: Term;
  live: number;
  square: number;
  /** the term that costs the most units, and what it costs */
  heaviest?: Term;
  heaviestUnits: number;
}

const ENTRY = 4;
const FN = 10;
/** an elementwise function costs a function call per entry (the operator's record says which are) */
const isElementwise = (op: string): boolean => OPS.get(op)?.kind === 'elementwise';

/** The cost of evaluating `t` once with these sizes for its dimension symbols (every symbol must have one). */
export function evalCost(t: Term, sizes: ReadonlyMap<string, number>): Cost {
  const seen = new Set<Term>();
  const cost: Cost = { units: 0, entries: 0, live: 0, square: 0, heaviestUnits: 0 };
  const size = (d: string) => dimSize(d, sizes);
  const E = (u: Term) => size(u.shape.rows) * size(u.shape.cols);
  const visit = (u: Term): void => {
    if (seen.has(u)) return;
    seen.add(u);
    for (const a of u.args) visit(a);
    const e = E(u);
    cost.live += e;
    if (e > cost.entries) {
      cost.entries = e;
      cost.largest = u;
    }
    const n = size(u.shape.rows);
    let units: number;
    switch (u.op) {
      case 'var':
      case 'dvar':
        units = 0;
        break;
      case 'num':
        units = 1;
        break;
      case 'add':
      case 'had':
        units = (u.args.length - 1) * e * (1 + ENTRY);
        break;
      case 'mul': {
        // evaluated left to right: (a₀a₁)a₂…, each product r₀×kᵢ by kᵢ×cᵢ
        const r0 = size(u.args[0]!.shape.rows);
        units = 0;
        for (let i = 1; i < u.args.length; i++) {
          const k = size(u.args[i]!.shape.rows);
          const c = size(u.args[i]!.shape.cols);
          units += r0 * k * c + r0 * c * ENTRY;
        }
        break;
      }
      case 'inv':
      case 'det':
      case 'logdet': {
        const m = size(u.args[0]!.shape.rows);
        cost.square = Math.max(cost.square, m);
        units = 2 * m ** 3 + 3 * m * m * ENTRY;
        break;
      }
      case 'adj': {
        const m = size(u.args[0]!.shape.rows);
        cost.square = Math.max(cost.square, m);
        units = m <= 8 ? m * m * (2 * Math.max(1, m - 1) ** 3 + m * m * ENTRY) : 2 * m ** 3 + 3 * m * m * ENTRY;
        break;
      }
      case 'pow': {
        const [a, p] = u.args as [Term, Term];
        if (E(a) === 1) units = FN;
        else {
          const k = p.op === 'num' ? Math.abs(p.value!.valueOf()) : 1;
          cost.square = Math.max(cost.square, n);
          units = k * (n ** 3 + n * n * ENTRY) + (p.op === 'num' && p.value!.valueOf() < 0 ? 2 * n ** 3 + 3 * n * n * ENTRY : 0);
        }
        break;
      }
      case 'epow':
        units = e * (FN + ENTRY);
        break;
      case 'softmax':
      case 'logsumexp':
      case 'log_softmax':
        units = E(u.args[0]!) * (FN + 2 * ENTRY);
        break;
      case 'tr':
        units = size(u.args[0]!.shape.rows);
        break;
      case 'sum':
      case 'norm2':
      case 'norm1':
      case 'frob':
        units = E(u.args[0]!) * (u.op === 'norm1' ? FN : 2);
        break;
      case 'blocksum':
      case 'blockfrob':
        units = 2 * E(u.args[0]!) + e * ENTRY;
        break;
      default:
        // elementwise functions, and the structural operators (transpose, vec, unvec, Diag,
        // diag, kron, broadcast, constants): an entry each, plus the function where there is one
        units = e * (ENTRY + (isElementwise(u.op) ? FN : 1)) + u.args.reduce((s, a) => s + E(a), 0);
    }
    cost.units += units;
    if (units > cost.heaviestUnits) {
      cost.heaviestUnits = units;
      cost.heaviest = u;
    }
  };
  visit(t);
  return cost;
}

/** The cost of one random value of each variable (and the direction for `wrt`): normal draws, and B·Bᵀ for an spd matrix. */
export function drawCost(vars: Iterable<Term>, sizes: ReadonlyMap<string, number>): number {
  let units = 0;
  for (const v of vars) {
    const r = dimSize(v.shape.rows, sizes);
    const c = dimSize(v.shape.cols, sizes);
    units += 2 * r * c * (FN + ENTRY);
    if (v.hasFact('spd')) units += r ** 3 + 2 * r * r * ENTRY;
  }
  return units;
}

// The operator table: every operator matdiff knows, one record each, registered with the term
// constructor (for shape checking) and looked up by the differential, the adjoint pass, the
// evaluator and the printers.
import type { OpRecord } from './types.js';
import { registerShapeRule } from '../core/term.js';
import { leaves } from './leaves.js';
import { arith } from './arith.js';
import { matrixFns } from './matrixfns.js';
import { elementwiseFns } from './elementwise.js';
import { vectorFns } from './softmax.js';
import { kronVecFns } from './kronvec.js';

export const OPS: ReadonlyMap<string, OpRecord> = new Map(
  [...leaves, ...arith, ...matrixFns, ...elementwiseFns, ...vectorFns, ...kronVecFns].map((r) => [r.op, r]),
);

/** function name in the language → op key (`σ` → `sigmoid`) */
export const FUNCTIONS: ReadonlyMap<string, string> = new Map(
  [...OPS.values()].flatMap((r) => (r.call ?? []).map((name) => [name, r.op] as [string, string])),
);

for (const r of OPS.values()) registerShapeRule(r.op, r.shape);

export function opRecord(op: string): OpRecord {
  const r = OPS.get(op);
  if (!r) throw new Error(`matdiff internal: no operator '${op}'`);
  return r;
}

export type { OpRecord };

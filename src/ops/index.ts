// The operator table: every operator matdiff knows, one record each, registered with the term
// constructor (for shape checking) and looked up by the differential, the adjoint pass, the
// evaluator and the printers.
import type { OpRecord } from './types.ts';
import { registerShapeRule } from '../core/term.ts';
import { leaves } from './leaves.ts';
import { arith } from './arith.ts';
import { matrixFns } from './matrixfns.ts';
import { elementwiseFns } from './elementwise.ts';
import { vectorFns } from './softmax.ts';
import { kronVecFns } from './kronvec.ts';

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

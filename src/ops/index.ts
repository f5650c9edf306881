// The operator table: every operator matdiff knows, one record each. This module is the one place
// the records are gathered and registered: it imports every record file, registers each record's
// shape rule with the term constructor (the registry in src/core/term.ts, which imports nothing
// from here), and is imported for the lookups below by the differential, the adjoint pass, the
// evaluator, the printers and the parser. Every entry (src/index.ts, src/cli/main.ts, the scripts)
// imports it before any term is built; a module that only builds terms (src/core/build.ts) does
// not, so that the records can import the constructors without a cycle.
import type { OpRecord } from './types.js';
import type { Term } from '../core/term.js';
import { registerShapeRule } from '../core/term.js';
import { leaves } from './leaves.js';
import { arith } from './arith.js';
import { matrixFns } from './matrixfns.js';
import { elementwiseFns } from './elementwise.js';
import { vectorFns } from './softmax.js';
import { kronVecFns } from './kronvec.js';
import { trilFns } from './tril.js';
import { meanFns } from './mean.js';
import { commutationFns } from './commutation.js';

/** instantiates the adjoint templates of the catalogue (installed by src/identities/rules.ts) */
export type AdjointTemplates = (ids: readonly string[], t: Term, cot: Term, i: number) => { rule: string; result: Term };
let templates: AdjointTemplates | undefined;

/**
 * The catalogue reader installs how an adjoint template is put to work. It cannot be imported
 * here: reading an entry parses it, and the parser reads this table (a cycle).
 */
export function installAdjointTemplates(f: AdjointTemplates): void {
  templates = f;
}

/** a record whose adjoint is a catalogue template gets `adjoint` and `adjointRule` from it */
function complete(r: OpRecord): OpRecord {
  if (!r.adjointFrom) return r;
  if (r.adjoint) throw new Error(`matdiff internal: operator '${r.op}' has both adjoint and adjointFrom`);
  const ids = r.adjointFrom;
  return {
    ...r,
    adjointRule: ids[0],
    adjoint: (t, c, i) => {
      if (!templates) throw new Error('matdiff internal: the adjoint templates are not installed (import src/identities/rules.ts)');
      return templates(ids, t, c, i).result;
    },
  };
}

const RECORDS: readonly OpRecord[] = [...leaves, ...arith, ...matrixFns, ...elementwiseFns, ...vectorFns, ...kronVecFns, ...trilFns, ...meanFns, ...commutationFns].map(complete);

export const OPS: ReadonlyMap<string, OpRecord> = new Map(RECORDS.map((r) => [r.op, r]));
if (OPS.size !== RECORDS.length) {
  const twice = RECORDS.filter((r, i) => RECORDS.findIndex((s) => s.op === r.op) !== i).map((r) => r.op);
  throw new Error(`matdiff internal: operator records with the same key: ${twice.join(', ')}`);
}

/** function name in the language → op key (`σ` → `sigmoid`) */
export const FUNCTIONS: ReadonlyMap<string, string> = new Map(
  [...OPS.values()].flatMap((r) => (r.call ?? []).map((name) => [name, r.op] as [string, string])),
);

// the registration: from here on `mk` can build terms of every operator
for (const r of OPS.values()) registerShapeRule(r.op, r.shape);

export function opRecord(op: string): OpRecord {
  const r = OPS.get(op);
  if (!r) throw new Error(`matdiff internal: no operator '${op}'`);
  return r;
}

export type { OpRecord };

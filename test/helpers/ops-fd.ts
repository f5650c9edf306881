// The cases of the operator tests (test/ops.test.ts, test/ops-unsupported.test.ts) and their
// independent check: the engine's gradient against the entrywise finite-difference gradient of f,
// computed from evaluate() (test/helpers/numeric.ts), never through derive()'s own check.
import * as assert from 'uvu/assert';
import { parse, type Derivation } from '../../src/index.js';
import { Rand, randomPoint, fdGradient, evalAt, relError, allFinite } from './numeric.js';

export interface Case {
  expr: string;
  vars: string;
  wrt: string;
}

export const TOL = 1e-6;

/** compare the engine's gradient with the entrywise finite-difference gradient at a few points */
export function compareWithFd(c: Case, d: Derivation, seeds: number[]): void {
  const f = parse(c.expr, c.vars);
  const g = d.byName(c.wrt)!;
  for (const seed of seeds) {
    const p = randomPoint(f, new Rand(seed), { hi: 3 });
    const G = evalAt(g.term, p);
    const FD = fdGradient(f, c.wrt, p);
    assert.ok(allFinite(FD), `${c.expr}: f is not finite near the sample point (seed ${seed})`);
    const err = relError(G, FD);
    assert.ok(err < TOL, `${c.expr} wrt ${c.wrt}: the gradient ${g.text} differs from finite differences by ${err.toExponential(2)} (seed ${seed})\n  G  = ${JSON.stringify(G)}\n  FD = ${JSON.stringify(FD)}`);
  }
}

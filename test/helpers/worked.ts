// The check every worked row passes (test/worked.test.ts, test/seeds.test.ts). A row is
// { source, expr, vars, wrt, expected } with `expected` a closed form worked by hand, in matdiff
// syntax (definitions allowed: `p = softmax(z); p - y`). At several random points:
//   (a) derive() succeeds and its own numeric check passed;
//   (b) the gradient has the shape of the variable;
//   (c) the derived gradient equals `expected` (relative error < 1e-8), and its text parses back;
//   (d) the derived gradient equals an independent oracle: central differences of f entry by entry
//       (test/helpers/numeric.ts), which does not rely on derive's own check.
import * as assert from 'uvu/assert';
import { derive, parse, type Gradient, type Term } from '../../src/index.js';
import { evalAt, fdGradient, randomPoint, relDiff, scalarAt, variablesOf, type Point } from './numeric.js';

export interface WorkedRow {
  /** where the closed form comes from */
  source: string;
  expr: string;
  vars: string;
  wrt: string;
  /** the gradient worked by hand, in matdiff syntax */
  expected: string;
  /** variables whose entries must be positive at the random points (beyond declared facts) */
  positive?: string[];
}

export const TOL_EXPECTED = 1e-8;
export const TOL_FD = 1e-6;

/** The first random point (seed, seed + 1, …) where f is defined and finite. */
export function definedPoint(f: Term, seed: number, positive: string[] = []): Point {
  for (let s = seed; s < seed + 50; s++) {
    const p = randomPoint(f, s, { positive });
    try {
      if (Number.isFinite(scalarAt(f, p))) return p;
    } catch {
      // undefined here (log of a negative, singular matrix): draw again
    }
  }
  throw new Error('no point where f is defined');
}

/** Run checks (a)–(d) on one row at `points` random points; returns the gradient. */
export function checkWorkedRow(row: WorkedRow, seed: number, points = 3): Gradient {
  // (a) derive succeeds (a failed check would throw CheckFailed) and its check passed
  const d = derive(row.expr, { wrt: row.wrt, vars: row.vars });
  const g = d.byName(row.wrt);
  assert.ok(g, `no gradient for ${row.wrt}`);
  assert.ok(g!.check?.ok, `check: ${JSON.stringify(g!.check)}`);
  assert.ok(g!.check!.trials >= 2, `only ${g!.check!.trials} trial(s)`);
  // (b) the gradient has the shape of the variable
  const f = parse(row.expr, row.vars);
  const v = variablesOf(f).get(row.wrt);
  assert.ok(v, `${row.wrt} does not occur in ${row.expr}`);
  assert.equal({ ...g!.shape }, { ...v!.shape }, `shape of ∂f/∂${row.wrt}`);
  const reparsed = parse(g!.text, row.vars);
  const expected = parse(row.expected, row.vars);
  for (let k = 0; k < points; k++) {
    const p = definedPoint(f, seed + 97 * k, row.positive);
    const G = evalAt(g!.term, p);
    // (c) the hand-worked closed form, and the printed text
    const e1 = relDiff(G, evalAt(expected, p));
    assert.ok(e1 < TOL_EXPECTED, `∂f/∂${row.wrt} = ${g!.text} differs from ${row.expected} by ${e1.toExponential(2)}`);
    assert.ok(relDiff(G, evalAt(reparsed, p)) < TOL_EXPECTED, `the text ${g!.text} does not parse back to the gradient`);
    // (d) the independent oracle: central differences entry by entry, at the finer step 5e-4
    //     (inverses of random, sometimes ill-conditioned X are steep: Cookbook (61))
    const e2 = relDiff(G, fdGradient(f, row.wrt, p, 5e-4));
    assert.ok(e2 < TOL_FD, `∂f/∂${row.wrt} = ${g!.text} differs from central differences by ${e2.toExponential(2)}`);
  }
  return g!;
}

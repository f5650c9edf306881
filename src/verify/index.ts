// Checking hand derivations (docs/checking.md): `check(expr, { wrt, vars, claim })` judges a
// claimed gradient; `check(defs, { vars, steps })` judges a chain of steps.
//   (reading a claim or a chain line in the function's setting (dX, d(expr)), and the gradients and
//   differentials compared with, are engine functions: src/engine/setting.ts, chain-setting.ts)
//   points.ts         random points honouring the facts
//   equal.ts          are two terms equal? symbolic, exact rational, or float with a tolerance
//   counterexample.ts small integer values where two terms differ, printed as matrices
//   diagnose.ts       the catalogue of mistakes, as transformations of the true gradient
//   claim.ts          judging a claim
//   chain.ts          judging a chain of steps
//   render.ts         text, Markdown, HTML and JSON reports
import { checkClaim, type ClaimCheck, type CheckFormat } from './claim.js';
import { checkChain, type ChainCheck } from './chain.js';
import { renderCheck } from './render.js';
import { MatdiffError } from '../errors.js';

export interface CheckClaimOptions {
  wrt: string;
  vars?: string;
  claim: string;
  seed?: number;
}
export interface CheckStepsOptions {
  steps: string;
  vars?: string;
  wrt?: string | readonly string[];
  seed?: number;
}

/**
 * Judge a hand derivation. With `claim`: is it ∂f/∂wrt? With `steps`: is every `=` of the
 * chain right (`expr` then holds the definitions, and may be empty when the steps carry them)?
 */
export function check(expr: string, opts: CheckClaimOptions): ClaimCheck;
export function check(expr: string, opts: CheckStepsOptions): ChainCheck;
export function check(expr: string, opts: CheckClaimOptions | CheckStepsOptions): ClaimCheck | ChainCheck {
  if ('claim' in opts && opts.claim !== undefined) return checkClaim(expr, opts, renderCheck);
  if ('steps' in opts && opts.steps !== undefined) return checkChain({ defs: expr, vars: opts.vars, steps: opts.steps, wrt: opts.wrt, seed: opts.seed }, renderCheck);
  throw new MatdiffError('parse', 'check needs a claim (`claim`) or a chain of steps (`steps`)');
}

export { checkClaim, checkChain, renderCheck };
export type { ClaimCheck, ChainCheck, CheckFormat };
export type { Verdict } from './claim.js';
export type { Diagnosis, DiagnosisKind } from './diagnose.js';
export type { Counterexample } from './counterexample.js';
export type { Comparison, Method } from './equal.js';
export type { StepCheck, IdentificationCheck, Fix, RuleRef } from './chain.js';

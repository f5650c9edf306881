// What judging a chain returns (src/verify/chain.ts): each step's verdict, the fix for the first
// wrong one, the identification of the last line. Plain data in a file of its own, so the reading,
// the judging, the fix search and the renderer (src/verify/render.ts) share it without importing
// one another.
import type { Comparison } from './equal.js';
import type { Counterexample } from './counterexample.js';
import type { Diagnosis } from './diagnose.js';
import type { CheckFormat, Shown, Verdict } from './claim.js';

export interface ChainOptions {
  /** the chain: a first line, then lines `= <expression>` */
  steps: string;
  /** definitions `v = W*x; s = sigmoid(v); S = Diag(s); E = 1/2*(s-y):(s-y)` (may also head the steps) */
  defs?: string;
  vars?: string;
  /** the variables that vary (default: those whose dX the chain writes; else all) */
  wrt?: string | readonly string[];
  seed?: number;
}

/** A rule, as the catalogue names it. */
export interface RuleRef {
  readonly id: string;
  readonly name: string;
  readonly source: string;
  readonly equation?: string;
}

/** What would have made a wrong step right. */
export interface Fix {
  /** in words: "substitute ds = (s − s∘²) ∘ dv" */
  readonly words: string;
  readonly rules: readonly RuleRef[];
  /** the line as the rule makes it */
  readonly line?: Shown;
}

export interface StepCheck {
  /** 1-based number of the `=` in the chain, and the line of the file it is on */
  readonly index: number;
  readonly line: number;
  readonly from: string;
  readonly to: string;
  readonly toShown?: Shown;
  readonly verdict: Verdict;
  readonly comparison?: Comparison;
  /** the step does not even typecheck */
  readonly error?: string;
  readonly counterexample?: Counterexample;
  readonly fix?: Fix;
  readonly diagnosis?: Diagnosis;
}

export interface IdentificationCheck {
  readonly fnName: string;
  readonly wrt: string;
  /** the G of the last line `G : dW` (or of the line `dE/dW = G`) */
  readonly claimed: Shown;
  readonly gradient: Shown;
  readonly line: number;
  readonly verdict: Verdict;
  readonly comparison: Comparison;
  /** said beside a correct verdict: G is right only as seen by a symmetric (diagonal) dW */
  readonly note?: string;
  readonly diagnosis?: Diagnosis;
  readonly counterexample?: Counterexample;
}

export interface ChainCheck {
  readonly kind: 'chain';
  readonly verdict: Verdict;
  readonly ok: boolean;
  readonly defs: string;
  readonly vars: string;
  readonly varying: readonly string[];
  /** why those vary: given by --wrt, written as dX in the chain, or every variable (neither) */
  readonly varyingFrom: 'wrt' | 'written' | 'all';
  readonly first: { readonly text: string; readonly line: number; readonly shown?: Shown };
  readonly steps: readonly StepCheck[];
  /** the index of the first wrong step, if any */
  readonly firstWrong?: number;
  /** the indices of the steps that could be neither confirmed nor refuted */
  readonly undecided?: readonly number[];
  readonly identification?: IdentificationCheck;
  report(format?: CheckFormat): string;
}

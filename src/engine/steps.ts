// The trace a derivation leaves: every transformation is a step with a stable rule id, so
// reports replay it rather than re-deriving anything.
import type { Term } from '../core/term.js';

export interface Step {
  /** stable id of the rule applied (`d.product`, `adj.product`, `simplify.canon`, ...) */
  readonly rule: string;
  /** what the step was applied to */
  readonly before: Term;
  /** what it produced */
  readonly after: Term;
  /** which intermediate or variable this step is about, if any */
  readonly about?: string;
}

export class StepLog {
  readonly steps: Step[] = [];
  add(rule: string, before: Term, after: Term, about?: string): void {
    this.steps.push({ rule, before, after, about });
  }
}

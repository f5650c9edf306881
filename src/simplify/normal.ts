// The canonical form's parts, as one record each part is given (src/simplify/canon.ts builds it).
// The parts are mutually recursive by nature (a transpose of a sum is a sum of transposes, a
// scaled adjugate may be an inverse, whose canonical form is wanted…), so each part reaches the
// others through this record rather than by importing them: the files stay one subject each, with
// no import cycle between them. Types only.
import type { Term } from '../core/term.js';

export interface Normal {
  /** the canonical form of any term (memoized; src/simplify/canon.ts) */
  canon(t: Term): Term;

  // sums and products, flattened and sorted (src/simplify/ac.ts)
  sum(args: readonly Term[]): Term;
  scale(s: Term, x: Term): Term;
  product(args: readonly Term[]): Term;

  // elementwise monomials and matrix powers (src/simplify/monomials.ts)
  hadamard(args: readonly Term[]): Term;
  mergePowers(factors: readonly Term[]): Term[];
  power(t: Term, base: Term, e: Term): Term;

  // transposes pushed to the leaves (src/simplify/transposes.ts)
  transposeOf(x: Term): Term;

  // traces, Frobenius products, sums of entries, Diag and diag (src/simplify/traces.ts)
  frobenius(x: Term, y: Term): Term;
  trace(x: Term): Term;
  sumEntries(x: Term): Term;
  sumsToOne(x: Term): boolean;
  diagMatrix(t: Term, v: Term): Term;
  diagOf(t: Term, x: Term): Term;
  linearWrap(op: string, x: Term): Term;
  diagToHadamard(factors: Term[], scalars: Term[]): Term[];

  // inverse, determinant, adjugate (src/simplify/inverses.ts)
  adjugateForm(s: Term, x: Term): Term | undefined;
  inverse(x: Term): Term;
  adjugate(x: Term): Term;
  determinant(x: Term): Term;
}

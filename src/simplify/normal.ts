// The canonical form's parts, as one record each part is given (src/simplify/canon.ts builds it).
// The parts are mutually recursive by nature (a transpose of a sum is a sum of transposes, a
// scaled adjugate may be an inverse, whose canonical form is wanted…), so each part reaches the
// others through this record rather than by importing them: the files stay one subject each, with
// no import cycle between them. Types only.
import type { Term } from '../core/term.js';

export interface Normal {
  /** the canonical form of any term (memoized; src/simplify/canon.ts) */
  canon(t: Term): Term;
  /**
   * one application of a rewrite, for the step log: `rule` is the id of the catalogue entry it
   * implements, or a `canon.*` id of CANON_RULES below. Changes nothing; canon.ts collects it.
   */
  note(rule: string, before: Term, after: Term): void;

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
  /** the factors of a product with 𝟏ᵀY = 𝟏ᵀ (Y one-hot or a softmax, by columns) and 𝟏𝟏ᵀ = 𝟏 folded */
  sumsInProduct(factors: Term[]): Term[];
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

/**
 * The rewrites of the canonical form that implement no catalogue entry, by the id their steps
 * carry (every other rewrite records the id of the entry it implements: transpose.product,
 * trace.outer, diag.of-Diag, …; test/simplify.test.ts checks every recorded id is one or the other).
 */
export const CANON_RULES: Readonly<Record<string, string>> = {
  'canon.collect': 'like terms collected with exact coefficients: a·X + b·X = (a + b)·X, X − X = 0',
  'canon.distribute': 'a number times a sum distributed: c·(A + B) = cA + cB, so like terms can meet',
  'canon.zero': 'a product or linear function with a factor 0 is 0',
  'canon.identity': 'the identity dropped from a matrix product: A·I = A, and Iᵏ = I, I⁻¹ = I',
  'canon.powers': 'adjacent powers of one square matrix merged: X·X = X², X²·X⁻¹ = X',
  'canon.monomial': 'an elementwise monomial: scalars pulled out, equal bases\' exponents added, 1s dropped',
  'canon.onehot': 'the entries of a one-hot vector add up to 1: 1ᵀy = sum(y) = 1',
  'canon.ones-outer': 'an outer product of ones is the ones matrix: 𝟏ₙ𝟏ₘᵀ = ones(n, m)',
  'canon.transpose-involution': 'a transpose undone: (Xᵀ)ᵀ = X, and the like for an operator that undoes it',
  'canon.transpose-other': 'a transpose moved through an operator whose record names its transposed form',
  'canon.trace-eye': 'tr(I) = tr(𝟏𝟏ᵀ) = n for a literal n',
  'canon.frobenius-eye': 'I : X = tr(X)',
  'canon.sum-entries': 'the sum of entries of a transpose, a sum or a multiple: sum(Xᵀ) = sum(X), sum(A + B) = sum(A) + sum(B)',
  'canon.linear': 'a linear function takes numbers and scalars out: f(c·X) = c·f(X)',
};

// One record per operator: everything matdiff knows about an operator sits in its entry —
// its shape rule, its differential, its adjoint (for the linear ones), its numeric evaluation
// and its printing. Adding an operator is adding one entry to src/ops/.
import type { Term, TermData } from '../core/term.js';
import type { Dim, Shape, ShapeCtx } from '../core/shape.js';
import type { Field } from '../numeric/field.js';
import type { Mat } from '../numeric/matrix.js';
import type { Printed, Style } from '../print/style.js';

export interface OpRecord {
  /** the op key stored in terms */
  readonly op: string;
  /** names that call it in the input language (`sigmoid`, `σ`); none for infix operators */
  readonly call?: readonly string[];
  /** number of arguments, or 'n' for flattened n-ary operators (sums, products) */
  readonly arity: number | 'n';
  /**
   * For operators with dimension arguments (`unvec(v, n)`): how many of the `arity` arguments,
   * at the end, are dimensions rather than expressions, and the term data they make (given the
   * shapes of the expression arguments). The dimensions live in the term's data, not its args.
   */
  readonly dimArgs?: {
    readonly count: number;
    readonly data: (args: readonly Shape[], dims: readonly Dim[], ctx: ShapeCtx) => TermData;
  };
  /** one-line description for --help and the docs */
  readonly doc: string;
  readonly shape: (args: readonly Shape[], ctx: ShapeCtx, data: TermData) => Shape;
  /** evaluation stays in the rationals, so the check can be exact */
  readonly rational: boolean;
  /**
   * rational only piece by piece (relu, abs, sign, step, norm1): two such terms can agree at
   * every small integer and differ beyond, so exact agreement is evidence, not a proof
   */
  readonly piecewise?: boolean;
  /**
   * The differential, given the differentials of the arguments (a `zero` term where an
   * argument is constant). Called only when some argument has a non-zero differential.
   */
  readonly diff?: (t: Term, d: readonly Term[]) => Term;
  /** stable id of the differential rule, for the steps (e.g. `d.product`) */
  readonly diffRule?: string;
  /**
   * Instead of `diff`: the catalogue entries (identities/) that give the differential, tried in
   * order, the first whose shapes fit the arguments (src/identities/rules.ts).
   */
  readonly diffFrom?: readonly string[];
  /**
   * For operators that are linear in argument i: the adjoint map. Given the cotangent C of the
   * result, the cotangent of argument i, so that C : t = adjoint(C) : args[i] + (other args).
   */
  readonly adjoint?: (t: Term, cot: Term, i: number) => Term;
  readonly adjointRule?: string;
  readonly evaluate: <S>(t: Term, args: readonly Mat<S>[], F: Field<S>, sizes: (d: string) => number) => Mat<S>;
  /** `sub` prints any other term in the same style (used to print a negated summand as `a - b`) */
  readonly print: (t: Term, args: readonly Printed[], style: Style, sub: (t: Term) => Printed) => Printed;
}

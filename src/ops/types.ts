// One record per operator: everything matdiff knows about an operator sits in its entry —
// its shape rule, its differential, its adjoint (for the linear ones), its numeric evaluation
// and its printing. Adding an operator is adding one entry to src/ops/.
import type { Term, TermData } from '../core/term.js';
import type { Dim, Shape, ShapeCtx } from '../core/shape.js';
import type { Field } from '../numeric/field.js';
import type { Mat } from '../numeric/matrix.js';
import type { Printed, Style } from '../print/style.js';

/**
 * What kind of map an operator is; the passes derive what they can from it:
 *   linear       L(X): its differential is L applied to dX (`make` with the differentials), and
 *                it has an adjoint (code or a catalogue template)
 *   bilinear     linear in each argument separately (n-ary: multilinear): the product rule
 *                d op(A, B) = op(dA, B) + op(A, dB), one term per varying argument
 *   elementwise  f applied entry by entry: d f(X) = f′(X) ∘ dX from its catalogue entry `d.<op>`
 *   other        its own rule (diff or diffFrom)
 */
export type OpKind = 'linear' | 'bilinear' | 'elementwise' | 'other';

/**
 * How the operator behaves under transpose, read by the canonical form (src/simplify/transposes.ts):
 *   undoes     the transpose itself: (Xᵀ)ᵀ = X
 *   commutes   f(X…)ᵀ = f(Xᵀ…): pushed inside when `push` (sums, Hadamard products, kron); else
 *              the transpose stays outside (σ(Wx)ᵀ keeps the name of σ(Wx)) and drops only where
 *              every argument is its own transpose (f(S)ᵀ = f(S) for symmetric S)
 *   reverses   (A B C)ᵀ = Cᵀ Bᵀ Aᵀ
 *   symmetric  the result is always symmetric: f(X)ᵀ = f(X) (Diag)
 *   other      f(X)ᵀ = g(Xᵀ) for another operator g (the lower triangle: the upper one of Xᵀ)
 *   unknown    nothing is known: the transpose stays outside (f(S)ᵀ is not assumed to be f(S))
 */
export type TransposeRule =
  | { readonly kind: 'undoes' }
  | { readonly kind: 'commutes'; readonly push: boolean }
  | { readonly kind: 'reverses' }
  | { readonly kind: 'symmetric' }
  | { readonly kind: 'other'; readonly op: string }
  | { readonly kind: 'unknown' };

/** the derivative of an elementwise function in words, for steps and the judge's messages */
export interface DerivativeWords {
  /** how the function is named in prose: `σ`, `tanh` */
  readonly name: string;
  /** the derivative: `σ′ = σ(1 − σ)` */
  readonly words: string;
}

/**
 * How the code exporter (src/export/) writes an operator, for the two families whose code is data
 * and not a case of the exporter's own: elementwise functions (an expression for the function of
 * an entry) and masked linear maps (each entry kept or set to 0 by where it sits). The other
 * operators (products, sums, transposes, softmax, kron, …) are written by the exporter itself.
 * Strings and functions of strings only: the ops layer imports nothing of the exporter.
 */
export type OpCode = EntryCode | MaskCode;

/**
 * An elementwise function in each language of the exporter, as a template in which `#` stands for
 * the argument: `Math.exp(#)`, `# > 0 ? 1 : 0`, `np.maximum(#, 0.0)`. JavaScript (and TypeScript)
 * computes one entry (a number); NumPy and PyTorch the whole array, their functions being
 * elementwise already. The emitter parenthesizes by the language's binding strengths: the argument
 * goes in bare where it is a whole argument of a call, and next to an operator is wrapped unless it
 * binds tighter; the result binds as its weakest operator outside parentheses (a call: an atom).
 * The templates use calls and the languages' binary operators and conditionals (the operand of a
 * unary sign is wrapped unless it is an atom).
 */
export interface EntryCode {
  readonly kind: 'entry';
  /** the base of the names the exporter gives this function's values (`s`: s = sigmoid(Wx)); without it `u` */
  readonly name?: string;
  readonly js: string;
  readonly numpy: string;
  readonly torch: string;
  /**
   * Functions the templates call, by language and name, each written once into a module that uses
   * the function, among the exporter's own helpers (the records' in the order of their names); a
   * name is reserved in every module. JavaScript: the source given `t`, where `t('number')` is the
   * TypeScript annotation `: number` (nothing in JavaScript). A Python helper's name starts with `_`.
   */
  readonly helpers?: {
    readonly js?: Readonly<Record<string, (t: (type: string) => string) => string>>;
    readonly numpy?: Readonly<Record<string, string>>;
    readonly torch?: Readonly<Record<string, string>>;
  };
  /** every template computes it in a stable form (no overflow, no lost digits): the module's header says so */
  readonly stable?: boolean;
}

/**
 * A linear map that keeps the entries (i, j) of a matrix (row i, column j, from 0) where `i keep j`
 * holds and sets the others to 0: the lower triangle keeps `>=`. JavaScript reads the kept entries
 * in place (on a vector, the relation at the one index that runs decides: every entry, the first
 * only, all but the first, or none); NumPy and PyTorch call a function on the 2-D array.
 */
export interface MaskCode {
  readonly kind: 'mask';
  /** the base of the names the exporter gives its values; without it `u` */
  readonly name?: string;
  readonly keep: '>=' | '>' | '<=' | '<' | '===';
  /** the NumPy and PyTorch functions that apply it to a 2-D array (`np.…`, `torch.…`) */
  readonly numpy: string;
  readonly torch: string;
}

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
  readonly kind: OpKind;
  readonly transpose: TransposeRule;
  /** f(cX) = c f(X) for a scalar c in any argument (every linear and bilinear operator) */
  readonly scalarsFactorOut: boolean;
  /** elementwise functions: f′ in words */
  readonly derivative?: DerivativeWords;
  /**
   * The operator applied to new arguments through its smart constructor (the one that folds what
   * is trivial, or a catalogue identity: unvecOf, vecOf, blockSum, blockFrob), with the result's
   * shape for the operators whose shape is data (bcast, unvec, the constant leaves zero, ones, eye).
   * Used for the differential of linear and bilinear operators, for pushing transposes in, and for
   * instantiating a catalogue entry (src/ops/substitute.ts), so a template's adjoint gets the same
   * folds. Without it: `mk(op, args, data)` (a leaf: itself).
   */
  readonly make?: (args: readonly Term[], like: Term, shape: Shape) => Term;
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
   * has a value wherever its arguments do (in exact arithmetic): a formula made only of such
   * operators needs no domain probe in the check (src/check/plan.ts). inv, logdet, log, sqrt: no.
   */
  readonly total?: boolean;
  /**
   * every entry is > 0 whatever the arguments (exp, σ, softmax, ones, …): the judge takes a
   * kink whose argument is built from such terms as never crossed (src/verify/kinks.ts)
   */
  readonly positive?: boolean;
  /** a report names its results: s = σ(Wx) (src/report/model.ts) */
  readonly named?: boolean;
  /** how the code exporter writes it, for an elementwise function or a masked linear map (see OpCode) */
  readonly code?: OpCode;
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
  /**
   * Instead of `adjoint`: catalogue entries `C : op(…, dX, …) = G : dX` (identities/adjoints.json)
   * whose right side is the adjoint, or for a bilinear operator `C : (op(dA, B) + op(A, dB)) =
   * G₁ : dA + G₂ : dB` (one template per argument), tried in order, the first whose shapes fit
   * (src/identities/rules.ts). src/ops/index.ts fills `adjoint` and `adjointRule` from them, so
   * the closure and the entry cannot disagree.
   */
  readonly adjointFrom?: readonly string[];
  /**
   * For an operator linear in its varying argument: its vec rule, the first identification
   * theorem's step through it (src/engine/linear-map.ts): given the Jacobians of its arguments
   * (`v.jac`), the J with vec(t) = J vec(dX). Without it, a Jacobian through the operator is
   * "not supported yet".
   */
  readonly vecRule?: (t: Term, v: VecContext) => Term;
  readonly evaluate: <S>(t: Term, args: readonly Mat<S>[], F: Field<S>, sizes: (d: string) => number) => Mat<S>;
  /** `sub` prints any other term in the same style (used to print a negated summand as `a - b`) */
  readonly print: (t: Term, args: readonly Printed[], style: Style, sub: (t: Term) => Printed) => Printed;
}

/** what a vec rule is given (src/engine/linear-map.ts) */
export interface VecContext {
  /** J of a subterm that varies: vec(u) = J vec(dX) */
  jac(u: Term): Term;
  /** vec(A)ᵀ J(M) for the scalar A : M, with A moved through M's products and transposes first */
  frobenius(a: Term, m: Term): Term;
  /** the index of the one argument of t that varies (a linear differential has one per product) */
  varying(t: Term): number;
  /** `j`, recorded as an application of the catalogue entry `rule` to t */
  note(rule: string, t: Term, j: Term): Term;
}

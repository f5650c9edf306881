// Matrix functions: trace, determinant, log-determinant, inverse, adjugate, Diag/diag, sum, norms,
// Kronecker product and vec.
import { Fraction } from '../core/fraction.js';
import type { OpRecord } from './types.js';
import { type Shape, ShapeClash, showShape, SCALAR, dimMul, isScalarShape } from '../core/shape.js';
import * as b from '../core/build.js';
import { squareArg, vectorArg, toScalar } from './shapes.js';
import { fill, at, scalarMat, inverse, determinant, adjugate, floatSingular, kron as kronM, vec as vecM, sumAll, type Mat } from '../numeric/matrix.js';
import { atom, call, PREC, wrap } from '../print/style.js';
import { Undefined } from '../numeric/field.js';
import { vecOf } from './kronvec.js';
import { vecOf as vecForm } from './vec-forms.js';

const LOG = { name: 'log', float: Math.log };
const SQRT = { name: 'sqrt', float: Math.sqrt };
const ABS = { name: 'abs', float: Math.abs, exact: (x: Fraction) => x.abs(), exactDeriv: (x: Fraction) => new Fraction(x.compare(0)) };

export const matrixFns: OpRecord[] = [
  {
    op: 'tr',
    total: true,
    call: ['tr', 'trace'],
    arity: 1,
    doc: 'tr(A): the trace of a square matrix',
    shape: squareArg('tr', 'scalar'),
    rational: true,
    kind: 'linear',
    transpose: { kind: 'symmetric' },
    scalarsFactorOut: true,
    diffRule: 'd.trace',
    // c · tr(dX) = (c I) : dX
    adjointFrom: ['adj.trace'],
    // tr M = I : M = vec(I)ᵀ vec M
    vecRule: (t, v) => (isScalarShape(t.args[0]!.shape) ? v.jac(t.args[0]!) : v.note('jac.trace', t, v.frobenius(b.eye(t.args[0]!.shape.rows), t.args[0]!))),
    evaluate: (_t, a, F) => {
      const m = a[0]!;
      let s = F.zero;
      for (let i = 0; i < m.rows; i++) s = F.add(s, at(m, i, i));
      return scalarMat(s);
    },
    print: (_t, a, style) => call({ text: 'tr' }, a, style),
  },
  {
    op: 'det',
    total: true,
    call: ['det'],
    arity: 1,
    doc: 'det(X): the determinant',
    shape: squareArg('det', 'scalar'),
    rational: true,
    kind: 'other',
    transpose: { kind: 'symmetric' },
    scalarsFactorOut: false,
    // d det X = tr(adj(X) dX)   (Matrix Cookbook 41): defined at every X, singular or not
    diffRule: 'd.det',
    diffFrom: ['d.det'],
    evaluate: (_t, a, F) => scalarMat(determinant(F, a[0]!)),
    print: (_t, a, style) => call({ text: 'det', latex: '\\det' }, a, style),
  },
  {
    op: 'logdet',
    call: ['logdet'],
    arity: 1,
    doc: 'logdet(X) = log(det(X)), for det X > 0',
    shape: squareArg('logdet', 'scalar'),
    rational: false,
    kind: 'other',
    transpose: { kind: 'symmetric' },
    scalarsFactorOut: false,
    // d log det X = tr(X⁻¹ dX)   (Matrix Cookbook 51)
    diffRule: 'd.logdet',
    diffFrom: ['d.logdet'],
    evaluate: (_t, a, F) => {
      const dt = determinant(F, a[0]!);
      // in doubles a singular matrix has a determinant of rounding noise, whose log means nothing
      const singular = F.kind === 'float' ? floatSingular(a[0]! as Mat<number>) : F.isZero(dt);
      if (singular) throw new Undefined('logdet of a singular matrix');
      if (F.toNumber(dt) < 0) throw new Undefined('logdet of a matrix with det < 0');
      return scalarMat(F.apply(LOG, dt));
    },
    print: (_t, a, style) => call({ text: 'logdet', unicode: 'log det', latex: '\\log\\det' }, a, style),
  },
  {
    op: 'inv',
    call: ['inv'],
    arity: 1,
    doc: 'inv(X): the inverse of a square matrix (X^-1 also works)',
    shape: squareArg('inv', 'same'),
    rational: true,
    kind: 'other',
    // inv(Xᵀ) = inv(X)ᵀ
    transpose: { kind: 'commutes', push: false },
    scalarsFactorOut: false,
    // d X⁻¹ = −X⁻¹ dX X⁻¹   (Matrix Cookbook 59)
    diffRule: 'd.inverse',
    diffFrom: ['d.inverse'],
    evaluate: (_t, a, F) => inverse(F, a[0]!),
    print: (_t, a, style) =>
      style === 'text'
        ? call({ text: 'inv' }, a, style)
        : style === 'latex'
          ? { s: `${wrap(a[0]!, PREC.atom, style)}^{-1}`, prec: PREC.postfix }
          : { s: `${wrap(a[0]!, PREC.postfix, style)}⁻¹`, prec: PREC.postfix },
  },
  {
    op: 'adj',
    total: true,
    call: ['adj'],
    arity: 1,
    doc: 'adj(X): the adjugate, the transposed cofactors (det(X)*inv(X) where X is invertible, defined for every square X)',
    shape: squareArg('adj', 'same'),
    rational: true,
    kind: 'other',
    // adj(Xᵀ) = adj(X)ᵀ
    transpose: { kind: 'commutes', push: false },
    scalarsFactorOut: false,
    // d adj X: linear for 2×2 (adj X = tr(X) I − X) and polynomial for 3×3 (Cayley–Hamilton),
    // each valid at every X; for other sizes adj(X) tr(X⁻¹dX) − adj(X) dX X⁻¹, only where X is
    // invertible (a form valid everywhere needs the second compound matrix). The numeric check
    // judges every result that uses it.
    diffRule: 'd.adjugate',
    diffFrom: ['d.adjugate-2x2', 'd.adjugate-3x3', 'd.adjugate'],
    evaluate: (_t, a, F) => adjugate(F, a[0]!),
    print: (_t, a, style) => call({ text: 'adj', latex: '\\operatorname{adj}' }, a, style),
  },
  {
    op: 'Diag',
    total: true,
    call: ['Diag'],
    arity: 1,
    doc: 'Diag(v): the diagonal matrix with the vector v on its diagonal',
    shape: (args) => {
      const s = args[0]!;
      if (s.cols !== '1' && s.rows !== '1') throw new ShapeClash((o) => `${o[0]} is ${showShape(s)}, but Diag needs a vector (use diag for the diagonal of a matrix)`);
      const n = s.cols === '1' ? s.rows : s.cols;
      return { rows: n, cols: n };
    },
    rational: true,
    kind: 'linear',
    transpose: { kind: 'symmetric' },
    scalarsFactorOut: true,
    diffRule: 'd.Diag',
    // C : Diag(dv) = diag(C) : dv (a row: diag(C)ᵀ : dv)
    adjointFrom: ['adj.Diag', 'adj.Diag-row'],
    // vec Diag(v) = Diag(vec I) (𝟏 ⊗ I) v: v repeated n times, kept on the diagonal's positions
    vecRule: (t, v) => {
      const n = t.shape.rows;
      if (isScalarShape(t.shape)) return v.jac(t.args[0]!);
      return v.note('jac.Diag', t, b.chain([b.apply('Diag', [vecForm(b.eye(n))]), b.apply('kron', [b.ones({ rows: n, cols: '1' }), b.eye(n)]), v.jac(t.args[0]!)]));
    },
    evaluate: (_t, a, F) => {
      const v = a[0]!;
      const n = v.rows * v.cols;
      return fill(n, n, (i, j) => (i === j ? v.data[i]! : F.zero));
    },
    print: (_t, a, style) => call({ text: 'Diag', latex: '\\operatorname{Diag}' }, a, style),
  },
  {
    op: 'diag',
    total: true,
    call: ['diag'],
    arity: 1,
    doc: 'diag(A): the column of the diagonal entries of a square matrix',
    shape: (args, ctx) => {
      const s = squareArg('diag', 'same')(args, ctx);
      return { rows: s.rows, cols: '1' };
    },
    rational: true,
    kind: 'linear',
    transpose: { kind: 'unknown' },
    scalarsFactorOut: true,
    diffRule: 'd.diag',
    // c : diag(dX) = Diag(c) : dX
    adjointFrom: ['adj.diag'],
    // diag M = (𝟏ᵀ ⊗ I) Diag(vec I) vec M: the diagonal's positions of vec M, gathered
    vecRule: (t, v) => {
      const m = t.args[0]!;
      if (isScalarShape(m.shape)) return v.jac(m);
      const n = m.shape.rows;
      return v.note('jac.diag', t, b.chain([b.apply('kron', [b.ones({ rows: '1', cols: n }), b.eye(n)]), b.apply('Diag', [vecForm(b.eye(n))]), v.jac(m)]));
    },
    evaluate: (_t, a) => fill(a[0]!.rows, 1, (i) => at(a[0]!, i, i)),
    print: (_t, a, style) => call({ text: 'diag', latex: '\\operatorname{diag}' }, a, style),
  },
  {
    op: 'sum',
    total: true,
    call: ['sum'],
    arity: 1,
    doc: 'sum(A): the sum of all entries',
    shape: toScalar,
    rational: true,
    kind: 'linear',
    transpose: { kind: 'symmetric' },
    scalarsFactorOut: true,
    diffRule: 'd.sum-entries',
    // c · sum(dX) = (c 𝟏) : dX
    adjointFrom: ['adj.sum-entries'],
    // sum M = 𝟏 : M = 𝟏ᵀ vec M
    vecRule: (t, v) => (isScalarShape(t.args[0]!.shape) ? v.jac(t.args[0]!) : v.note('jac.sum', t, v.frobenius(b.ones(t.args[0]!.shape), t.args[0]!))),
    evaluate: (_t, a, F) => scalarMat(sumAll(F, a[0]!)),
    print: (_t, a, style) => call({ text: 'sum', latex: '\\operatorname{sum}' }, a, style),
  },
  {
    op: 'norm2',
    total: true,
    call: ['norm2', 'norm'],
    arity: 1,
    doc: 'norm2(A): the Euclidean (Frobenius) norm √(A:A)',
    shape: toScalar,
    rational: false,
    kind: 'other',
    transpose: { kind: 'symmetric' },
    scalarsFactorOut: false,
    // d‖X‖ = (X : dX)/‖X‖   (Matrix Cookbook 129)
    diffRule: 'd.norm2',
    diffFrom: ['d.norm2'],
    evaluate: (_t, a, F) => scalarMat(F.apply(SQRT, a[0]!.data.reduce((s, x) => F.add(s, F.mul(x, x)), F.zero))),
    print: (_t, a, style) =>
      style === 'text' ? call({ text: 'norm2' }, a, style) : atom(style === 'latex' ? `\\left\\| ${a[0]!.s} \\right\\|` : `‖${a[0]!.s}‖`),
  },
  {
    op: 'norm1',
    total: true,
    call: ['norm1'],
    arity: 1,
    doc: 'norm1(A): the sum of absolute values of the entries',
    shape: toScalar,
    rational: true,
    piecewise: true,
    kind: 'other',
    transpose: { kind: 'symmetric' },
    scalarsFactorOut: false,
    diffRule: 'd.norm1',
    diffFrom: ['d.norm1'],
    evaluate: (_t, a, F) => scalarMat(a[0]!.data.reduce((s, x) => F.add(s, F.apply(ABS, x)), F.zero)),
    print: (_t, a, style) =>
      style === 'text' ? call({ text: 'norm1' }, a, style) : atom(style === 'latex' ? `\\left\\| ${a[0]!.s} \\right\\|_1` : `‖${a[0]!.s}‖₁`),
  },
  {
    op: 'kron',
    total: true,
    call: ['kron'],
    arity: 2,
    doc: 'kron(A, B): the Kronecker product',
    shape: (args): Shape => ({ rows: dimMul(args[0]!.rows, args[1]!.rows), cols: dimMul(args[0]!.cols, args[1]!.cols) }),
    rational: true,
    kind: 'bilinear',
    // kron(A, B)ᵀ = kron(Aᵀ, Bᵀ)
    transpose: { kind: 'commutes', push: true },
    scalarsFactorOut: true,
    diffRule: 'd.kron',
    // C : kron(dA, B) = blockfrob(C, B) : dA;  C : kron(A, dB) = blocksum(C, A) : dB, one template
    // per argument (built through blockfrob's and blocksum's records, which fold kron.blocksum, …)
    adjointFrom: ['adj.kron'],
    evaluate: (_t, a, F) => kronM(F, a[0]!, a[1]!),
    print: (_t, a, style) =>
      style === 'text' ? call({ text: 'kron' }, a, style) : { s: `${wrap(a[0]!, PREC.power, style)} ${style === 'latex' ? '\\otimes' : '⊗'} ${wrap(a[1]!, PREC.power, style)}`, prec: PREC.product },
  },
  {
    op: 'vec',
    total: true,
    call: ['vec'],
    arity: 1,
    doc: 'vec(A): the columns of A stacked into one column',
    shape: (args): Shape => ({ rows: dimMul(args[0]!.rows, args[0]!.cols), cols: '1' }),
    rational: true,
    kind: 'linear',
    transpose: { kind: 'unknown' },
    scalarsFactorOut: true,
    make: (a) => vecOf(a[0]!),
    diffRule: 'd.vec',
    // c : vec(dX) = unvec(c, n) : dX for X n×m (built through unvec's record, whose unvecOf folds
    // unvec(vec(Y)) = Y and unvec((P ⊗ Q) vec Y) = Q Y Pᵀ, which the canonical form does not)
    adjointFrom: ['adj.vec'],
    // vec(vec M) = vec M
    vecRule: (t, v) => v.jac(t.args[0]!),
    evaluate: (_t, a) => vecM(a[0]!),
    print: (_t, a, style) => call({ text: 'vec', latex: '\\operatorname{vec}' }, a, style),
  },
];
void SCALAR;
void vectorArg;

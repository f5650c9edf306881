// The arithmetic operators: sum, scaling, matrix product, Hadamard product (and elementwise
// division, stored as a Hadamard factor with exponent −1), transpose, Frobenius product,
// broadcasting of a scalar, and powers.
import type { OpRecord } from './types.js';
import type { Term } from '../core/term.js';
import { type Shape, ShapeClash, showShape, SCALAR, transposeShape, isScalarShape } from '../core/shape.js';
import * as b from '../core/build.js';
import { sameShapes } from './shapes.js';
import { zip, map, matmul, transpose, fill, scalarOf, scalarMat, inverse, identity, type Mat } from '../numeric/matrix.js';
import type { Field } from '../numeric/field.js';
import { atom, PREC, wrap, paren } from '../print/style.js';
import { printScaledDivision } from '../print/division.js';
import { negativePart, printSum, printProduct, printPower, EDIV_SEP } from './arith-print.js';
import { sumVec, scaleVec, productVec, hadamardVec, transposeVec, frobeniusVec, broadcastVec } from './arith-vec.js';

export { negativePart };

function evalPow<S>(base: Mat<S>, p: Mat<S>, F: Field<S>): Mat<S> {
  const e = scalarOf(p);
  if (base.rows === 1 && base.cols === 1) return scalarMat(F.pow(scalarOf(base), e));
  const k = F.toNumber(e);
  if (!Number.isInteger(k)) throw new Error('matdiff internal: non-integer matrix power');
  let m = k < 0 ? inverse(F, base) : base;
  let r = identity(F, base.rows);
  for (let i = 0; i < Math.abs(k); i++) r = matmul(F, r, m);
  return r;
}

function powShape(args: readonly Shape[], ctx: { same(a: string, b: string): boolean }): Shape {
  const [a, p] = args as [Shape, Shape];
  if (!isScalarShape(p)) throw new ShapeClash((o) => `the exponent ${o[1]} is ${showShape(p)}, not a scalar`);
  if (!ctx.same(a.rows, a.cols)) throw new ShapeClash((o) => `${o[0]} is ${showShape(a)}; ^ needs a square matrix or a scalar (use .^ for elementwise powers)`);
  return a;
}

export const arith: OpRecord[] = [
  {
    op: 'add',
    total: true,
    arity: 'n',
    kind: 'linear',
    transpose: { kind: 'commutes', push: true },
    scalarsFactorOut: true,
    make: (a) => b.add(...a),
    doc: 'A + B, A - B (a scalar added to a matrix is added to every entry, a column vector to every column, a row vector to every row)',
    shape: sameShapes('+'),
    rational: true,
    diffRule: 'd.sum',
    // C : (dA + dB + …) = C : dA + …; code, not a template: n-ary (a template has a fixed arity)
    adjoint: (_t, c) => c,
    adjointRule: 'adj.sum',
    vecRule: sumVec,
    evaluate: (_t, a, F) => a.reduce((x, y) => zip(x, y, F.add)),
    print: (t, a, style, sub) => printSum(t, a, style, sub),
  },
  {
    op: 'bcast',
    total: true,
    arity: 1,
    doc: 'a scalar used where a matrix is needed: every entry equals it',
    shape: (args, ctx, data) => {
      if (!isScalarShape(args[0]!)) throw new ShapeClash((o) => `${o[0]} is ${showShape(args[0]!)}, not a scalar`);
      return data.shape!;
    },
    rational: true,
    kind: 'linear',
    transpose: { kind: 'commutes', push: true },
    scalarsFactorOut: true,
    make: (a, _t, shape) => b.bcast(a[0]!, shape),
    diffRule: 'd.broadcast',
    // C : (da 𝟏) = sum(C) da; code: a bare broadcast has no syntax (adj.broadcast writes da*ones(n, m))
    adjoint: (_t, c) => b.apply('sum', [c]),
    adjointRule: 'adj.broadcast',
    vecRule: broadcastVec,
    evaluate: (t, a, _F, size) => fill(size(t.shape.rows), size(t.shape.cols), () => scalarOf(a[0]!)),
    // elsewhere than in a sum a broadcast must show: sum(a*ones(n,m)) is n·m·a, sum(a) is a
    print: (t, _a, _style, sub) => sub(b.smul(t.args[0]!, b.ones(t.shape))),
  },
  {
    op: 'smul',
    total: true,
    arity: 2,
    doc: 'a * X for a scalar a, X / a',
    shape: (args) => {
      if (!isScalarShape(args[0]!)) throw new ShapeClash((o) => `${o[0]} is ${showShape(args[0]!)}, not a scalar`);
      return args[1]!;
    },
    rational: true,
    kind: 'bilinear',
    transpose: { kind: 'commutes', push: true },
    scalarsFactorOut: true,
    make: (a) => b.smul(a[0]!, a[1]!),
    diffRule: 'd.scale',
    // code: in the scalar argument the adjoint is (X : C)·da, a scalar side, not a `G : dX` (adj.scale)
    adjoint: (t, c, i) => (i === 0 ? b.frob(t.args[1]!, c) : b.smul(t.args[0]!, c)),
    adjointRule: 'adj.scale',
    vecRule: scaleVec,
    evaluate: (_t, a, F) => {
      const s = scalarOf(a[0]!);
      return map(a[1]!, (x) => F.mul(s, x));
    },
    print: (t, a, style, sub) => {
      const s = t.args[0]!;
      const x = a[1]!;
      // -A*B binds like the product A*B (it parses as (-A)*B), -A like a negation
      if (s.op === 'num' && s.value!.equals(-1)) return { s: `${style === 'unicode' ? '−' : '-'}${wrap(x, PREC.product, style)}`, prec: x.prec === PREC.product ? PREC.product : PREC.neg };
      // c*X/(a*b) and -X/a: a number (and other scalars) over scalar powers (src/print/division.ts)
      const division = printScaledDivision(t, style, sub);
      if (division) return division;
      // X / c and X / (a*b): a scalar whose factors are all reciprocals prints as a division
      const recips = s.op === 'pow' ? [s] : s.op === 'mul' ? s.args : [];
      const allRecip = recips.length > 0 && recips.every((f) => f.op === 'pow' && f.args[1]!.op === 'num' && f.args[1]!.value!.compare(0) < 0);
      if (allRecip) {
        const den = b.chain(recips.map((f) => b.pow(f.args[0]!, b.num(f.args[1]!.value!.neg()))));
        if (style === 'latex') return { s: `\\frac{${x.s}}{${sub(den).s}}`, prec: PREC.atom };
        return { s: `${wrap(x, PREC.product, style)}/${wrap(sub(den), PREC.product + 1, style)}`, prec: PREC.product };
      }
      if (s.op === 'num' && s.value!.d !== 1n && style !== 'latex') {
        // 1/2*X reads as a fraction times X; keep it
        const c = a[0]!;
        return { s: `${c.prec < PREC.product ? paren(c, style).s : c.s}${style === 'unicode' ? '·' : '*'}${wrap(x, PREC.product + 1, style)}`, prec: PREC.product };
      }
      const c = a[0]!;
      const sep = style === 'text' ? '*' : style === 'latex' ? ' ' : s.op === 'num' ? '' : '·';
      // a product of scalars needs no parentheses in front of the matrix: 2*lambda*w
      const cs = s.op === 'mul' && !c.s.includes('/') ? c.s : wrap(c, PREC.neg, style);
      const xs = wrap(x, t.args[1]!.op === 'mul' ? PREC.product : PREC.product + 1, style);
      // a product even when it starts with a sign: -2*X is (-2)*X
      return { s: `${cs}${sep}${xs}`, prec: PREC.product };
    },
  },
  {
    op: 'mul',
    total: true,
    arity: 'n',
    doc: 'A * B, the matrix product (a chain of conformable factors, or a product of scalars)',
    shape: (args, ctx) => {
      for (let i = 1; i < args.length; i++) {
        if (!ctx.same(args[i - 1]!.cols, args[i]!.rows)) {
          const l = args[i - 1]!;
          const r = args[i]!;
          throw new ShapeClash((o) => `${o[i - 1]} is ${showShape(l)} but ${o[i]} is ${showShape(r)} (the matrix product needs ${l.cols} = ${r.rows})`);
        }
      }
      return { rows: args[0]!.rows, cols: args[args.length - 1]!.cols };
    },
    rational: true,
    // multilinear: the product rule, one term per varying factor
    kind: 'bilinear',
    transpose: { kind: 'reverses' },
    scalarsFactorOut: true,
    make: (a) => b.chain(a),
    diffRule: 'd.product',
    // C : (L dX R) = (Lᵀ C Rᵀ) : dX; code: n-ary (dX in any of any number of factors)
    adjoint: (t, c, i) => {
      const left = t.args.slice(0, i);
      const right = t.args.slice(i + 1);
      let g = c;
      if (left.length) g = b.mul(b.transpose(b.chain(left)), g);
      if (right.length) g = b.mul(g, b.transpose(b.chain(right)));
      return g;
    },
    adjointRule: 'adj.product',
    vecRule: productVec,
    evaluate: (_t, a, F) => a.reduce((x, y) => matmul(F, x, y)),
    print: (t, _a, style, sub) => printProduct(t, style, sub, false),
  },
  {
    op: 'had',
    total: true,
    arity: 'n',
    doc: 'A .* B (also ∘, ⊙), the Hadamard product; A ./ B is stored as A .* B.^-1',
    shape: sameShapes('the Hadamard product'),
    rational: true,
    kind: 'bilinear',
    transpose: { kind: 'commutes', push: true },
    scalarsFactorOut: true,
    make: (a) => a.reduce((x, y) => b.had(x, y)),
    diffRule: 'd.hadamard',
    // C : (A ∘ dX) = (C ∘ A) : dX; code: n-ary (dX in any of any number of factors)
    adjoint: (t, c, i) => t.args.filter((_, j) => j !== i).reduce((x, y) => b.had(x, y), c),
    adjointRule: 'adj.hadamard',
    vecRule: hadamardVec,
    evaluate: (_t, a, F) => a.reduce((x, y) => zip(x, y, F.mul)),
    print: (t, _a, style, sub) => printProduct(t, style, sub, true),
  },
  {
    op: 'T',
    total: true,
    arity: 1,
    doc: "A' (also Aᵀ), the transpose",
    shape: (args) => transposeShape(args[0]!),
    rational: true,
    kind: 'linear',
    transpose: { kind: 'undoes' },
    scalarsFactorOut: true,
    make: (a) => b.transpose(a[0]!),
    diffRule: 'd.transpose',
    // C : dXᵀ = Cᵀ : dX
    adjointFrom: ['adj.transpose'],
    vecRule: transposeVec,
    evaluate: (_t, a) => transpose(a[0]!),
    print: (_t, a, style) =>
      style === 'latex'
        ? { s: `${wrap(a[0]!, PREC.atom, style)}^{\\top}`, prec: PREC.postfix }
        : { s: `${wrap(a[0]!, PREC.postfix, style)}${style === 'unicode' ? 'ᵀ' : "'"}`, prec: PREC.postfix },
  },
  {
    op: 'frob',
    total: true,
    arity: 2,
    doc: 'A : B = tr(AᵀB), the Frobenius product (a scalar)',
    shape: (args, ctx) => {
      sameShapes('the Frobenius product :')(args, ctx);
      return SCALAR;
    },
    rational: true,
    kind: 'bilinear',
    // a scalar is its own transpose
    transpose: { kind: 'symmetric' },
    scalarsFactorOut: true,
    make: (a) => b.frob(a[0]!, a[1]!),
    diffRule: 'd.frobenius',
    // c · (A : dX) = (c A) : dX; code: a scalar cotangent c, and either side may be dX (adj.frobenius writes one)
    adjoint: (t, c, i) => b.smul(c, t.args[1 - i]!),
    adjointRule: 'adj.frobenius',
    vecRule: frobeniusVec,
    evaluate: (_t, a, F) => scalarMat(zip(a[0]!, a[1]!, F.mul).data.reduce((x, y) => F.add(x, y), F.zero)),
    print: (_t, a, style) => ({ s: `${wrap(a[0]!, PREC.product, style)} : ${wrap(a[1]!, PREC.product, style)}`, prec: PREC.frob }),
  },
  {
    op: 'pow',
    arity: 2,
    doc: 'A^k for a square matrix and an integer k; a^p for scalars',
    shape: powShape,
    rational: true,
    kind: 'other',
    transpose: { kind: 'commutes', push: true },
    scalarsFactorOut: false,
    make: (a) => b.pow(a[0]!, a[1]!),
    diff: (t, d) => {
      const [a, p] = t.args as [Term, Term];
      if (b.isScalar(a)) {
        // d(a^p) = p a^(p−1) da + a^p log(a) dp
        const da = b.isZero(d[0]!) ? b.scalarZero() : b.mul(b.mul(p, b.pow(a, b.add(p, b.num(-1)))), d[0]!);
        const dp = b.isZero(d[1]!) ? b.scalarZero() : b.mul(b.mul(t, b.apply('log', [a])), d[1]!);
        return b.add(da, dp);
      }
      if (!b.isZero(d[1]!) || p.op !== 'num') throw new ShapeClash(() => 'a matrix power needs a constant integer exponent');
      const k = Number(p.value!.valueOf());
      // d(A^k) = Σ_{i<k} A^i dA A^(k−1−i); negative k through B = A⁻¹, dB = −B dA B
      const base = k < 0 ? b.apply('inv', [a]) : a;
      const dBase = k < 0 ? b.neg(b.chain([base, d[0]!, base])) : d[0]!;
      const n = Math.abs(k);
      const terms: Term[] = [];
      for (let i = 0; i < n; i++) {
        const f: Term[] = [];
        if (i > 0) f.push(b.pow(base, b.num(i)));
        f.push(dBase);
        if (n - 1 - i > 0) f.push(b.pow(base, b.num(n - 1 - i)));
        terms.push(b.chain(f));
      }
      return b.add(...terms);
    },
    diffRule: 'd.power',
    evaluate: (_t, a, F) => evalPow(a[0]!, a[1]!, F),
    print: (t, a, style, sub) => {
      const p = t.args[1]!;
      if (style !== 'text' && p.op === 'num' && p.value!.compare(0) < 0 && b.isScalar(t.args[0]!)) {
        const k = p.value!.neg();
        const den = k.equals(1) ? a[0]! : sub(b.pow(t.args[0]!, b.num(k)));
        if (style === 'latex') return atom(`\\frac{1}{${den.s}}`);
        return { s: `1/${wrap(den, PREC.product + 1, style)}`, prec: PREC.product };
      }
      return printPower(a[0]!, p, style, sub, false);
    },
  },
  {
    op: 'epow',
    arity: 2,
    doc: 'A .^ p, the elementwise power',
    shape: (args) => {
      if (!isScalarShape(args[1]!)) throw new ShapeClash((o) => `the exponent ${o[1]} is ${showShape(args[1]!)}, not a scalar`);
      return args[0]!;
    },
    rational: true,
    kind: 'other',
    transpose: { kind: 'commutes', push: true },
    scalarsFactorOut: false,
    make: (a) => b.epow(a[0]!, a[1]!),
    diff: (t, d) => {
      const [a, p] = t.args as [Term, Term];
      // d(A.^p) = p A.^(p−1) ∘ dA + (A.^p ∘ log A) dp
      const da = b.isZero(d[0]!) ? b.zero(t.shape) : b.smul(p, b.had(b.epow(a, b.add(p, b.num(-1))), d[0]!));
      const dp = b.isZero(d[1]!) ? b.zero(t.shape) : b.smul(d[1]!, b.had(t, b.apply('log', [a])));
      return b.add(da, dp);
    },
    diffRule: 'd.elementwise-power',
    evaluate: (_t, a, F) => {
      const e = scalarOf(a[1]!);
      return map(a[0]!, (x) => F.pow(x, e));
    },
    print: (t, a, style, sub) => {
      const p = t.args[1]!;
      if (p.op === 'num' && p.value!.compare(0) < 0) {
        // A.^-1 prints as 1 ./ A
        const k = p.value!.neg();
        const den = k.equals(1) ? a[0]! : sub(b.epow(t.args[0]!, b.num(k)));
        if (style === 'latex') return { s: `\\mathbf{1} \\oslash ${wrap(den, PREC.power, style)}`, prec: PREC.product };
        return { s: `1${EDIV_SEP[style]}${wrap(den, PREC.product + 1, style)}`, prec: PREC.product };
      }
      return printPower(a[0]!, p, style, sub, true);
    },
  },
];

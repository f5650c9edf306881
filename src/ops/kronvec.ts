// The adjoints of vec and kron, as operators of their own, so that a gradient through vec(X) or
// kron(A, X) reads as a closed form in matdiff syntax (and parses back):
//
//   unvec(v, n)      the inverse of vec: the n×m matrix whose columns are the consecutive
//                    n-blocks of v ((n·m)×1), column-major as vec stacks them.
//                    c : vec(dX) = unvec(c, n) : dX   for X n×m           (adj.vec)
//   blocksum(C, A)   C partitioned into p×q blocks Cᵢⱼ (A is p×q): Σᵢⱼ aᵢⱼ Cᵢⱼ. With A = I it is
//                    the partial trace over the first factor of a Kronecker product.
//                    C : kron(A, dB) = blocksum(C, A) : dB                  (adj.kron-right)
//   blockfrob(C, B)  C partitioned into blocks Cᵢⱼ the shape of B: the matrix [Cᵢⱼ : B]ᵢⱼ.
//                    C : kron(dA, B) = blockfrob(C, B) : dA                 (adj.kron-left)
//
// Both block operators are bilinear; each is the adjoint of kron in one argument, and kron is
// their adjoint in the other: G : blocksum(dC, A) = kron(A, G) : dC, G : blockfrob(dC, B) =
// kron(G, B) : dC, G : blocksum(C, dA) = blockfrob(C, G) : dA. The block size is the quotient
// of the dimensions: C is (p·n)×(q·m) and A is p×q, so the blocks are n×m (`dimDiv`).
//
// The constructors below (`unvecOf`, `blockSum`, `blockFrob`) fold what is an identity of the
// catalogue, so the common gradients come out as a person writes them:
//   unvec(vec(Y), n) = Y                          (vec.unvec)
//   unvec(kron(P, Q)*vec(Y), n) = Q*Y*P'          (vec.kron-unvec, from vec(QYPᵀ) = (P ⊗ Q) vec Y)
//   blocksum(kron(P, Q), A) = (A : P) Q,  blockfrob(kron(P, Q), B) = (Q : B) P  (kron.blocksum, kron.blockfrob)
//   blocksum(I, A) = tr(A) I,  blockfrob(I, B) = tr(B) I                        (kron.partial-trace)
import type { OpRecord } from './types.js';
import type { Term } from '../core/term.js';
import { mk } from '../core/term.js';
import { type Dim, type Shape, type ShapeCtx, ShapeClash, showShape, dimMul, dimFactors } from '../core/shape.js';
import * as b from '../core/build.js';
import { fill, at } from '../numeric/matrix.js';
import { call, PREC } from '../print/style.js';

// ---- dimensions -------------------------------------------------------------------------------

/**
 * The quotient a / b of two dimensions, when b divides a as a product of symbols and numbers
 * (`m*n*p` / `p` = `m*n`, `6` / `2` = `3`); undefined otherwise. This is how the block size of
 * a Kronecker-structured matrix is read off its shape and the shape of the other factor.
 */
export function dimDiv(a: Dim, b: Dim): Dim | undefined {
  const x = dimFactors(a);
  const y = dimFactors(b);
  if (x.num % y.num !== 0) return undefined;
  const rest = [...x.syms];
  for (const s of y.syms) {
    const k = rest.indexOf(s);
    if (k < 0) return undefined;
    rest.splice(k, 1);
  }
  return [String(x.num / y.num), ...rest].reduce((p, q) => dimMul(p, q));
}

/**
 * A dimension with every factor resolved by the elaborator's unifier (its `find`), so that a
 * product formed before a factor was known still divides. Term construction (strict shapes)
 * has nothing to resolve.
 */
function resolve(ctx: ShapeCtx, d: Dim): Dim {
  const find = (ctx as { find?: (d: string) => string }).find;
  if (!find) return d;
  return d
    .split('*')
    .map((f) => find.call(ctx, f))
    .reduce((p, q) => dimMul(p, q));
}

function quotient(ctx: ShapeCtx, a: Dim, b: Dim, explain: (o: readonly string[]) => string): Dim {
  const q = dimDiv(resolve(ctx, a), resolve(ctx, b));
  if (q === undefined) throw new ShapeClash(explain);
  return q;
}

/** blocks of C (p·n)×(q·m) against A p×q: the block shape n×m */
function blockShape(C: Shape, A: Shape, ctx: ShapeCtx, what: string): Shape {
  const explain = (o: readonly string[]) =>
    `${o[0]} is ${showShape(C)} and ${o[1]} is ${showShape(A)}, but ${what} needs the dimensions of ${o[0]} to be multiples of those of ${o[1]} (declare ${o[0]} with product dimensions, e.g. ${o[0]}: n*p x m*q)`;
  return { rows: quotient(ctx, C.rows, A.rows, explain), cols: quotient(ctx, C.cols, A.cols, explain) };
}

const sameShape = (a: Shape, c: Shape) => a.rows === c.rows && a.cols === c.cols;

// ---- constructors that fold catalogue identities ----------------------------------------------

/** vec(c), with vec(unvec(v, n)) = v */
export function vecOf(c: Term): Term {
  if (c.op === 'unvec') return c.args[0]!;
  if (c.op === 'zero') return b.zero({ rows: dimMul(c.shape.rows, c.shape.cols), cols: '1' });
  return b.apply('vec', [c]);
}

/** unvec(c, n) as an n×m matrix (`shape`), folding vec.unvec and vec.kron-unvec */
export function unvecOf(c: Term, shape: Shape): Term {
  const go = (x: Term): Term => {
    switch (x.op) {
      case 'zero':
        return b.zero(shape);
      case 'add':
        return b.add(...x.args.map(go));
      case 'smul':
        return b.smul(x.args[0]!, go(x.args[1]!));
      case 'vec':
        if (x.args[0]!.shape.rows === shape.rows && x.args[0]!.shape.cols === shape.cols) return x.args[0]!;
        break;
      case 'mul': {
        // (P ⊗ Q) vec(Y) = vec(Q Y Pᵀ)   (Magnus–Neudecker ch. 2)
        const [K, v] = x.args;
        if (x.args.length === 2 && K!.op === 'kron' && v!.op === 'vec') {
          const [P, Q] = K!.args;
          const Y = v!.args[0]!;
          if (Q!.shape.rows === shape.rows && P!.shape.rows === shape.cols && Q!.shape.cols === Y.shape.rows && P!.shape.cols === Y.shape.cols) {
            return b.chain([Q!, Y, b.transpose(P!)]);
          }
        }
        break;
      }
    }
    return mk('unvec', [x], { shape });
  };
  return go(c);
}

/** blocksum(C, A) = Σᵢⱼ aᵢⱼ Cᵢⱼ, folding kron.blocksum and kron.partial-trace */
export const blockSum = (C: Term, A: Term): Term => blockFold('blocksum', C, A);

/** blockfrob(C, B) = [Cᵢⱼ : B]ᵢⱼ, folding kron.blockfrob and kron.partial-trace */
export const blockFrob = (C: Term, B: Term): Term => blockFold('blockfrob', C, B);

/**
 * blocksum and blockfrob fold the same way through sums, scalings, I and 1; on P ⊗ Q they
 * contract one factor with the weight W and keep the other: blocksum(P ⊗ Q, A) = (A : P) Q (the
 * weights meet the outer factor), blockfrob(P ⊗ Q, B) = (Q : B) P (the block meets B).
 */
function blockFold(op: 'blocksum' | 'blockfrob', C: Term, W: Term): Term {
  const out = blockShape(C.shape, W.shape, { same: (x, y) => x === y }, op);
  const contract = (P: Term, Q: Term): Term | undefined => {
    const [met, kept] = op === 'blocksum' ? [P, Q] : [Q, P];
    if (!sameShape(met.shape, W.shape) || !sameShape(kept.shape, out)) return undefined;
    return b.smul(op === 'blocksum' ? b.frob(W, met) : b.frob(met, W), kept);
  };
  const go = (x: Term): Term => {
    switch (x.op) {
      case 'zero':
        return b.zero(out);
      case 'add':
        return b.add(...x.args.map(go));
      case 'smul':
        return b.smul(x.args[0]!, go(x.args[1]!));
      case 'kron': {
        const r = contract(x.args[0]!, x.args[1]!);
        if (r) return r;
        break;
      }
      case 'eye':
        if (W.shape.rows === W.shape.cols && out.rows === out.cols) return b.smul(b.apply('tr', [W]), b.eye(out.rows));
        break;
      case 'ones':
        return b.smul(b.apply('sum', [W]), b.ones(out));
    }
    return mk(op, [x, W]);
  };
  if (W.op === 'zero') return b.zero(out);
  return go(C);
}

// ---- the records --------------------------------------------------------------------------------

export const kronVecFns: OpRecord[] = [
  {
    op: 'unvec',
    total: true,
    call: ['unvec'],
    arity: 2,
    doc: 'unvec(v, n): the inverse of vec, the n-row matrix whose columns are the consecutive n-blocks of v',
    dimArgs: {
      count: 1,
      data: (args, dims, ctx) => {
        const v = args[0]!;
        const n = dims[0]!;
        const m = quotient(ctx, v.rows, n, (o) => `${o[0]} is ${showShape(v)}, but unvec(${o[0]}, ${n}) needs a column whose length is ${n} times a dimension (declare it, e.g. with vec)`);
        return { shape: { rows: n, cols: m } };
      },
    },
    shape: (args, ctx, data) => {
      const v = args[0]!;
      const s = data.shape!;
      if (!ctx.same(v.cols, '1') || !ctx.same(resolve(ctx, v.rows), dimMul(s.rows, s.cols))) {
        throw new ShapeClash((o) => `${o[0]} is ${showShape(v)}, but unvec into ${s.rows}×${s.cols} needs a ${dimMul(s.rows, s.cols)}×1 column`);
      }
      return s;
    },
    rational: true,
    // linear: d unvec(v, n) = unvec(dv, n)
    kind: 'linear',
    transpose: { kind: 'unknown' },
    scalarsFactorOut: true,
    make: (a, _t, shape) => unvecOf(a[0]!, shape),
    diffRule: 'd.unvec',
    // C : unvec(dv, n) = vec(C) : dv (built through vec's record: vecOf folds vec(unvec(v, n)) = v)
    adjointFrom: ['adj.unvec'],
    // vec(unvec(v, n)) = v
    vecRule: (t, v) => v.jac(t.args[0]!),
    evaluate: (t, a, _F, size) => {
      const n = size(t.shape.rows);
      const v = a[0]!;
      return fill(n, size(t.shape.cols), (i, j) => v.data[j * n + i]!);
    },
    print: (t, a, style) => {
      const n = t.shape.rows;
      if (style === 'latex') return { s: `\\operatorname{unvec}_{${n.replace(/\*/g, '')}}\\left(${a[0]!.s}\\right)`, prec: PREC.atom };
      return call({ text: 'unvec' }, [a[0]!, { s: style === 'unicode' ? n.replace(/\*/g, '') : n, prec: PREC.atom }], style);
    },
  },
  {
    op: 'blocksum',
    total: true,
    call: ['blocksum'],
    arity: 2,
    doc: 'blocksum(C, A): Σ aᵢⱼ Cᵢⱼ over the p×q blocks Cᵢⱼ of C (A is p×q); C : kron(A, dB) = blocksum(C, A) : dB',
    shape: (args, ctx) => blockShape(args[0]!, args[1]!, ctx, 'blocksum'),
    rational: true,
    // bilinear: d blocksum(C, A) = blocksum(dC, A) + blocksum(C, dA)
    kind: 'bilinear',
    // blocksum(C, A)ᵀ = blocksum(Cᵀ, Aᵀ)
    transpose: { kind: 'commutes', push: false },
    scalarsFactorOut: true,
    make: (a) => blockSum(a[0]!, a[1]!),
    diffRule: 'd.blocksum',
    // G : blocksum(dC, A) = kron(A, G) : dC;  G : blocksum(C, dA) = blockfrob(C, G) : dA
    adjointFrom: ['adj.blocksum'],
    evaluate: (_t, a, F) => {
      const [C, A] = [a[0]!, a[1]!];
      const n = C.rows / A.rows;
      const m = C.cols / A.cols;
      return fill(n, m, (k, l) => {
        let s = F.zero;
        for (let i = 0; i < A.rows; i++) for (let j = 0; j < A.cols; j++) s = F.add(s, F.mul(at(A, i, j), at(C, i * n + k, j * m + l)));
        return s;
      });
    },
    print: (_t, a, style) => call({ text: 'blocksum' }, a, style),
  },
  {
    op: 'blockfrob',
    total: true,
    call: ['blockfrob'],
    arity: 2,
    doc: 'blockfrob(C, B): the matrix [Cᵢⱼ : B] of the blocks Cᵢⱼ of C (each the shape of B); C : kron(dA, B) = blockfrob(C, B) : dA',
    shape: (args, ctx) => blockShape(args[0]!, args[1]!, ctx, 'blockfrob'),
    rational: true,
    // bilinear: d blockfrob(C, B) = blockfrob(dC, B) + blockfrob(C, dB)
    kind: 'bilinear',
    // blockfrob(C, B)ᵀ = blockfrob(Cᵀ, Bᵀ)
    transpose: { kind: 'commutes', push: false },
    scalarsFactorOut: true,
    make: (a) => blockFrob(a[0]!, a[1]!),
    diffRule: 'd.blockfrob',
    // G : blockfrob(dC, B) = kron(G, B) : dC;  G : blockfrob(C, dB) = blocksum(C, G) : dB
    adjointFrom: ['adj.blockfrob'],
    evaluate: (_t, a, F) => {
      const [C, B] = [a[0]!, a[1]!];
      const n = B.rows;
      const m = B.cols;
      return fill(C.rows / n, C.cols / m, (i, j) => {
        let s = F.zero;
        for (let k = 0; k < n; k++) for (let l = 0; l < m; l++) s = F.add(s, F.mul(at(C, i * n + k, j * m + l), at(B, k, l)));
        return s;
      });
    },
    print: (_t, a, style) => call({ text: 'blockfrob' }, a, style),
  },
];

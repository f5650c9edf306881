// Inverse, determinant and adjugate: (X⁻¹)⁻¹ = X, I⁻¹ = I, det of a 1×1 matrix is its entry,
// adj(Y⁻¹) = det(Y⁻¹)·Y, and between a scaled adjugate and an inverse adj(Y)/det(Y) = Y⁻¹,
// det(Y)·Y⁻¹ = adj(Y) (catalogue: adjugate.definition, adjugate.of-inverse).
import { Fraction } from '../core/fraction.js';
import { mk, type Term } from '../core/term.js';
import * as b from '../core/build.js';
import { isScalarShape } from '../core/shape.js';
import { scalarProduct } from './scalars.js';
import type { Normal } from './normal.js';

const F1 = new Fraction(1);

/** inverses, determinants and adjugates in canonical form */
export function inverses(N: Normal): Pick<Normal, 'adjugateForm' | 'inverse' | 'adjugate' | 'determinant'> {
  /**
   * adj(Y)/det(Y) = Y⁻¹ and det(Y)·Y⁻¹ = adj(Y), transposed alike (catalogue: adjugate.definition).
   * The first reads log det's gradient adj(X)ᵀ/det(X) as X⁻ᵀ and is defined exactly where its left
   * side is (det Y ≠ 0); the second gives the form that is defined for singular Y too. Each moves
   * one power of det(Y) towards 0, so they cannot undo each other.
   */
  function adjugateForm(s: Term, x: Term): Term | undefined {
    const m = x.op === 'T' ? x.args[0]! : x;
    if (m.op !== 'adj' && m.op !== 'inv') return undefined;
    const y = m.args[0]!;
    const det = b.apply('det', [y]);
    // adj takes a negative power of det(Y), inv a positive one
    const sign = m.op === 'adj' ? -1 : 1;
    const hit = (s.op === 'mul' ? s.args : [s]).some((f) => {
      const [base, e] = f.op === 'pow' && f.args[1]!.op === 'num' ? [f.args[0]!, f.args[1]!.value!] : [f, F1];
      return base === det && e.compare(0) === sign;
    });
    if (!hit) return undefined;
    const other = N.canon(b.apply(m.op === 'adj' ? 'inv' : 'adj', [y]));
    const r = N.scale(scalarProduct([s, b.pow(det, b.num(-sign))]), x.op === 'T' ? N.transposeOf(other) : other);
    N.note('adjugate.definition', mk('smul', [s, x]), r);
    return r;
  }

  /** X⁻¹: (X⁻¹)⁻¹ = X, I⁻¹ = I, a scalar's is its power −1 */
  function inverse(x: Term): Term {
    if (x.op === 'inv') {
      N.note('inv.involution', b.apply('inv', [x]), x.args[0]!);
      return x.args[0]!;
    }
    if (x.op === 'eye') {
      N.note('canon.identity', b.apply('inv', [x]), x);
      return x;
    }
    if (isScalarShape(x.shape)) return scalarProduct([b.pow(x, b.num(-1))]);
    return b.apply('inv', [x]);
  }

  /**
   * adj(X): adj of a 1×1 matrix is 1, of I is I; of an inverse B = Y⁻¹ it is det(B)·B⁻¹ = det(B)·Y,
   * defined wherever B is (catalogue: adjugate.of-inverse)
   */
  function adjugate(x: Term): Term {
    if (isScalarShape(x.shape)) return b.num(1);
    if (x.op === 'eye') return x;
    if (x.op === 'inv') {
      const r = N.scale(b.apply('det', [x]), x.args[0]!);
      N.note('adjugate.of-inverse', b.apply('adj', [x]), r);
      return r;
    }
    return b.apply('adj', [x]);
  }

  /** det(X): the determinant of a 1×1 matrix is its entry */
  function determinant(x: Term): Term {
    return isScalarShape(x.shape) ? x : b.apply('det', [x]);
  }

  return { adjugateForm, inverse, adjugate, determinant };
}

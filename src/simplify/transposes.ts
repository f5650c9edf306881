// Transposes pushed to the leaves: (AB)ᵀ = BᵀAᵀ, (A + B)ᵀ = Aᵀ + Bᵀ, Aᵀ = A for a symmetric
// (spd, diagonal) A, Diag(v)ᵀ = Diag(v); but they stay outside function applications (σ(Wx)ᵀ),
// so a shared subterm keeps one name. Memoized per term.
import { mk, type Term } from '../core/term.js';
import * as b from '../core/build.js';
import { isScalarShape, transposeShape } from '../core/shape.js';
import type { Normal } from './normal.js';

const SYMMETRIC_FACTS = ['symmetric', 'spd', 'diagonal'] as const;

/** Xᵀ in canonical form */
export function transposes(N: Normal): Pick<Normal, 'transposeOf'> {
  const tmemo = new Map<Term, Term>();

  /** Xᵀ pushed to the leaves: (AB)ᵀ = BᵀAᵀ, (A + B)ᵀ = Aᵀ + Bᵀ, Aᵀ = A for symmetric A */
  function transposeOf(x: Term): Term {
    if (isScalarShape(x.shape)) return x;
    const hit = tmemo.get(x);
    if (hit) return hit;
    const r = transposeRaw(x);
    tmemo.set(x, r);
    return r;
  }

  function transposeRaw(x: Term): Term {
    switch (x.op) {
      case 'T':
        return x.args[0]!;
      case 'var':
        return SYMMETRIC_FACTS.some((f) => x.hasFact(f)) ? x : mk('T', [x]);
      case 'zero':
      case 'ones':
      case 'eye':
        return b.transpose(x);
      case 'add':
        return N.sum(x.args.map(transposeOf));
      case 'smul':
        return N.scale(x.args[0]!, transposeOf(x.args[1]!));
      case 'mul':
        return N.product([...x.args].reverse().map(transposeOf));
      case 'had':
        return N.hadamard(x.args.map(transposeOf));
      case 'epow':
        return N.hadamard([mk('epow', [transposeOf(x.args[0]!), x.args[1]!])]);
      case 'Diag':
        return x;
      case 'bcast':
        return b.bcast(x.args[0]!, transposeShape(x.shape));
      case 'pow':
        return b.pow(transposeOf(x.args[0]!), x.args[1]!);
      case 'kron':
        return b.apply('kron', x.args.map(transposeOf));
      default: {
        // inv(X)ᵀ = inv(X) and f(X)ᵀ = f(X) for symmetric X; otherwise the transpose stays outside,
        // so that a shared subterm such as σ(Wx) keeps one name
        const inner = x.args[0];
        if (inner && x.args.length === 1 && (x.op === 'inv' || sameShapeAsArg(x)) && transposeOf(inner) === inner) return x;
        return mk('T', [x]);
      }
    }
  }

  function sameShapeAsArg(x: Term): boolean {
    const a = x.args[0]!;
    return a.shape.rows === x.shape.rows && a.shape.cols === x.shape.cols && x.op !== 'softmax';
  }

  return { transposeOf };
}

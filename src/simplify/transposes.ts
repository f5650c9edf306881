// Transposes pushed to the leaves, as each operator's record says (`transpose` in src/ops/types.ts):
// (AB)ᵀ = BᵀAᵀ (reverses), (A + B)ᵀ = Aᵀ + Bᵀ (commutes, pushed in), Diag(v)ᵀ = Diag(v) (symmetric),
// Aᵀ = A for a symmetric (spd, diagonal) variable. A function that commutes with the transpose but
// is not pushed into (σ, inv) keeps its transpose outside (σ(Wx)ᵀ), so a shared subterm keeps one
// name, and drops it where every argument is its own transpose (σ(S)ᵀ = σ(S)); an operator with
// nothing declared keeps its transpose outside (the lower triangle of a symmetric S is not
// symmetric). Memoized per term.
import { mk, type Term } from '../core/term.js';
import * as b from '../core/build.js';
import { isScalarShape, transposeShape } from '../core/shape.js';
import { opRecord } from '../ops/index.js';
import type { OpRecord } from '../ops/types.js';
import type { Normal } from './normal.js';

const SYMMETRIC_FACTS = ['symmetric', 'spd', 'diagonal'] as const;

/** the operator of `like` applied to new arguments, with the transposed shape */
function remake(rec: OpRecord, args: readonly Term[], like: Term): Term {
  return rec.make ? rec.make(args, like, transposeShape(like.shape)) : mk(like.op, args, like.data);
}

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
    if (r !== mk('T', [x])) N.note(ruleOf(x), mk('T', [x]), r);
    return r;
  }

  /** the catalogue entry (or CANON_RULES id) a pushed transpose implements */
  function ruleOf(x: Term): string {
    if (x.op === 'var') return 'transpose.symmetric';
    if (x.args.length === 0) return 'canon.identity';
    switch (opRecord(x.op).transpose.kind) {
      case 'undoes':
        return 'canon.transpose-involution';
      case 'symmetric':
        return 'transpose.Diag';
      case 'reverses':
        return 'transpose.product';
      case 'commutes':
        return x.op === 'add' ? 'transpose.sum' : x.op === 'smul' ? 'transpose.scale' : x.op === 'had' ? 'transpose.hadamard' : 'canon.transpose-other';
      default:
        return 'canon.transpose-other';
    }
  }

  function transposeRaw(x: Term): Term {
    if (x.args.length === 0) {
      if (x.op === 'var') return SYMMETRIC_FACTS.some((f) => x.hasFact(f)) ? x : mk('T', [x]);
      // the constants fold (onesᵀ, Iᵀ); a differential keeps its transpose
      return b.transpose(x);
    }
    const rec = opRecord(x.op);
    const rule = rec.transpose;
    switch (rule.kind) {
      case 'undoes':
        return x.args[0]!;
      case 'symmetric':
        return x;
      case 'reverses':
        return N.canon(remake(rec, [...x.args].reverse().map(transposeOf), x));
      case 'commutes':
        if (rule.push) return N.canon(remake(rec, x.args.map(transposeOf), x));
        // f(Xᵀ) = f(X)ᵀ, so f(S)ᵀ = f(S) when every argument is its own transpose
        return x.args.every((a) => transposeOf(a) === a) ? x : mk('T', [x]);
      case 'other':
        return N.canon(mk(rule.op, x.args.map(transposeOf), x.data));
      case 'unknown':
        return mk('T', [x]);
    }
  }

  return { transposeOf };
}

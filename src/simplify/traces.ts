// The scalar-valued linear functions and the diagonal: Frobenius products (A:B, aᵀb for vectors),
// traces (tr(a bᵀ) = bᵀa, tr(I) = n), sums of entries (1ᵀy = 1 for a one-hot or prob y or a
// softmax, 1ᵀY = 1ᵀ for the one-hot or prob columns of a matrix or a column-wise softmax, and
// Y1 = 1 for a matrix declared `onehot rows` or `prob rows`: facts used only where declared),
// Diag(v) and diag(X) (Diag(s·1) = s·I, diag(u vᵀ) = u ∘ v, Diag(a)·b = a ∘ b), and the rule they
// share: f(c·X) = c·f(X) and f(0) = 0 for a linear f.
import { mk, type Term } from '../core/term.js';
import * as b from '../core/build.js';
import { isScalarShape } from '../core/shape.js';
import { isOneHot, sumAxis, sumFactOf, type Axis } from '../core/facts.js';
import { compareTerms } from './order.js';
import { scalarProduct, split } from './scalars.js';
import type { Normal } from './normal.js';

/** traces, Frobenius products, sums of entries, Diag and diag in canonical form */
export function traces(N: Normal): Pick<Normal, 'frobenius' | 'trace' | 'sumEntries' | 'sumsInProduct' | 'diagMatrix' | 'diagOf' | 'linearWrap' | 'diagToHadamard'> {
  function frobenius(x: Term, y: Term): Term {
    if (x.op === 'zero' || y.op === 'zero') return b.scalarZero();
    const [cx, ax] = split(x);
    const [cy, ay] = split(y);
    const c = cx.mul(cy);
    if (!c.equals(1)) return scalarProduct([b.num(c), frobenius(ax, ay)]);
    if (x.op === 'smul') return scalarProduct([x.args[0]!, frobenius(x.args[1]!, y)]);
    if (y.op === 'smul') return scalarProduct([y.args[0]!, frobenius(x, y.args[1]!)]);
    if (x.op === 'eye') return noted('canon.frobenius-eye', mk('frob', [x, y]), trace(y));
    if (y.op === 'eye') return noted('canon.frobenius-eye', mk('frob', [x, y]), trace(x));
    // for vectors a:b = aᵀb (columns) or abᵀ (rows)
    if (x.shape.cols === '1') return noted('frob.vectors', mk('frob', [x, y]), N.product([N.transposeOf(x), y]));
    if (x.shape.rows === '1') return noted('frob.vectors', mk('frob', [x, y]), N.product([x, N.transposeOf(y)]));
    if (x.op === 'ones') return sumEntries(y);
    if (y.op === 'ones') return sumEntries(x);
    return compareTerms(x, y) <= 0 ? mk('frob', [x, y]) : noted('frob.commute', mk('frob', [x, y]), mk('frob', [y, x]));
  }

  /** r, the result of the rewrite `rule` of `before`, recorded for the step log */
  function noted(rule: string, before: Term, r: Term): Term {
    N.note(rule, before, r);
    return r;
  }

  function trace(x: Term): Term {
    if (isScalarShape(x.shape)) return x;
    if (x.op === 'zero') return b.scalarZero();
    if (x.op === 'add') return noted('trace.linear', mk('tr', [x]), N.sum(x.args.map(trace)));
    if (x.op === 'smul') return noted('trace.linear', mk('tr', [x]), scalarProduct([x.args[0]!, trace(x.args[1]!)]));
    // tr(I) = tr(𝟏𝟏ᵀ) = n for a literal n
    if ((x.op === 'eye' || x.op === 'ones') && /^\d+$/.test(x.shape.rows)) return noted('canon.trace-eye', mk('tr', [x]), b.num(Number(x.shape.rows)));
    // tr(a bᵀ) = bᵀa for vectors
    if (x.op === 'mul' && x.args[x.args.length - 1]!.shape.rows === '1') {
      const last = x.args[x.args.length - 1]!;
      return noted('trace.outer', mk('tr', [x]), N.product([last, ...x.args.slice(0, -1)]));
    }
    return mk('tr', [x]);
  }

  /**
   * The axis along which x sums to 1: a variable declared onehot or prob (src/core/facts.ts: by
   * columns, a row vector as a whole, or by rows with `rows`), or a softmax (each column; a row
   * vector as a whole). Catalogue: softmax.sum, softmax.columns-sum, onehot.columns-sum,
   * onehot.rows-sum, prob.sum, prob.columns-sum, prob.rows-sum.
   */
  function sumsAlong(x: Term): Axis | undefined {
    if (x.op === 'softmax') return x.shape.rows === '1' ? 'rows' : 'columns';
    return sumAxis(x);
  }

  /** the rule id that says x sums to one: a vector's entries, a matrix's columns or rows */
  const sumRule = (x: Term): string => {
    const vector = x.shape.rows === '1' || x.shape.cols === '1';
    if (x.op === 'softmax') return vector ? 'softmax.sum' : 'softmax.columns-sum';
    const f = sumFactOf(x)!;
    const kind = isOneHot(f) ? 'onehot' : 'prob';
    if (vector) return kind === 'onehot' ? 'canon.onehot' : 'prob.sum';
    return `${kind}.${sumsAlong(x) === 'rows' ? 'rows' : 'columns'}-sum`;
  };

  /** the shape of a constant ones matrix, written ones(…) or ones(…)ᵀ */
  const onesShape = (t: Term) => (t.op === 'ones' ? t.shape : t.op === 'T' && t.args[0]!.op === 'ones' ? t.shape : undefined);

  /**
   * Two adjacent factors of a matrix product that sum something that sums to one: 𝟏ᵀX = 𝟏ᵀ (a row
   * of N ones, 1 for a vector) and Xᵀ𝟏 = 𝟏 where X's columns sum to 1; X𝟏 = 𝟏 and 𝟏ᵀXᵀ = 𝟏ᵀ
   * where its rows do (r𝟏 = 1 for a row r); the ones may be a matrix, 𝟏ₐₓₖX = 𝟏ₐ𝟏ᵀ (an outer
   * product of ones met first). Undefined where none applies.
   */
  function sumPair(l: Term, r: Term): Term | undefined {
    const lo = onesShape(l);
    const ro = onesShape(r);
    const ones = (rows: string, cols: string) => (rows === '1' && cols === '1' ? b.num(1) : b.ones({ rows, cols }));
    let x: Term | undefined;
    let out: Term | undefined;
    // 𝟏X for X summing by columns (a column vector or a matrix); 𝟏Xᵀ = (X𝟏)ᵀ for X summing by rows
    if (lo && r.op !== 'T' && sumsAlong(r) === 'columns') [x, out] = [r, ones(lo.rows, r.shape.cols)];
    else if (lo && r.op === 'T' && sumsAlong(r.args[0]!) === 'rows') [x, out] = [r.args[0]!, ones(lo.rows, r.shape.cols)];
    // Xᵀ𝟏 = (𝟏ᵀX)ᵀ for X summing by columns; X𝟏 for X summing by rows (r𝟏 for a row r)
    else if (ro && l.op === 'T' && sumsAlong(l.args[0]!) === 'columns') [x, out] = [l.args[0]!, ones(l.shape.rows, ro.cols)];
    else if (ro && l.op !== 'T' && sumsAlong(l) === 'rows') [x, out] = [l, ones(l.shape.rows, ro.cols)];
    if (!x || !out) return undefined;
    return noted(sumRule(x), mk('mul', [l, r]), out);
  }

  /**
   * The factors of a matrix product with every sum of something that sums to one folded (𝟏ᵀY = 𝟏ᵀ
   * for one-hot columns Y), then outer products of ones joined: 𝟏ₖ𝟏ᵀ_N = 𝟏ₖₓN. A fold to 1 drops
   * out of the chain.
   */
  function sumsInProduct(factors: Term[]): Term[] {
    const fold = (fs: readonly Term[], pair: (l: Term, r: Term) => Term | undefined): Term[] => {
      const out: Term[] = [];
      for (const f of fs) {
        out.push(f);
        for (let r: Term | undefined; out.length >= 2 && (r = pair(out[out.length - 2]!, out[out.length - 1]!)); ) out.splice(out.length - 2, 2, ...(isScalarShape(r.shape) ? [] : [r]));
      }
      return out;
    };
    const summed = fold(factors, sumPair);
    return fold(summed, (l, r) => {
      const lo = onesShape(l);
      const ro = onesShape(r);
      if (!lo || !ro || lo.cols !== '1') return undefined;
      return noted('canon.ones-outer', mk('mul', [l, r]), b.ones({ rows: lo.rows, cols: ro.cols }));
    });
  }

  function sumEntries(x: Term): Term {
    if (isScalarShape(x.shape)) return x;
    if (x.op === 'zero') return b.scalarZero();
    // a vector's entries add up to 1 (a matrix's columns or rows each do, which leaves sum(X) = N)
    const along = sumsAlong(x);
    if ((x.shape.cols === '1' && along === 'columns') || (x.shape.rows === '1' && along === 'rows')) return noted(sumRule(x), mk('sum', [x]), b.num(1));
    if (x.op === 'T') return noted('canon.sum-entries', mk('sum', [x]), sumEntries(x.args[0]!));
    if (x.op === 'add') return noted('canon.sum-entries', mk('sum', [x]), N.sum(x.args.map(sumEntries)));
    if (x.op === 'smul') return noted('canon.sum-entries', mk('sum', [x]), scalarProduct([x.args[0]!, sumEntries(x.args[1]!)]));
    return mk('sum', [x]);
  }

  /**
   * Diag(s·1) = s·I: the diagonal matrix of a constant vector (ones(n), a broadcast scalar, or
   * either scaled) is a multiple of the identity, which products then drop (A·I = A). A 1×1 Diag(v)
   * is v itself. (catalogue: diag.ones)
   */
  function diagMatrix(t: Term, v: Term): Term {
    if (isScalarShape(t.shape)) return v;
    const n = t.shape.rows;
    if (v.op === 'ones') return noted('diag.ones', t, b.eye(n));
    if (v.op === 'bcast') return noted('diag.ones', t, N.scale(v.args[0]!, b.eye(n)));
    return linearWrap('Diag', v);
  }

  /** f(c·X) = c·f(X) and f(0) = 0, for a linear f */
  function linearWrap(op: string, x: Term): Term {
    if (x.op === 'zero') return b.zero(b.apply(op, [x]).shape);
    const [c, core] = split(x);
    if (!c.equals(1)) return noted('canon.linear', b.apply(op, [x]), N.scale(b.num(c), N.canon(b.apply(op, [core]))));
    if (x.op === 'smul') return noted('canon.linear', b.apply(op, [x]), N.scale(x.args[0]!, N.canon(b.apply(op, [x.args[1]!]))));
    return b.apply(op, [x]);
  }

  /** diag(X): the vector on the diagonal */
  function diagOf(t: Term, x: Term): Term {
    if (x.op === 'Diag' && x.args[0]!.shape.cols === '1') return noted('diag.of-Diag', t, x.args[0]!);
    // diag(I) = 1, the identity's diagonal (catalogue: diag.of-eye)
    if (x.op === 'eye') return noted('diag.of-eye', t, b.ones(t.shape));
    // diag(u vᵀ) = u ∘ v for column vectors (catalogue: diag.outer)
    {
      const [c, m] = x.op === 'smul' ? [x.args[0]!, x.args[1]!] : [undefined, x];
      if (m.op === 'mul' && m.args.length === 2 && m.args[0]!.shape.cols === '1' && m.args[1]!.shape.rows === '1') {
        const uv = N.hadamard([m.args[0]!, N.transposeOf(m.args[1]!)]);
        return noted('diag.outer', t, c ? N.scale(c, uv) : uv);
      }
    }
    return linearWrap('diag', x);
  }

  /** Diag(a)·b = a ∘ b and bᵀ·Diag(a) = bᵀ ∘ aᵀ for vectors b */
  function diagToHadamard(factors: Term[], _scalars: Term[]): Term[] {
    const out: Term[] = [];
    for (const f of factors) {
      const prev = out[out.length - 1];
      if (prev && prev.op === 'Diag' && prev.args[0]!.shape.cols === '1' && f.shape.cols === '1') {
        out[out.length - 1] = noted('diag.hadamard', mk('mul', [prev, f]), N.hadamard([prev.args[0]!, f]));
      } else if (prev && f.op === 'Diag' && f.args[0]!.shape.cols === '1' && prev.shape.rows === '1') {
        out[out.length - 1] = noted('diag.hadamard', mk('mul', [prev, f]), N.hadamard([prev, N.transposeOf(f.args[0]!)]));
      } else out.push(f);
    }
    return out;
  }

  return { frobenius, trace, sumEntries, sumsInProduct, diagMatrix, diagOf, linearWrap, diagToHadamard };
}

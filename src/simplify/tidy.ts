// Presentation: the canonical form keeps sums expanded so that like terms meet; a person writes
// common factors outside, A x + Aᵀx = (A + Aᵀ)x. This pass factors a shared first or last matrix
// factor out of the summands of a sum. It never changes the value, and the numeric check runs on
// its output.
import { mk, type Term } from '../core/term.js';
import * as b from '../core/build.js';
import { isScalarShape } from '../core/shape.js';
import { canon, split, sum, scalarProduct, transposeOf } from './canon.js';
import { expanded, treeSize } from './expand.js';
import { Fraction } from '../core/fraction.js';

import { applyRules, type RecordRule } from './rules.js';

const memo = new Map<Term, Term>();

/**
 * The form shown: the catalogue's simplification rules applied to the canonical form `t`
 * (src/simplify/rules.ts; `record` receives each application for the step log), then factored.
 */
export function tidy(t: Term, record?: RecordRule): Term {
  return readable(factored(applyRules(t, record)));
}

const readableMemo = new Map<Term, Term>();

/**
 * The last touches, after factoring (nothing re-canonicalizes them): a difference of transposes
 * kept together, (x − μ)ᵀ rather than xᵀ − μᵀ; and the all-ones matrix in a sum written as the
 * number it broadcasts, 1 − s rather than ones(n) − s (the same term when read back: a number
 * in a matrix sum is broadcast).
 */
function readable(t: Term): Term {
  const hit = readableMemo.get(t);
  if (hit) return hit;
  const args = t.args.map(readable);
  let r = args.every((a, i) => a === t.args[i]) ? t : mk(t.op, args, t.data);
  if (r.op === 'add') r = transposeOutside(r);
  if (r.op === 'add' && !isScalarShape(r.shape)) r = transposedSum(r);
  if (r.op === 'add' && !isScalarShape(r.shape) && r.args.some((a) => a.op === 'ones')) {
    r = mk('add', r.args.map((a) => (a.op === 'ones' ? b.bcast(b.num(1), a.shape) : a)));
  }
  readableMemo.set(t, r);
  return r;
}

function factored(t: Term): Term {
  const hit = memo.get(t);
  if (hit) return hit;
  const args = t.args.map(factored);
  // a factor factored into a product joins the product it is in: V((A − B)C) is written V(A − B)C
  // (matrix chains only: a product of scalars, or a scalar factor, keeps its own structure)
  const chain = (u: Term): boolean => u.op === 'mul' && !isScalarShape(u.shape) && !u.args.some((f) => isScalarShape(f.shape));
  const flat = chain(t) && args.every((a) => !isScalarShape(a.shape)) ? args.flatMap((a) => (chain(a) ? a.args : [a])) : args;
  let r = flat.length === t.args.length && flat.every((a, i) => a === t.args[i]) ? t : mk(t.op, flat, t.data);
  if (isScalarShape(r.shape) && (r.op === 'add' || r.op === 'mul')) r = smallerScalar(r);
  if (r.op === 'add') r = factorSum(r);
  if (r.op === 'add') r = transposeOutside(r);
  if (r.op === 'add') r = coefficientOutside(r);
  if (r.op === 'mul') r = pullCoefficients(r);
  r = flipSign(r);
  memo.set(t, r);
  return r;
}

interface Summand {
  coef: Term | undefined; // scalar in front, if any
  chain: Term[]; // matrix factors
}

function asChain(t: Term): Summand {
  let coef: Term | undefined;
  let core = t;
  if (t.op === 'smul') {
    coef = t.args[0]!;
    core = t.args[1]!;
  }
  return { coef, chain: core.op === 'mul' ? [...core.args] : [core] };
}

function rebuild(s: Summand): Term {
  const core = s.chain.length === 0 ? undefined : s.chain.length === 1 ? s.chain[0]! : mk('mul', s.chain);
  if (!core) return s.coef ?? b.num(1);
  return s.coef ? mk('smul', [s.coef, core]) : core;
}

/** Factor the most shared last (or first) factor out of a sum's chain summands. */
function factorSum(t: Term): Term {
  if (isScalarShape(t.shape)) return t;
  const summands = t.args.map(asChain);
  for (const side of ['last', 'first'] as const) {
    const pick = (s: Summand) => (s.chain.length >= 2 ? (side === 'last' ? s.chain[s.chain.length - 1] : s.chain[0]) : undefined);
    const counts = new Map<Term, number>();
    for (const s of summands) {
      const f = pick(s);
      if (f) counts.set(f, (counts.get(f) ?? 0) + 1);
    }
    let best: Term | undefined;
    for (const [f, n] of counts) if (n >= 2 && (!best || n > counts.get(best)!)) best = f;
    if (!best) continue;
    const inside: Term[] = [];
    const outside: Term[] = [];
    summands.forEach((s, i) => {
      if (pick(s) === best) {
        const rest = side === 'last' ? s.chain.slice(0, -1) : s.chain.slice(1);
        inside.push(rebuild({ coef: s.coef, chain: rest }));
      } else outside.push(t.args[i]!);
    });
    const innerSum = tidy(canon(mk('add', inside)));
    // pull a common numeric factor of the inner sum outside: 2A x + 2B x = 2(A + B)x
    const [c, innerCore] = commonCoefficient(innerSum);
    const factored = side === 'last' ? mk('mul', [...chainOf(innerCore), best]) : mk('mul', [best, ...chainOf(innerCore)]);
    const withC = c ? mk('smul', [c, factored]) : factored;
    if (outside.length === 0) return withC;
    return mk('add', [withC, ...outside.map((x) => tidy(x))]);
  }
  return t;
}

const chainOf = (t: Term): Term[] => (t.op === 'mul' && !t.args.some((a) => isScalarShape(a.shape)) ? [...t.args] : [t]);

function commonCoefficient(t: Term): [Term | undefined, Term] {
  if (t.op === 'smul' && t.args[0]!.op === 'num') return [t.args[0]!, t.args[1]!];
  if (t.op !== 'add') return [undefined, t];
  const parts = t.args.map(split);
  const c0 = parts[0]![0];
  // 2a − 2b = 2(a − b): every coefficient is ± the first
  if (c0.equals(1) || !parts.every(([c]) => c.abs().equals(c0.abs()))) return [undefined, t];
  return [b.num(c0), canon(mk('add', parts.map(([c, core]) => (c.equals(c0) ? core : b.neg(core)))))];
}

/** a scalar, expanded when that is shorter: (1 − y)s − y(1 − s) = s − y */
function smallerScalar(t: Term): Term {
  const e = expanded(canon(t));
  return e && treeSize(e) < treeSize(t) ? e : t;
}

/** X'(2Xw − 2y) = 2X'(Xw − y): a common number of a sum factor moves in front of the product */
function pullCoefficients(t: Term): Term {
  let c = new Fraction(1);
  const factors = t.args.map((f) => {
    const [k, core] = commonCoefficient(f);
    if (!k || isScalarShape(t.shape)) return f;
    c = c.mul(k.value!);
    return core;
  });
  if (c.equals(1)) return t;
  const chain = mk('mul', factors);
  return isScalarShape(t.shape) ? t : mk('smul', [b.num(c), chain]);
}

/** −2·a·(y − r) = 2·a·(r − y): a negative number in front of a sum becomes the sum's sign */
function flipSign(t: Term): Term {
  if (t.op === 'mul' && isScalarShape(t.shape) && t.args[0]!.op === 'num' && t.args[0]!.value!.compare(0) < 0) {
    const sums = t.args.filter((a) => a.op === 'add');
    if (sums.length !== 1) return t;
    const negated = sum(sums[0]!.args.map((a) => scalarProduct([b.num(-1), a])));
    const c = t.args[0]!.value!.neg();
    const rest = t.args.slice(1).map((a) => (a === sums[0] ? negated : a));
    return c.equals(1) ? (rest.length === 1 ? rest[0]! : mk('mul', rest)) : mk('mul', [b.num(c), ...rest]);
  }
  if (t.op === 'smul') {
    const s = t.args[0]!;
    const flipped = flipSign(s);
    if (flipped !== s) return mk('smul', [flipped, t.args[1]!]);
  }
  return t;
}

/** the number of transposes written in a term (not inside a named function's argument) */
/** transposes written in t, counted as printed (a shared subterm counts each time it is written); memoized: terms are a DAG */
const transposesMemo = new Map<Term, number>();
function transposesIn(t: Term): number {
  const hit = transposesMemo.get(t);
  if (hit !== undefined) return hit;
  let n = 0;
  if (t.op === 'T') n = 1 + transposesIn(t.args[0]!);
  else if (['add', 'mul', 'smul', 'had'].includes(t.op)) n = t.args.reduce((k, a) => k + transposesIn(a), 0);
  transposesMemo.set(t, n);
  return n;
}

/**
 * VUᵀ − Xᵀ = (UVᵀ − X)ᵀ: a sum written as the transpose of the transposed sum, when that writes
 * fewer transposes, or as many but no bare variable transposed (the residual UVᵀ − X reads as
 * itself, as in the gradient for U).
 */
function transposedSum(t: Term): Term {
  const alt = sum(t.args.map(transposeOf));
  if (alt.op !== 'add') return t;
  const now = transposesIn(t);
  const then = 1 + transposesIn(alt);
  const bare = (s: Term) => s.args.filter((a) => (a.op === 'T' && a.args[0]!.op === 'var') || (a.op === 'smul' && a.args[1]!.op === 'T' && a.args[1]!.args[0]!.op === 'var')).length;
  if (then < now || (then === now && bare(alt) === 0 && bare(t) > 0)) return mk('T', [alt]);
  return t;
}

/** x' - u' = (x - u)': a sum of transposes reads better (and shares its name) as one transpose */
function transposeOutside(t: Term): Term {
  const inner: Term[] = [];
  for (const a of t.args) {
    if (a.op === 'T') inner.push(a.args[0]!);
    else if (a.op === 'smul' && a.args[0]!.op === 'num' && a.args[1]!.op === 'T') inner.push(mk('smul', [a.args[0]!, a.args[1]!.args[0]!]));
    else return t;
  }
  return mk('T', [mk('add', inner)]);
}

/** ½xyᵀ + ½yxᵀ = ½(xyᵀ + yxᵀ): a number every summand of a matrix sum carries goes in front */
function coefficientOutside(t: Term): Term {
  if (isScalarShape(t.shape)) return t;
  const [c, core] = commonCoefficient(t);
  return c && core.op === 'add' ? mk('smul', [c, core]) : t;
}

// The canonical form: one representative for the many ways to write the same term, built bottom
// up and memoized per term, so its cost is linear in the size of the DAG. It flattens and sorts
// sums and Hadamard products (no commute/associate rewriting), folds exact rational constants,
// collects like terms, pushes transposes to the leaves, and uses declared facts
// (symmetric: Aᵀ = A; one-hot: 1ᵀy = sum(y) = 1) and the facts of operators (sum(softmax(z)) = 1).
// This file is the entry and the dispatch on the operator; the work is in one file per subject:
//   src/simplify/scalars.ts     coefficients and scalar monomials (the leaf the others build on)
//   src/simplify/ac.ts          the AC normal form: sums, scaled terms, matrix products
//   src/simplify/monomials.ts   Hadamard monomials, merged matrix powers
//   src/simplify/transposes.ts  transposes pushed to the leaves
//   src/simplify/traces.ts      traces, Frobenius products, sums of entries, Diag and diag
//   src/simplify/inverses.ts    inverse, determinant, adjugate
// The parts call one another through one record (src/simplify/normal.ts), built here once.
import { mk, type Term } from '../core/term.js';
import * as b from '../core/build.js';
import { isScalarShape } from '../core/shape.js';
import type { Normal } from './normal.js';
import { acForm } from './ac.js';
import { monomials } from './monomials.js';
import { transposes } from './transposes.js';
import { traces } from './traces.js';
import { inverses } from './inverses.js';
import { opRecord } from '../ops/index.js';

export { split, scalarProduct } from './scalars.js';

const memo = new Map<Term, Term>();

/** one rewrite's application: the catalogue entry (or CANON_RULES id) and the terms it related */
interface Note {
  readonly rule: string;
  readonly before: Term;
  readonly after: Term;
}

/**
 * The rewrites applied while a term's canonical form was first computed (its own node only: its
 * arguments' are under their own terms). They are collected whether or not anyone records, so the
 * memo cannot hide them: `canon(t, record)` replays them for every node of t. A rewrite reached
 * again through a memo inside a computation (a transpose already pushed, a term already in
 * canonical form) is not applied again and is not recorded again; so a step list names each
 * rewrite the canonical form applied to a term once, not once per path that reached it.
 */
const notesOf = new Map<Term, Note[]>();
/** the lists being filled, innermost last (a canonical form computed inside another's) */
const collecting: Note[][] = [];

function note(rule: string, before: Term, after: Term): void {
  if (before !== after) collecting[collecting.length - 1]?.push({ rule, before, after });
}

function compute(t: Term): Term {
  const hit = memo.get(t);
  if (hit) return hit;
  const args = t.args.map(compute);
  const mine: Note[] = [];
  collecting.push(mine);
  let r: Term;
  try {
    r = normalize(t, args);
  } finally {
    collecting.pop();
  }
  memo.set(t, r);
  memo.set(r, r);
  if (mine.length) {
    notesOf.set(t, mine);
    collecting[collecting.length - 1]?.push(...mine);
  }
  return r;
}

/** what receives the canonical form's rewrites: one application each (see `canon`) */
export type CanonRecord = (rule: string, before: Term, after: Term) => void;

/**
 * A recorder for several canon calls that share subterms (the cotangents of one identification):
 * each term's rewrites are reported once across all of them.
 */
export interface CanonRecorder {
  readonly record: CanonRecord;
  readonly seen: Set<Term>;
}

export const canonRecorder = (record: CanonRecord): CanonRecorder => ({ record, seen: new Set() });

/**
 * The canonical form of t (memoized per term). A recorder, when given, receives each rewrite the
 * canonical form applied to t and its subterms, with the id of the catalogue entry it implements
 * or a `canon.*` id (CANON_RULES in src/simplify/normal.ts); it never changes the result.
 */
export function canon(t: Term, recorder?: CanonRecord | CanonRecorder): Term {
  // at the top level nothing is collecting; inside a computation (N.canon) the notes go up
  const r = compute(t);
  if (recorder) {
    const { record, seen } = typeof recorder === 'function' ? canonRecorder(recorder) : recorder;
    const walk = (u: Term): void => {
      if (seen.has(u)) return;
      seen.add(u);
      u.args.forEach(walk);
      for (const n of notesOf.get(u) ?? []) record(n.rule, n.before, n.after);
    };
    walk(t);
  }
  return r;
}

/** the canonical form's parts, each given the record to reach the others */
const N = { canon: compute, note } as Normal;
Object.assign(N, acForm(N), monomials(N), transposes(N), traces(N), inverses(N));

export const sum = (args: readonly Term[]): Term => N.sum(args);
/** s·X in canonical form */
export const scale = (s: Term, x: Term): Term => N.scale(s, x);
/** Xᵀ pushed to the leaves: (AB)ᵀ = BᵀAᵀ, (A + B)ᵀ = Aᵀ + Bᵀ, Aᵀ = A for symmetric A */
export const transposeOf = (x: Term): Term => N.transposeOf(x);

function normalize(t: Term, a: Term[]): Term {
  switch (t.op) {
    case 'add':
      return N.sum(a);
    case 'smul':
      return N.scale(a[0]!, a[1]!);
    case 'mul':
      return N.product(a);
    case 'had':
      return N.hadamard(a);
    case 'epow':
      return N.hadamard([b.epow(a[0]!, a[1]!)]);
    case 'pow':
      return N.power(t, a[0]!, a[1]!);
    case 'T':
      return N.transposeOf(a[0]!);
    case 'frob':
      return N.frobenius(a[0]!, a[1]!);
    case 'bcast':
      if (a[0]!.op === 'zero') N.note('canon.zero', t, b.zero(t.shape));
      if (a[0]!.op === 'num' || a[0]!.op === 'zero') return b.isZero(a[0]!) ? b.zero(t.shape) : a[0]!.value!.equals(1) ? b.ones(t.shape) : N.scale(a[0]!, b.ones(t.shape));
      return b.bcast(a[0]!, t.shape);
    case 'ones':
    case 'eye':
      // the 1×1 ones and identity (from sum or tr of a scalar) are the number 1
      if (isScalarShape(t.shape)) N.note('canon.identity', t, b.num(1));
      return isScalarShape(t.shape) ? b.num(1) : t;
    case 'tr':
      return N.trace(a[0]!);
    case 'det':
      return N.determinant(a[0]!);
    case 'sum':
      return N.sumEntries(a[0]!);
    case 'Diag':
      return N.diagMatrix(t, a[0]!);
    case 'diag':
      return N.diagOf(t, a[0]!);
    case 'vec':
      return N.linearWrap('vec', a[0]!);
    case 'inv':
      return N.inverse(a[0]!);
    case 'adj':
      return N.adjugate(a[0]!);
    default: {
      // what the operator's record says: a linear or bilinear operator of 0 is 0 (kron(A, 0) = 0),
      // and a linear one of one argument takes scalars out (f(cX) = c f(X))
      const rec = opRecord(t.op);
      const linear = rec.kind === 'linear' || rec.kind === 'bilinear';
      if (linear && a.some((x) => x.op === 'zero')) {
        N.note('canon.zero', t, b.zero(t.shape));
        return b.zero(t.shape);
      }
      if (rec.kind === 'linear' && rec.scalarsFactorOut && a.length === 1 && !rec.dimArgs) return N.linearWrap(t.op, a[0]!);
      return a.every((x, i) => x === t.args[i]) ? t : mk(t.op, a, t.data);
    }
  }
}

export function simplify(t: Term): Term {
  return canon(t);
}

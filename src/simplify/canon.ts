// The canonical form: one representative for the many ways to write the same term, built bottom
// up and memoized per term, so its cost is linear in the size of the DAG. It flattens and sorts
// sums and Hadamard products (no commute/associate rewriting), folds exact rational constants,
// collects like terms, pushes transposes to the leaves, and uses declared facts
// (symmetric: Aᵀ = A; one-hot: 1ᵀy = sum(y) = 1) and the facts of operators (sum(softmax(z)) = 1).
import { Fraction } from '../core/fraction.js';
import { mk, type Term } from '../core/term.js';
import * as b from '../core/build.js';
import { isScalarShape, transposeShape } from '../core/shape.js';
import { compareTerms } from './order.js';

const memo = new Map<Term, Term>();
const F1 = new Fraction(1);

export function canon(t: Term): Term {
  const hit = memo.get(t);
  if (hit) return hit;
  const args = t.args.map(canon);
  const r = normalize(t, args);
  memo.set(t, r);
  memo.set(r, r);
  return r;
}

function normalize(t: Term, a: Term[]): Term {
  switch (t.op) {
    case 'add':
      return sum(a);
    case 'smul':
      return scale(a[0]!, a[1]!);
    case 'mul':
      return product(a);
    case 'had':
      return hadamard(a);
    case 'epow':
      return hadamard([b.epow(a[0]!, a[1]!)]);
    case 'pow':
      if (isScalarShape(t.shape)) return scalarProduct([b.pow(a[0]!, a[1]!)]);
      if (a[0]!.op === 'eye') return a[0]!;
      return b.pow(a[0]!, a[1]!);
    case 'T':
      return transposeOf(a[0]!);
    case 'frob':
      return frobenius(a[0]!, a[1]!);
    case 'bcast':
      if (a[0]!.op === 'num' || a[0]!.op === 'zero') return b.isZero(a[0]!) ? b.zero(t.shape) : a[0]!.value!.equals(1) ? b.ones(t.shape) : scale(a[0]!, b.ones(t.shape));
      return b.bcast(a[0]!, t.shape);
    case 'ones':
    case 'eye':
      // the 1×1 ones and identity (from sum or tr of a scalar) are the number 1
      return isScalarShape(t.shape) ? b.num(1) : t;
    case 'tr':
      return trace(a[0]!);
    case 'det':
      // the determinant of a 1×1 matrix is its entry
      return isScalarShape(a[0]!.shape) ? a[0]! : b.apply('det', [a[0]!]);
    case 'sum':
      return sumEntries(a[0]!);
    case 'Diag':
      return diagMatrix(t, a[0]!);
    case 'diag':
      if (a[0]!.op === 'Diag' && a[0]!.args[0]!.shape.cols === '1') return a[0]!.args[0]!;
      // diag(I) = 1, the identity's diagonal (catalogue: diag.of-eye)
      if (a[0]!.op === 'eye') return b.ones(t.shape);
      // diag(u vᵀ) = u ∘ v for column vectors (catalogue: diag.outer)
      {
        const [c, m] = a[0]!.op === 'smul' ? [a[0]!.args[0]!, a[0]!.args[1]!] : [undefined, a[0]!];
        if (m.op === 'mul' && m.args.length === 2 && m.args[0]!.shape.cols === '1' && m.args[1]!.shape.rows === '1') {
          const uv = hadamard([m.args[0]!, transposeOf(m.args[1]!)]);
          return c ? scale(c, uv) : uv;
        }
      }
      return linearWrap('diag', a[0]!);
    case 'vec':
      return linearWrap('vec', a[0]!);
    case 'inv': {
      const x = a[0]!;
      if (x.op === 'inv') return x.args[0]!;
      if (x.op === 'eye') return x;
      if (isScalarShape(x.shape)) return scalarProduct([b.pow(x, b.num(-1))]);
      return b.apply('inv', [x]);
    }
    case 'adj': {
      const x = a[0]!;
      // adj of a 1×1 matrix is 1, of I is I; of an inverse B = Y⁻¹ it is det(B)·B⁻¹ = det(B)·Y,
      // defined wherever B is (catalogue: adjugate.of-inverse)
      if (isScalarShape(x.shape)) return b.num(1);
      if (x.op === 'eye') return x;
      if (x.op === 'inv') return scale(b.apply('det', [x]), x.args[0]!);
      return b.apply('adj', [x]);
    }
    default:
      if (a.some((x) => x.op === 'zero') && ['kron'].includes(t.op)) return b.zero(t.shape);
      return a.every((x, i) => x === t.args[i]) ? t : mk(t.op, a, t.data);
  }
}

/**
 * Diag(s·1) = s·I: the diagonal matrix of a constant vector (ones(n), a broadcast scalar, or
 * either scaled) is a multiple of the identity, which products then drop (A·I = A). A 1×1 Diag(v)
 * is v itself. (catalogue: diag.ones)
 */
function diagMatrix(t: Term, v: Term): Term {
  if (isScalarShape(t.shape)) return v;
  const n = t.shape.rows;
  if (v.op === 'ones') return b.eye(n);
  if (v.op === 'bcast') return scale(v.args[0]!, b.eye(n));
  return linearWrap('Diag', v);
}

/** f(c·X) = c·f(X) and f(0) = 0, for a linear f */
function linearWrap(op: string, x: Term): Term {
  if (x.op === 'zero') return b.zero(b.apply(op, [x]).shape);
  const [c, core] = split(x);
  if (!c.equals(1)) return scale(b.num(c), canon(b.apply(op, [core])));
  if (x.op === 'smul') return scale(x.args[0]!, canon(b.apply(op, [x.args[1]!])));
  return b.apply(op, [x]);
}

/** [numeric coefficient, the rest]: 2*A*x → [2, A*x]; -y → [-1, y]; 3 → [3, 1] */
export function split(t: Term): [Fraction, Term] {
  if (t.op === 'num') return [t.value!, b.num(1)];
  if (t.op === 'smul') {
    const [c, s] = split(t.args[0]!);
    return [c, s.op === 'num' ? t.args[1]! : mk('smul', [s, t.args[1]!])];
  }
  if (t.op === 'mul' && t.args[0]!.op === 'num') {
    const rest = t.args.slice(1);
    return [t.args[0]!.value!, rest.length === 1 ? rest[0]! : mk('mul', rest)];
  }
  return [F1, t];
}

function withCoef(c: Fraction, core: Term): Term {
  if (c.equals(0)) return b.zero(core.shape);
  if (c.equals(1)) return core;
  return scale(b.num(c), core);
}

// ---- sums --------------------------------------------------------------------------------

export function sum(args: readonly Term[]): Term {
  const shape = args[0]!.shape;
  const parts: Term[] = [];
  const push = (t: Term) => {
    if (t.op === 'add') t.args.forEach(push);
    else if (t.op === 'zero') return;
    // a number times a sum distributes, so like terms inside it can meet the others
    else if (t.op === 'smul' && t.args[0]!.op === 'num' && t.args[1]!.op === 'add') t.args[1]!.args.forEach((u) => push(scale(t.args[0]!, u)));
    else if (t.op === 'mul' && t.args.length === 2 && t.args[0]!.op === 'num' && t.args[1]!.op === 'add') t.args[1]!.args.forEach((u) => push(scalarProduct([t.args[0]!, u])));
    else parts.push(t);
  };
  args.forEach(push);
  const coef = new Map<Term, Fraction>();
  for (const p of parts) {
    const [c, core] = split(p);
    coef.set(core, (coef.get(core) ?? new Fraction(0)).add(c));
  }
  let cores = [...coef.entries()].filter(([, c]) => !c.equals(0));
  if (cores.length === 0) return b.zero(shape);
  if (!isScalarShape(shape)) cores = collectScalarMultiples(cores);
  if (cores.length === 0) return b.zero(shape);
  // positive terms first, then by the order of their cores
  cores.sort(([x, cx], [y, cy]) => (cx.compare(0) < 0 ? 1 : 0) - (cy.compare(0) < 0 ? 1 : 0) || compareTerms(x, y));
  const terms = cores.map(([core, c]) => withCoef(c, core));
  return terms.length === 1 ? terms[0]! : mk('add', terms);
}

/** a·X + b·X = (a + b)·X for scalar terms a, b: group the summands by their matrix part */
function collectScalarMultiples(cores: [Term, Fraction][]): [Term, Fraction][] {
  const groups = new Map<Term, Term[]>();
  for (const [core, c] of cores) {
    const [s, x] = core.op === 'smul' ? [core.args[0]!, core.args[1]!] : [b.num(1), core];
    groups.set(x, [...(groups.get(x) ?? []), scalarProduct([b.num(c), s])]);
  }
  if ([...groups.values()].every((g) => g.length === 1)) return cores;
  const out = new Map<Term, Fraction>();
  for (const [x, scalars] of groups) {
    const t = scale(scalars.length === 1 ? scalars[0]! : sum(scalars), x);
    if (t.op === 'zero') continue;
    const [c, core] = split(t);
    out.set(core, (out.get(core) ?? new Fraction(0)).add(c));
  }
  return [...out.entries()].filter(([, c]) => !c.equals(0));
}

// ---- scalar products -----------------------------------------------------------------------

/** Product of 1×1 terms: coefficient first, then bases sorted, equal bases' exponents added. */
export function scalarProduct(factors: readonly Term[]): Term {
  let c = new Fraction(1);
  const exps = new Map<Term, Fraction>();
  const push = (f: Term, e: Fraction) => {
    if (f.op === 'num') {
      if (e.equals(e.floor()) && !(f.value!.equals(0) && e.compare(0) < 0)) c = c.mul(f.value!.pow(e));
      else exps.set(f, (exps.get(f) ?? new Fraction(0)).add(e));
    } else if (f.op === 'zero') c = new Fraction(0);
    else if (f.op === 'mul' && isScalarShape(f.args[0]!.shape) && e.equals(1)) f.args.forEach((g) => push(g, F1));
    else if (f.op === 'mul' && f.args.every((g) => isScalarShape(g.shape)) && e.equals(e.floor())) f.args.forEach((g) => push(g, e));
    else if (f.op === 'pow' && f.args[1]!.op === 'num' && (e.equals(e.floor()) || f.args[1]!.value!.equals(f.args[1]!.value!.floor()) === false)) push(f.args[0]!, f.args[1]!.value!.mul(e));
    else exps.set(f, (exps.get(f) ?? new Fraction(0)).add(e));
  };
  factors.forEach((f) => push(f, F1));
  if (c.equals(0)) return b.zero({ rows: '1', cols: '1' });
  // the numerator first, then the divisors (each group sorted), as `a*b/c` reads and parses
  const fs = [...exps.entries()].filter(([, e]) => !e.equals(0)).sort(([x, ex], [y, ey]) => (ex.compare(0) < 0 ? 1 : 0) - (ey.compare(0) < 0 ? 1 : 0) || compareTerms(x, y));
  const terms = fs.map(([base, e]) => (e.equals(1) ? base : mk('pow', [base, b.num(e)])));
  if (terms.length === 0) return b.num(c);
  if (!c.equals(1)) terms.unshift(b.num(c));
  return terms.length === 1 ? terms[0]! : mk('mul', terms);
}

/** s·X in canonical form */
export function scale(s: Term, x: Term): Term {
  if (b.isZero(s) || x.op === 'zero') return b.zero(x.shape);
  if (isScalarShape(x.shape)) return scalarProduct([s, x]);
  if (x.op === 'smul') return scale(scalarProduct([s, x.args[0]!]), x.args[1]!);
  if (b.isNum(s, 1)) return x;
  // c·(A + B) = cA + cB for a number c: keeps like terms collectable
  if (s.op === 'num' && x.op === 'add') return sum(x.args.map((u) => scale(s, u)));
  return adjugateForm(s, x) ?? mk('smul', [s, x]);
}

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
  const other = canon(b.apply(m.op === 'adj' ? 'inv' : 'adj', [y]));
  return scale(scalarProduct([s, b.pow(det, b.num(-sign))]), x.op === 'T' ? transposeOf(other) : other);
}

// ---- matrix products ----------------------------------------------------------------------

function product(args: readonly Term[]): Term {
  if (args.every((a) => isScalarShape(a.shape))) return scalarProduct(args);
  const scalars: Term[] = [];
  const factors: Term[] = [];
  const push = (t: Term) => {
    if (isScalarShape(t.shape)) scalars.push(t);
    else if (t.op === 'smul') {
      scalars.push(t.args[0]!);
      push(t.args[1]!);
    } else if (t.op === 'mul') t.args.forEach(push);
    else if (t.op === 'eye') return;
    else factors.push(t);
  };
  args.forEach(push);
  const shape = { rows: args[0]!.shape.rows, cols: args[args.length - 1]!.shape.cols };
  if (factors.some((f) => f.op === 'zero') || scalars.some((s) => b.isZero(s))) return b.zero(shape);
  const chainFactors = mergePowers(diagToHadamard(factors, scalars));
  const s = scalarProduct(scalars);
  if (chainFactors.length === 0) return isScalarShape(shape) ? s : scale(s, b.eye(shape.rows));
  // 1ᵀy = yᵀ1 = 1 for a one-hot y or a softmax
  if (chainFactors.length === 2 && isScalarShape(shape)) {
    const [l, r] = chainFactors as [Term, Term];
    if ((l.op === 'T' && l.args[0]!.op === 'ones' && sumsToOne(r)) || (r.op === 'ones' && l.op === 'T' && sumsToOne(l.args[0]!))) return s;
  }
  const core = chainFactors.length === 1 ? chainFactors[0]! : mk('mul', chainFactors);
  return isScalarShape(shape) ? scalarProduct([s, core]) : scale(s, core);
}

/** X·X = X², X²·X⁻¹ = X, Xᵀ·X⁻ᵀ = I: adjacent powers of one square matrix add their (integer) exponents */
function mergePowers(factors: readonly Term[]): Term[] {
  // inv(X)^k is X^-k, and inv(X)ᵀ (the transpose stays outside) is (Xᵀ)^-1; a negative power
  // whose first factor was written inv(X)ᵀ keeps that form (`inverse`)
  const split = (f: Term): [Term, Fraction, Term | undefined] => {
    const [base, e] = f.op === 'pow' && f.args[1]!.op === 'num' ? [f.args[0]!, f.args[1]!.value!] : [f, new Fraction(1)];
    if (base.op === 'T' && base.args[0]!.op === 'inv') return [transposeOf(base.args[0]!.args[0]!), e.neg(), base];
    return base.op === 'inv' ? [base.args[0]!, e.neg(), undefined] : [base, e, undefined];
  };
  const out: [Term, Fraction, Term | undefined][] = [];
  for (const f of factors) {
    const [base, e, inverse] = split(f);
    const last = out[out.length - 1];
    if (last && last[0] === base && base.shape.rows === base.shape.cols) {
      last[1] = last[1].add(e);
      if (last[1].equals(0)) out.pop();
    } else out.push([base, e, inverse]);
  }
  return out.map(([base, e, inverse]) => {
    const [x, k] = e.compare(0) < 0 ? [inverse ?? b.apply('inv', [base]), e.neg()] : [base, e];
    return k.equals(1) ? x : b.pow(x, b.num(k));
  });
}

/** Diag(a)·b = a ∘ b and bᵀ·Diag(a) = bᵀ ∘ aᵀ for vectors b */
function diagToHadamard(factors: Term[], _scalars: Term[]): Term[] {
  const out: Term[] = [];
  for (const f of factors) {
    const prev = out[out.length - 1];
    if (prev && prev.op === 'Diag' && prev.args[0]!.shape.cols === '1' && f.shape.cols === '1') {
      out[out.length - 1] = hadamard([prev.args[0]!, f]);
    } else if (prev && f.op === 'Diag' && f.args[0]!.shape.cols === '1' && prev.shape.rows === '1') {
      out[out.length - 1] = hadamard([prev, transposeOf(f.args[0]!)]);
    } else out.push(f);
  }
  return out;
}

// ---- Hadamard products ---------------------------------------------------------------------

/** Elementwise monomial: scalars pulled out, equal bases' exponents added, bases sorted. */
function hadamard(args: readonly Term[]): Term {
  const shape = args[0]!.shape;
  if (isScalarShape(shape)) return scalarProduct(args);
  const scalars: Term[] = [];
  const exps = new Map<Term, Fraction>();
  let isZero = false;
  const push = (t: Term, e: Fraction) => {
    if (t.op === 'zero') isZero = true;
    else if (t.op === 'ones') return;
    else if (t.op === 'smul' && e.equals(1)) {
      scalars.push(t.args[0]!);
      push(t.args[1]!, e);
    } else if (t.op === 'smul' && t.args[0]!.op === 'num' && e.equals(e.floor())) {
      scalars.push(b.num(t.args[0]!.value!.pow(e)));
      push(t.args[1]!, e);
    } else if (t.op === 'bcast' && e.equals(e.floor())) scalars.push(b.pow(t.args[0]!, b.num(e)));
    else if (t.op === 'had' && (e.equals(1) || e.equals(e.floor()))) t.args.forEach((u) => push(u, e));
    // (A.^p).^e = A.^(p·e) only for an integer e (A.^2).^(1/2) is |A|, not A
    else if (t.op === 'epow' && t.args[1]!.op === 'num' && e.equals(e.floor())) push(t.args[0]!, t.args[1]!.value!.mul(e));
    else exps.set(t, (exps.get(t) ?? new Fraction(0)).add(e));
  };
  args.forEach((a) => push(a, F1));
  if (isZero) return b.zero(shape);
  const fs = [...exps.entries()].filter(([, e]) => !e.equals(0));
  // positive powers first (the numerator), then the divisors; each group sorted
  fs.sort(([x, ex], [y, ey]) => (ex.compare(0) < 0 ? 1 : 0) - (ey.compare(0) < 0 ? 1 : 0) || compareTerms(x, y));
  const terms = fs.map(([base, e]) => (e.equals(1) ? base : mk('epow', [base, b.num(e)])));
  const s = scalarProduct(scalars);
  if (terms.length === 0) return scale(s, b.ones(shape));
  if (terms.length === 1 && terms[0]!.op === 'epow' && terms[0]!.args[1]!.op === 'num' && terms[0]!.args[1]!.value!.compare(0) < 0) {
    // a lone divisor: 1 ./ X
    return scale(s, terms[0]!);
  }
  return scale(s, terms.length === 1 ? terms[0]! : mk('had', terms));
}

// ---- transposes ----------------------------------------------------------------------------

const SYMMETRIC_FACTS = ['symmetric', 'spd', 'diagonal'] as const;

/** Xᵀ pushed to the leaves: (AB)ᵀ = BᵀAᵀ, (A + B)ᵀ = Aᵀ + Bᵀ, Aᵀ = A for symmetric A */
export function transposeOf(x: Term): Term {
  if (isScalarShape(x.shape)) return x;
  const hit = tmemo.get(x);
  if (hit) return hit;
  const r = transposeRaw(x);
  tmemo.set(x, r);
  return r;
}
const tmemo = new Map<Term, Term>();

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
      return sum(x.args.map(transposeOf));
    case 'smul':
      return scale(x.args[0]!, transposeOf(x.args[1]!));
    case 'mul':
      return product([...x.args].reverse().map(transposeOf));
    case 'had':
      return hadamard(x.args.map(transposeOf));
    case 'epow':
      return hadamard([mk('epow', [transposeOf(x.args[0]!), x.args[1]!])]);
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

// ---- scalar-valued linear functions --------------------------------------------------------

function frobenius(x: Term, y: Term): Term {
  if (x.op === 'zero' || y.op === 'zero') return b.scalarZero();
  const [cx, ax] = split(x);
  const [cy, ay] = split(y);
  const c = cx.mul(cy);
  if (!c.equals(1)) return scalarProduct([b.num(c), frobenius(ax, ay)]);
  if (x.op === 'smul') return scalarProduct([x.args[0]!, frobenius(x.args[1]!, y)]);
  if (y.op === 'smul') return scalarProduct([y.args[0]!, frobenius(x, y.args[1]!)]);
  if (x.op === 'eye') return trace(y);
  if (y.op === 'eye') return trace(x);
  // for vectors a:b = aᵀb (columns) or abᵀ (rows)
  if (x.shape.cols === '1') return product([transposeOf(x), y]);
  if (x.shape.rows === '1') return product([x, transposeOf(y)]);
  if (x.op === 'ones') return sumEntries(y);
  if (y.op === 'ones') return sumEntries(x);
  return compareTerms(x, y) <= 0 ? mk('frob', [x, y]) : mk('frob', [y, x]);
}

function trace(x: Term): Term {
  if (isScalarShape(x.shape)) return x;
  if (x.op === 'zero') return b.scalarZero();
  if (x.op === 'add') return sum(x.args.map(trace));
  if (x.op === 'smul') return scalarProduct([x.args[0]!, trace(x.args[1]!)]);
  // tr(I) = tr(𝟏𝟏ᵀ) = n for a literal n
  if ((x.op === 'eye' || x.op === 'ones') && /^\d+$/.test(x.shape.rows)) return b.num(Number(x.shape.rows));
  // tr(a bᵀ) = bᵀa for vectors
  if (x.op === 'mul' && x.args[x.args.length - 1]!.shape.rows === '1') {
    const last = x.args[x.args.length - 1]!;
    return product([last, ...x.args.slice(0, -1)]);
  }
  return mk('tr', [x]);
}

/** a vector whose entries add up to 1: a one-hot y, or softmax(z) (catalogue: softmax.sum) */
function sumsToOne(x: Term): boolean {
  return x.hasFact('onehot') || x.op === 'softmax';
}

function sumEntries(x: Term): Term {
  if (isScalarShape(x.shape)) return x;
  if (x.op === 'zero') return b.scalarZero();
  if (sumsToOne(x)) return b.num(1);
  if (x.op === 'T') return sumEntries(x.args[0]!);
  if (x.op === 'add') return sum(x.args.map(sumEntries));
  if (x.op === 'smul') return scalarProduct([x.args[0]!, sumEntries(x.args[1]!)]);
  return mk('sum', [x]);
}

export function simplify(t: Term): Term {
  return canon(t);
}

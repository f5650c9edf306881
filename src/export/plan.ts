// What an export writes, in terms every target language shares: the function, its gradients or
// its Jacobian-vector / Hessian-vector product as term DAGs, the variables and dimensions, the
// user's names for intermediates. The terms are lowered once for code:
//   - an n-ary matrix product becomes a tree of two-factor products, multiplied in the order that
//     costs least (estimated with every symbolic dimension large: X'*(X*w), not (X'*X)*w), its
//     scalar factors taken out as one scale; the partial products are terms of their own, so a
//     product two chains share (W*x) is computed once;
//   - a matrix power A^k becomes products by repeated squaring (A⁻¹ first for k < 0).
// Every language emitter then walks the lowered DAG once (src/export/js.ts, src/export/python.ts).
import { mk, type Term } from '../core/term.js';
import * as b from '../core/build.js';
import { dimSymbols, isScalarShape, type Dim, type Shape } from '../core/shape.js';
import { canon } from '../simplify/canon.js';
import { MatdiffError } from '../errors.js';
import { toText } from '../print/print.js';
import { Derivation } from '../engine/derive.js';
import { Jacobian } from '../engine/jacobian.js';
import { CODED_OPS, codeName } from './op-code.js';

export interface Variable {
  readonly name: string;
  /** the `var` term: shape and facts */
  readonly term: Term;
}

export interface Problem {
  readonly kind: 'gradient' | 'jacobian' | 'hessian';
  readonly result: Derivation | Jacobian;
  readonly fnName: string;
  /** the function, lowered */
  readonly fn: Term;
  /** the variables of the function, in the order of the program */
  readonly vars: readonly Variable[];
  /** ∂f/∂X for each X differentiated (a Hessian's one gradient too), lowered */
  readonly gradients: readonly { readonly wrt: string; readonly term: Term }[];
  /** the Jacobian-vector or Hessian-vector product along `direction`, lowered */
  readonly action?: { readonly wrt: string; readonly direction: Variable; readonly term: Term };
  /** lowered subterms the user named in the program (v = W*x; z = v + b) */
  readonly userNames: ReadonlyMap<Term, string>;
  /** every dimension symbol, in the order the variables meet them */
  readonly dims: readonly string[];
}

/**
 * Every operator the emitters write (each language writes all of them; a test keeps the list whole):
 * the structural ones, cases of each emitter, and every operator whose record carries its code
 * (elementwise functions, masks: src/export/op-code.ts).
 */
export const EXPORTED_OPS: ReadonlySet<string> = new Set([
  'var', 'num', 'zero', 'ones', 'eye', 'add', 'bcast', 'smul', 'mul', 'had', 'T', 'frob', 'pow', 'epow',
  'tr', 'det', 'logdet', 'inv', 'adj', 'Diag', 'diag', 'sum', 'norm2', 'norm1', 'kron', 'vec',
  'softmax', 'logsumexp', 'log_softmax', 'unvec', 'blocksum', 'blockfrob', 'mean', 'commutation',
  ...CODED_OPS,
]);

/** the size a dimension stands for when choosing the order of a product: every symbol large */
function estimate(d: Dim): number {
  return d.split('*').reduce((n, f) => n * (/^\d+$/.test(f) ? Number(f) : 64), 1);
}

/** the two-factor product tree of a conformable chain that costs least (the textbook dynamic programme) */
function orderChain(fs: readonly Term[]): Term {
  const n = fs.length;
  const dim = [estimate(fs[0]!.shape.rows), ...fs.map((f) => estimate(f.shape.cols))];
  const cost: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const split: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let len = 2; len <= n; len++) {
    for (let i = 0; i + len - 1 < n; i++) {
      const j = i + len - 1;
      cost[i]![j] = Infinity;
      // ties go to the leftmost split: the right end first, x'*(A*x)
      for (let k = i; k < j; k++) {
        const c = cost[i]![k]! + cost[k + 1]![j]! + dim[i]! * dim[k + 1]! * dim[j + 1]!;
        if (c < cost[i]![j]!) {
          cost[i]![j] = c;
          split[i]![j] = k;
        }
      }
    }
  }
  // a partial product that is 1×1 (x'*a in x*x'*a) scales the other side
  const join = (l: Term, r: Term): Term => (isScalarShape(l.shape) && !isScalarShape(r.shape) ? mk('smul', [l, r]) : isScalarShape(r.shape) && !isScalarShape(l.shape) ? mk('smul', [r, l]) : mk('mul', [l, r]));
  const build = (i: number, j: number): Term => (i === j ? fs[i]! : join(build(i, split[i]![j]!), build(split[i]![j]! + 1, j)));
  return build(0, n - 1);
}

/** A^k, k ≥ 0, by repeated squaring: the squares are shared terms, so each is computed once */
function power(a: Term, k: number): Term {
  if (k === 0) return b.eye(a.shape.rows);
  if (k === 1) return a;
  if (k % 2 === 0) {
    const h = power(a, k / 2);
    return mk('mul', [h, h]);
  }
  return mk('mul', [power(a, k - 1), a]);
}

/** The lowering described at the top, memoized over one export (terms are interned: a DAG stays a DAG). */
export function lowerer(): (t: Term) => Term {
  const memo = new Map<Term, Term>();
  const go = (t: Term): Term => {
    const hit = memo.get(t);
    if (hit) return hit;
    const args = t.args.map(go);
    let r: Term;
    if (t.op === 'mul') {
      const scalars = args.filter((a) => isScalarShape(a.shape));
      const chain = args.filter((a) => !isScalarShape(a.shape));
      // the scalar factors scale the matrix product, a number first: -1/2*logdet(S) is smul(-1/2, logdet(S))
      const k = scalars.findIndex((x) => x.op === 'num');
      const others = k < 0 ? scalars : scalars.filter((_, i) => i !== k);
      const product = (fs: readonly Term[]) => (fs.length === 1 ? fs[0]! : mk('mul', [...fs]));
      const m = chain.length === 0 ? undefined : chain.length === 1 ? chain[0]! : orderChain(chain);
      const body = m && others.length ? mk('smul', [product(others), m]) : (m ?? (others.length ? product(others) : undefined));
      r = k < 0 ? body! : body ? mk('smul', [scalars[k]!, body]) : scalars[k]!;
    } else if (t.op === 'pow' && !isScalarShape(args[0]!.shape)) {
      const p = args[1]!;
      const k = p.op === 'num' ? Number(p.value!.valueOf()) : NaN;
      if (!Number.isInteger(k)) throw new MatdiffError('unsupported', `the matrix power \`${toText(t)}\` has no constant integer exponent`);
      r = power(k < 0 ? mk('inv', [args[0]!]) : args[0]!, Math.abs(k));
    } else r = args.every((a, i) => a === t.args[i]) ? t : mk(t.op, args, t.data);
    memo.set(t, r);
    return r;
  };
  return go;
}

/** every node of the DAGs under `roots`, children first */
export function topological(roots: readonly Term[]): Term[] {
  const order: Term[] = [];
  const seen = new Set<Term>();
  const stack: [Term, boolean][] = roots.map((r) => [r, false]);
  stack.reverse();
  while (stack.length) {
    const [t, done] = stack.pop()!;
    if (done) {
      order.push(t);
      continue;
    }
    if (seen.has(t)) continue;
    seen.add(t);
    stack.push([t, true]);
    for (let i = t.args.length - 1; i >= 0; i--) stack.push([t.args[i]!, false]);
  }
  return order;
}

/** how many times each node is used under `roots` (a root counts once more) */
export function useCounts(roots: readonly Term[]): Map<Term, number> {
  const uses = new Map<Term, number>();
  for (const r of roots) uses.set(r, (uses.get(r) ?? 0) + 1);
  for (const t of topological(roots)) for (const a of t.args) uses.set(a, (uses.get(a) ?? 0) + 1);
  return uses;
}

/** An operator no emitter writes: a clear refusal, never wrong code. */
export function assertSupported(roots: readonly Term[], lang: string): void {
  for (const t of topological(roots)) {
    if (!EXPORTED_OPS.has(t.op)) {
      let where = '';
      try {
        where = ` (in \`${toText(t)}\`)`;
      } catch {
        // an operator without a printer: its name says enough
      }
      throw new MatdiffError('unsupported', `export to ${lang} does not support the operator \`${t.op}\` yet${where}`, {
        hint: 'the derivation itself is fine: use its text (matdiff derive), or ask for this operator in the exporter',
      });
    }
  }
}

const varsOf = (roots: readonly Term[]): Set<string> => new Set(topological(roots).filter((t) => t.op === 'var').map((t) => t.name!));

function dimsOf(vars: readonly Variable[], terms: readonly Term[]): string[] {
  const out: string[] = [];
  const add = (s: Shape) => {
    for (const d of [s.rows, s.cols]) for (const sym of dimSymbols(d)) if (!out.includes(sym)) out.push(sym);
  };
  for (const v of vars) add(v.term.shape);
  for (const t of topological(terms)) add(t.shape);
  return out;
}

/** The problem an export solves, from a derivation (gradients) or a Jacobian or Hessian (their actions). */
export function problemOf(result: Derivation | Jacobian): Problem {
  const lower = lowerer();
  const el = result instanceof Derivation ? result.elaborated : undefined;
  const all: ReadonlyMap<string, Term> = result instanceof Derivation ? result.elaborated.vars : result.vars;
  const fn = lower(result.fn);
  const gradients =
    result instanceof Derivation
      ? result.gradients.map((g) => ({ wrt: g.wrt, term: lower(g.term) }))
      : result.kind === 'hessian' && result.stages.gradient
        ? [{ wrt: result.wrt, term: lower(result.stages.gradient.term) }]
        : [];
  let action: Problem['action'];
  if (result instanceof Jacobian) {
    const term = lower(result.action.term.term);
    const direction = topological([term]).find((t) => t.op === 'var' && t.name === result.action.direction) ?? b.variable(result.action.direction, result.variable.shape);
    action = { wrt: result.wrt, direction: { name: result.action.direction, term: direction }, term };
  }
  const used = varsOf([result.fn, ...gradients.map((g) => g.term), ...(action ? [action.term] : [])]);
  const vars = [...all].filter(([name]) => used.has(name) && name !== action?.direction.name).map(([name, term]) => ({ name, term }));
  // the user's names for intermediates: the definitions as written (in f) and in canonical form (in
  // the gradients, which are canonical); a definition that is a bare variable needs no name
  const userNames = new Map<Term, string>();
  const defs: ReadonlyMap<string, Term> = el?.defs ?? new Map();
  for (const [name, t] of defs) {
    if (t === result.fn || t.op === 'var') continue;
    for (const u of [t, canon(t)]) if (!userNames.has(lower(u))) userNames.set(lower(u), name);
  }
  const kind = result instanceof Derivation ? 'gradient' : result.kind;
  const fnName = result instanceof Derivation ? result.elaborated.fnName : result.fnName;
  return { kind, result, fnName, fn, vars, gradients, action, userNames, dims: dimsOf(vars, [fn, ...gradients.map((g) => g.term), ...(action ? [action.term] : [])]) };
}

/** the base a generated name starts from: what the subterm is (Wx for W*x, p for a softmax, the record's base for an elementwise function) */
export function baseName(t: Term, nameOf: (u: Term) => string | undefined): string {
  const short = (u: Term): string | undefined => {
    const n = u.op === 'T' ? nameOf(u.args[0]!) && `${nameOf(u.args[0]!)}t` : nameOf(u);
    return n && n.length <= 4 ? n : undefined;
  };
  switch (t.op) {
    case 'mul': {
      const [l, r] = [short(t.args[0]!), short(t.args[1]!)];
      return l && r ? `${l}${r}` : isScalarShape(t.shape) ? 'dot' : 'prod';
    }
    case 'T':
      return short(t) ?? 'u';
    case 'inv':
    case 'adj':
      return short(t.args[0]!) ? `${short(t.args[0]!)}${t.op === 'inv' ? 'i' : 'adj'}` : t.op === 'inv' ? 'Xi' : 'u';
    default:
      return HINT[t.op] ?? codeName(t.op) ?? 'u';
  }
}

const HINT: Readonly<Record<string, string>> = {
  add: 'z', had: 'h', smul: 'w', bcast: 'c', softmax: 'p', log_softmax: 'lp', logsumexp: 'lse', frob: 'dot', sum: 'total', mean: 'avg',
  tr: 'trace', det: 'dt', logdet: 'ld', norm2: 'nrm', norm1: 'nrm1', kron: 'kr', epow: 'pw', pow: 'pw', Diag: 'D', diag: 'dg',
  vec: 'vc', unvec: 'uv', blocksum: 'bs', blockfrob: 'bf',
};

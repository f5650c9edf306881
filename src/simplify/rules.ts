// Rules as data: the simplification rules of the catalogue (entries with `"simplify": true`,
// most in identities/simplify.json) compiled into rewrite rules and applied to the canonical form.
// An entry `lhs = rhs` becomes the rewrite lhs → rhs, where every variable the entry declares is a
// pattern variable: it matches any term whose shape fits the declared one (dimension symbols are
// matched consistently, `1` matches only `1`), and a declared fact (`positive`, `symmetric`) is a
// guard: the term must be a variable declaring that fact. Both sides are put in canonical form, so
// a pattern is matched against canonical terms: sums and Hadamard products are matched as
// multisets (the pattern's summands or factors against any subset of the term's, the rest kept).
// Every match is verified before it is used: the entry's left side with the bindings substituted,
// in canonical form, must be exactly the matched term, so a permissive matcher can never rewrite a
// term the entry does not describe. Rules run bottom up to a fixed point (bounded: MAX_REWRITES),
// and every application is reported (rule id, before, after) so the step log names it.
import { mk, type Term } from '../core/term.js';
import { SCALAR, type Shape } from '../core/shape.js';
import * as b from '../core/build.js';
import { matchDims, substitute } from '../ops/substitute.js';
import { FAMILIES, type Identity } from '../identities/catalogue.js';
import { entryTerms } from '../identities/terms.js';
import { canon } from './canon.js';

/** a rule application, for the step log */
export type RecordRule = (rule: string, before: Term, after: Term) => void;

interface Rule {
  readonly id: string;
  readonly lhs: Term;
  readonly rhs: Term;
  readonly lhsRaw: Term;
}

/** bound on rule applications in one term: rules shrink terms, so this is a safety net */
export const MAX_REWRITES = 200;
/** sums and Hadamard products longer than this are not searched for a rule's part */
export const MAX_SUBSET_ARGS = 48;

let compiled: Rule[] | undefined;

/** the catalogue entries the engine applies as simplification rules, in catalogue order */
export function simplificationEntries(): Identity[] {
  return FAMILIES.flatMap((f) => f.entries.filter((e) => e.simplify));
}

/** the compiled rules (each entry's sides parsed and put in canonical form once) */
export function rules(): readonly Rule[] {
  if (compiled) return compiled;
  compiled = simplificationEntries().flatMap((e) => {
    const t = entryTerms(e);
    if (!t.lhs) throw new Error(`matdiff internal: simplification rule ${e.id} has no lhs`);
    const general: Rule = { id: e.id, lhs: canon(t.lhs), rhs: canon(t.rhs), lhsRaw: t.lhs };
    // scalars have their own canonical form (a/b is a product with a power, not a Hadamard
    // quotient), so each rule is also compiled with its variables 1×1
    const dims = new Map<string, string>();
    for (const v of t.vars.values()) for (const d of [v.shape.rows, v.shape.cols]) if (!/^\d+$/.test(d)) dims.set(d, '1');
    if (dims.size === 0) return [general];
    const scalarVars = new Map([...t.vars].map(([name, v]) => [name, b.variable(name, SCALAR, v.data.facts ?? [])] as [string, Term]));
    const lhs1 = substitute(t.lhs, scalarVars, dims);
    const rhs1 = substitute(t.rhs, scalarVars, dims);
    return [general, { id: e.id, lhs: canon(lhs1), rhs: canon(rhs1), lhsRaw: lhs1 }];
  });
  return compiled;
}

interface Env {
  vars: Map<string, Term>;
  shapes: [Shape, Shape][];
}

const copy = (e: Env): Env => ({ vars: new Map(e.vars), shapes: [...e.shapes] });

function sameData(p: Term, t: Term): boolean {
  const a = p.data;
  const c = t.data;
  if (a.name !== c.name) return false;
  if ((a.value === undefined) !== (c.value === undefined)) return false;
  if (a.value && !a.value.equals(c.value!)) return false;
  return true;
}

/** every way `p` matches `t`, extending `env` */
function* match(p: Term, t: Term, env: Env): Generator<Env> {
  if (p.op === 'var') {
    const bound = env.vars.get(p.name!);
    if (bound) {
      if (bound === t) yield env;
      return;
    }
    const facts = p.data.facts ?? [];
    // a fact guard: the variable declares it, or a fact that implies it (prob: positive entries)
    if (facts.length && !(t.op === 'var' && facts.every((f) => t.hasFact(f)))) return;
    const e = copy(env);
    e.vars.set(p.name!, t);
    e.shapes.push([p.shape, t.shape]);
    yield e;
    return;
  }
  if (p.op !== t.op || !sameData(p, t)) return;
  if (p.args.length === 0) {
    if (p.op === 'num') yield env;
    else {
      const e = copy(env);
      e.shapes.push([p.shape, t.shape]);
      yield e;
    }
    return;
  }
  if (p.args.length !== t.args.length) return;
  if (p.op === 'add' || p.op === 'had') {
    yield* matchSet(p.args, t.args, env);
    return;
  }
  yield* matchSeq(p.args, t.args, 0, env);
}

function* matchSeq(ps: readonly Term[], ts: readonly Term[], i: number, env: Env): Generator<Env> {
  if (i === ps.length) {
    yield env;
    return;
  }
  for (const e of match(ps[i]!, ts[i]!, env)) yield* matchSeq(ps, ts, i + 1, e);
}

/** the patterns `ps` against distinct members of `ts` (a multiset); yields with the members used */
function* matchSubset(ps: readonly Term[], ts: readonly Term[], used: readonly number[], env: Env): Generator<[Env, number[]]> {
  if (used.length === ps.length) {
    yield [env, [...used]];
    return;
  }
  const p = ps[used.length]!;
  for (let j = 0; j < ts.length; j++) {
    if (used.includes(j)) continue;
    for (const e of match(p, ts[j]!, env)) yield* matchSubset(ps, ts, [...used, j], e);
  }
}

function* matchSet(ps: readonly Term[], ts: readonly Term[], env: Env): Generator<Env> {
  for (const [e] of matchSubset(ps, ts, [], env)) yield e;
}

/** the rewrite of `t` by `r`, if `r`'s left side matches `t` (or part of a sum or Hadamard product) */
function tryRule(r: Rule, t: Term): Term | undefined {
  if (r.lhs.op !== t.op) return undefined;
  // part of a long sum or product: the search is quadratic in its length, so it is bounded
  if ((t.op === 'add' || t.op === 'had') && t.args.length > MAX_SUBSET_ARGS) return undefined;
  const n = (r.lhs.op === 'add' || r.lhs.op === 'had') && r.lhs.args.length < t.args.length ? r.lhs.args.length : -1;
  const candidates: Generator<[Env, number[]]> =
    n < 0
      ? (function* () {
          for (const e of match(r.lhs, t, { vars: new Map(), shapes: [] })) yield [e, t.args.map((_, i) => i)] as [Env, number[]];
        })()
      : matchSubset(r.lhs.args, t.args, [], { vars: new Map(), shapes: [] });
  let tries = 0;
  for (const [env, used] of candidates) {
    if (++tries > 64) return undefined;
    const dims = matchDims(env.shapes);
    if (!dims) continue;
    const part = n < 0 ? t : canon(mk(t.op, used.map((i) => t.args[i]!), t.data));
    // the match is trusted only if the entry's own left side, instantiated, is the matched part
    if (canon(substitute(r.lhsRaw, env.vars, dims)) !== part) continue;
    const out = canon(substitute(r.rhs, env.vars, dims));
    if (n < 0) return out;
    const rest = t.args.filter((_, i) => !used.includes(i));
    return canon(mk(t.op, [out, ...rest], t.data));
  }
  return undefined;
}

const memo = new Map<Term, { out: Term; steps: [string, Term, Term][] }>();

/**
 * The simplification rules applied to `t` (in canonical form) bottom up, to a fixed point.
 * `record` receives every application: the rule's id, the subterm before and after.
 */
export function applyRules(t: Term, record?: RecordRule): Term {
  const c = canon(t);
  let hit = memo.get(c);
  if (!hit) {
    const steps: [string, Term, Term][] = [];
    let budget = MAX_REWRITES;
    const seen = new Map<Term, Term>();
    const walk = (u: Term): Term => {
      const s = seen.get(u);
      if (s) return s;
      const args = u.args.map(walk);
      let cur = args.every((a, i) => a === u.args[i]) ? u : canon(mk(u.op, args, u.data));
      for (let changed = true; changed && budget > 0; ) {
        changed = false;
        for (const r of rules()) {
          const next = tryRule(r, cur);
          if (next === undefined || next === cur) continue;
          steps.push([r.id, cur, next]);
          budget--;
          cur = next === cur ? cur : walkAgain(next);
          changed = true;
          break;
        }
      }
      seen.set(u, cur);
      return cur;
    };
    // a rewrite's result may hold new redexes below its root
    const walkAgain = (u: Term): Term => (budget > 0 ? walk(u) : u);
    hit = { out: walk(c), steps };
    memo.set(c, hit);
  }
  if (record) for (const [id, before, after] of hit.steps) record(id, before, after);
  return hit.out;
}

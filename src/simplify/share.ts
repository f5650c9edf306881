// The pretty form: subterms that occur more than once are named once (`s = σ(W x)`), so a
// gradient reads like a hand derivation and its printed size grows linearly with the DAG rather
// than with the fully expanded tree. The user's own names for intermediates are used where the
// subterm is one the user defined.
import type { Term } from '../core/term.js';
import { opRecord } from '../ops/index.js';
import { atom, type Printed, type Style } from '../print/style.js';

export interface Pretty {
  /** the gradient, with shared subterms replaced by names */
  readonly expr: string;
  /** the names, in dependency order: each uses only names defined before it */
  readonly defs: readonly { name: string; expr: string }[];
}

const TRIVIAL = new Set(['var', 'dvar', 'num', 'zero', 'ones', 'eye']);

function isTrivial(t: Term): boolean {
  if (TRIVIAL.has(t.op)) return true;
  if (t.op === 'T' || t.op === 'bcast') return isTrivial(t.args[0]!);
  if ((t.op === 'pow' || t.op === 'epow') && t.args[1]!.op === 'num') return isTrivial(t.args[0]!);
  return false;
}

const HINT: Record<string, string> = { add: 'z', mul: 'v', sigmoid: 's', softmax: 'p', tanh: 'h', exp: 'e', relu: 'r', inv: 'Xi', log: 'l' };

/** Choose names for the shared subterms of `roots`. */
export function chooseNames(roots: readonly Term[], userNames: ReadonlyMap<Term, string>, taken: ReadonlySet<string>): Map<Term, string> {
  const parents = new Map<Term, number>();
  const order: Term[] = [];
  const seen = new Set<Term>();
  const stack: [Term, boolean][] = roots.map((r) => [r, false]);
  for (const r of roots) parents.set(r, (parents.get(r) ?? 0) + 1);
  while (stack.length) {
    const [t, done] = stack.pop()!;
    if (done) {
      order.push(t);
      continue;
    }
    if (seen.has(t)) continue;
    seen.add(t);
    stack.push([t, true]);
    for (const a of t.args) {
      parents.set(a, (parents.get(a) ?? 0) + 1);
      stack.push([a, false]);
    }
  }
  // a transposed or powered use counts as a use of the inner term: s and sᵀ share the name s
  const uses = new Map<Term, number>(parents);
  for (const t of order) {
    if ((t.op === 'T' || t.op === 'epow' || t.op === 'pow' || t.op === 'bcast') && uses.get(t)) {
      const inner = t.args[0]!;
      uses.set(inner, (uses.get(inner) ?? 0) + (parents.get(t) ?? 0) - 1);
    }
  }
  // generated names avoid every variable and definition; a definition's own name is free for it
  const used = new Set(taken);
  const userSet = new Set(userNames.values());
  const usedByUs = new Set([...taken].filter((n) => !userSet.has(n)));
  const names = new Map<Term, string>();
  const next = new Map<string, number>();
  const generated = new Set<Term>();
  for (const t of order) {
    // a transpose is never named on its own: Si' reads better than u = Si' (and r*r' shows an
    // outer product that u = r' would hide); its inner term carries the name instead
    if (t.op === 'T' || isTrivial(t) || roots.includes(t) || (uses.get(t) ?? 0) < 2) continue;
    let name = userNames.get(t);
    if (!name || usedByUs.has(name)) {
      // inv(S) is named Si; other operators by a letter that suggests them
      const base = t.op === 'inv' && t.args[0]!.op === 'var' && /^[A-Za-z]$/.test(t.args[0]!.name!) ? `${t.args[0]!.name}i` : (HINT[t.op] ?? 'u');
      // the next free index of each base is remembered: thousands of shared `u`s cost linear time
      name = base;
      let k = next.get(base) ?? 1;
      while (used.has(name)) name = `${base}${k++}`;
      next.set(base, k);
      generated.add(t);
    }
    used.add(name);
    usedByUs.add(name);
    names.set(t, name);
  }
  // a user's intermediate that shows up outside every named term keeps the user's name too:
  // (yhat - y)*x rather than (sigmoid(w'*x) - y)*x
  const visited = new Set<Term>();
  const walk = (t: Term) => {
    if (visited.has(t)) return;
    visited.add(t);
    const n = userNames.get(t);
    if (n && !names.has(t) && !roots.includes(t) && !isTrivial(t) && !usedByUs.has(n)) {
      usedByUs.add(n);
      names.set(t, n);
      return;
    }
    t.args.forEach(names.has(t) && !roots.includes(t) ? walkBody : walk);
  };
  // inside a named term's body only function applications keep the user's name
  // (a2 = σ(W2 a1 + b2), but s = σ(W x) rather than s = σ(v))
  const walkBody = (t: Term) => {
    if (visited.has(t)) return;
    const n = userNames.get(t);
    if (n && !names.has(t) && !['add', 'mul', 'smul', 'had', 'T'].includes(t.op) && !isTrivial(t) && !usedByUs.has(n)) {
      walk(t);
      return;
    }
    visited.add(t);
    t.args.forEach(names.has(t) ? walkBody : walkBody);
  };
  roots.forEach(walk);
  pruneNames(names, generated, roots, order);
  return sortDefs(names, order);
}

/**
 * Drop the definitions the printed form would not use: a name printed nowhere (every use of
 * its term is inside other named terms, `u = N^(-1)`), and a generated name printed only once
 * (nothing is shared). A user's own intermediate printed once keeps its name. Counting is over
 * printed occurrences: a named term's body is printed once, in its definition.
 */
function pruneNames(names: Map<Term, string>, generated: ReadonlySet<Term>, roots: readonly Term[], order: readonly Term[]): void {
  for (let round = 0; round < 16; round++) {
    const occ = new Map<Term, number>();
    for (const r of roots) occ.set(r, (occ.get(r) ?? 0) + 1);
    for (let i = order.length - 1; i >= 0; i--) {
      const t = order[i]!;
      const n = occ.get(t) ?? 0;
      if (n === 0) continue;
      const printed = names.has(t) && !roots.includes(t) ? 1 : n;
      for (const a of t.args) occ.set(a, (occ.get(a) ?? 0) + printed);
    }
    const drop = [...names.keys()].filter((t) => (occ.get(t) ?? 0) === 0 || (generated.has(t) && (occ.get(t) ?? 0) < 2));
    if (drop.length === 0) return;
    for (const t of drop) names.delete(t);
  }
}

/** definitions in dependency order (post-order of the DAG) */
function sortDefs(names: Map<Term, string>, order: readonly Term[]): Map<Term, string> {
  const out = new Map<Term, string>();
  for (const t of order) if (names.has(t)) out.set(t, names.get(t)!);
  return out;
}

/** Print `roots` with the named subterms replaced by their names, and the definitions. */
export function prettyPrint(root: Term, names: ReadonlyMap<Term, string>, style: Style): Pretty {
  const memo = new Map<Term, Printed>();
  const body = (t: Term): Printed => {
    const hit = memo.get(t);
    if (hit) return hit;
    const p = opRecord(t.op).print(t, t.args.map(use), style, use);
    memo.set(t, p);
    return p;
  };
  const use = (t: Term): Printed => {
    const n = names.get(t);
    if (n !== undefined) return atom(style === 'latex' ? latexIdent(n) : n);
    return body(t);
  };
  const all: { name: string; expr: string }[] = [];
  for (const [t, n] of names) all.push({ name: style === 'latex' ? latexIdent(n) : n, expr: body(t).s });
  const expr = use(root).s;
  return { expr, defs: written(expr, all) };
}

/**
 * The definitions the printed form writes, from the gradient through the definitions it names.
 * A printer may write a term without the name of one of its parts (x/a for x·a⁻¹ writes a, not a
 * named a⁻¹), so a definition is kept only where its name is written: never `u = a^(-1)` unused.
 */
function written(expr: string, defs: readonly { name: string; expr: string }[]): { name: string; expr: string }[] {
  const esc = (n: string) => n.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
  const writes = (text: string, name: string) => new RegExp(`(?<![A-Za-z0-9_])${esc(name)}(?![A-Za-z0-9_])`).test(text);
  const reached = new Set<string>();
  const visit = (text: string) => {
    for (const d of defs) {
      if (reached.has(d.name) || !writes(text, d.name)) continue;
      reached.add(d.name);
      visit(d.expr);
    }
  };
  visit(expr);
  return defs.filter((d) => reached.has(d.name));
}

function latexIdent(n: string): string {
  const m = /^([A-Za-z]+)(\d*)$/.exec(n);
  if (!m) return n;
  const base = m[1]!.length > 1 ? `\\mathrm{${m[1]}}` : m[1]!;
  return m[2] ? `${base}_{${m[2]}}` : base;
}

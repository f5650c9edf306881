// A catalogue entry as terms: both sides parsed by matdiff's own parser and elaborated with the
// entry's declarations, so an identity is written in exactly the language users type. In a
// differential rule `dX` is an ordinary variable of X's shape (declared automatically); for
// printing it becomes the differential leaf dX.
import type { Term } from '../core/term.js';
import * as b from '../core/build.js';
import { mk } from '../core/term.js';
import { parseProgram, parseDeclarations } from '../parse/parser.js';
import { elaborate, KNOWN_FUNCTIONS } from '../parse/elaborate.js';
import type { Declaration } from '../parse/ast.js';
import type { Identity } from './catalogue.js';
import type { Claim } from './verify.js';

export interface EntryTerms {
  /** every declared variable, the differentials dX included */
  readonly vars: ReadonlyMap<string, Term>;
  readonly lhs?: Term;
  readonly fn?: Term;
  readonly rhs: Term;
  /** for a differential rule: variable X → the name of the variable holding its direction dX */
  readonly along: ReadonlyMap<string, string>;
}

const memo = new Map<string, EntryTerms>();

/** Parse an entry (memoized by id). Throws naming the entry when a side does not parse. */
export function entryTerms(e: Identity): EntryTerms {
  const hit = memo.get(e.id);
  if (hit) return hit;
  const decls = parseDeclarations(e.vars);
  const along = new Map<string, string>();
  for (const x of e.wrt ?? []) {
    const d = decls.find((v) => v.name === x);
    if (!d) throw new Error(`identity ${e.id}: wrt \`${x}\` is not declared in vars`);
    const dn = `d${x}`;
    if (!decls.some((v) => v.name === dn)) decls.push({ name: dn, rows: d.rows, cols: d.cols, facts: [], span: d.span } satisfies Declaration);
    along.set(x, dn);
  }
  const declared = new Set(decls.map((d) => d.name));
  const side = (src: string, what: string): { t: Term; vars: ReadonlyMap<string, Term> } => {
    try {
      const el = elaborate(parseProgram(src, { knownFunctions: KNOWN_FUNCTIONS }), decls, e.vars);
      for (const name of el.vars.keys()) if (!declared.has(name)) throw new Error(`\`${name}\` is not declared`);
      return { t: el.fn, vars: el.vars };
    } catch (err) {
      throw new Error(`identity ${e.id}: ${what} \`${src}\`: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  const rhs = side(e.rhs, 'rhs');
  const lhs = e.lhs !== undefined ? side(e.lhs, 'lhs') : undefined;
  const fn = e.fn !== undefined ? side(e.fn, 'fn') : undefined;
  const r: EntryTerms = { vars: rhs.vars, lhs: lhs?.t, fn: fn?.t, rhs: rhs.t, along };
  memo.set(e.id, r);
  return r;
}

const DIFF_NAME = /^d([A-Za-z][A-Za-z0-9]*)$/;

/** The term with each variable named dX replaced by the differential leaf dX (for printing). */
export function withDifferentials(t: Term): Term {
  const seen = new Map<Term, Term>();
  const go = (u: Term): Term => {
    const hit = seen.get(u);
    if (hit) return hit;
    let r: Term;
    const m = u.op === 'var' ? DIFF_NAME.exec(u.name!) : null;
    if (m) r = b.dvar(m[1]!, u.shape);
    else {
      const args = u.args.map(go);
      r = args.every((a, i) => a === u.args[i]) ? u : mk(u.op, args, u.data);
    }
    seen.set(u, r);
    return r;
  };
  return go(t);
}

/** What the catalogue test checks: lhs = rhs, or rhs = the derivative of fn along the dX. */
export function entryClaim(e: Identity): Claim {
  const t = entryTerms(e);
  return t.fn
    ? { vars: t.vars, along: t.along, left: { derivativeOf: t.fn }, right: { term: t.rhs } }
    : { vars: t.vars, along: t.along, left: { term: t.lhs! }, right: { term: t.rhs } };
}

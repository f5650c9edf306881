// Printing a term in one of three styles. Each operator's record decides how it prints; this
// module only walks the term (memoized, so a shared subterm is formatted once).
//
// A term is a DAG: definitions chained (v2 = sin(v1) + v1; …) share subterms, and their tree —
// what a fully expanded printout writes — grows exponentially with the depth. So the expanded
// form is printed only up to MAX_PRINTED characters (src/limits.ts); past that, the term prints
// with its shared subterms named once, `s = …; u = …; G` in matdiff syntax (which parses back to
// the same term), whose length is linear in the DAG.
import { type Term, setTextPrinter, leafNames } from '../core/term.js';
import { opRecord } from '../ops/index.js';
import type { Printed, Style } from './style.js';
import { chooseNames, prettyPrint } from '../simplify/share.js';
import { MAX_PRINTED } from '../limits.js';

class TooLong extends Error {}

/** A printer for `style`; with `max`, it throws TooLong as soon as a subterm prints longer. */
export function printer(style: Style, max = Infinity): (t: Term) => Printed {
  const memo = new Map<Term, Printed>();
  const go = (t: Term): Printed => {
    const hit = memo.get(t);
    if (hit) return hit;
    const args = t.args.map(go);
    // the arguments' text is (about) part of the result: stop before joining more than `max`
    if (max !== Infinity && args.reduce((n, a) => n + a.s.length, 0) > max) throw new TooLong();
    const p = opRecord(t.op).print(t, args, style, go);
    if (p.s.length > max) throw new TooLong();
    memo.set(t, p);
    return p;
  };
  return go;
}

/** A term as printed: in full, or (past MAX_PRINTED characters) with its shared subterms named. */
export interface Shown {
  readonly s: string;
  /** the term is written out in full (false: shared subterms are named, see `show`) */
  readonly expanded: boolean;
}

/** Names for the shared form: the user's names of intermediates, and names it must not take. */
export interface Naming {
  readonly userNames?: ReadonlyMap<Term, string>;
  readonly taken?: ReadonlySet<string>;
}

/** `t` in full when that is at most `max` characters long, else `undefined` (found out early). */
export function expanded(t: Term, style: Style, max = MAX_PRINTED): string | undefined {
  try {
    return printer(style, max)(t).s;
  } catch (e) {
    if (e instanceof TooLong) return undefined;
    throw e;
  }
}

/**
 * `t` in `style`: written out in full when that is at most MAX_PRINTED characters, else with the
 * subterms it uses more than once named: `s1 = …; s2 = …; G` in text (matdiff statements, which
 * parse back to `t`), `G where s1 = …; s2 = …` in Unicode, `G \quad\text{where } s_1 = …` in LaTeX.
 */
export function show(t: Term, style: Style, naming: Naming = {}): Shown {
  const full = expanded(t, style);
  if (full !== undefined) return { s: full, expanded: true };
  return { s: shared(t, style, naming), expanded: false };
}

function shared(t: Term, style: Style, naming: Naming): string {
  const taken = new Set([...(naming.taken ?? []), ...leafNames(t, () => true)]);
  const names = chooseNames([t], naming.userNames ?? new Map(), taken);
  const p = prettyPrint(t, names, style);
  if (p.defs.length === 0) return p.expr;
  const defs = p.defs.map((d) => `${d.name} = ${d.expr}`);
  if (style === 'text') return [...defs, p.expr].join('; ');
  if (style === 'unicode') return `${p.expr} where ${defs.join('; ')}`;
  return `${p.expr} \\quad\\text{where } ${defs.join(',\\; ')}`;
}

/** matdiff syntax: parses back to the same term (as statements `s = …; G` past MAX_PRINTED characters) */
export const toText = (t: Term): string => show(t, 'text').s;
/** for a terminal: ᵀ, ∘, σ, juxtaposed products */
export const toUnicode = (t: Term): string => show(t, 'unicode').s;
export const toLatex = (t: Term): string => show(t, 'latex').s;

setTextPrinter(toText);

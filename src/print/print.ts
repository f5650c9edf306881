// Printing a term in one of three styles. Each operator's record decides how it prints; this
// module only walks the term (memoized, so a shared subterm is formatted once).
import { type Term, setTextPrinter } from '../core/term.js';
import { opRecord } from '../ops/index.js';
import type { Printed, Style } from './style.js';

export function printer(style: Style): (t: Term) => Printed {
  const memo = new Map<Term, Printed>();
  const go = (t: Term): Printed => {
    const hit = memo.get(t);
    if (hit) return hit;
    const args = t.args.map(go);
    const p = opRecord(t.op).print(t, args, style, go);
    memo.set(t, p);
    return p;
  };
  return go;
}

/** matdiff syntax: parses back to the same term */
export const toText = (t: Term): string => printer('text')(t).s;
/** for a terminal: ᵀ, ∘, σ, juxtaposed products */
export const toUnicode = (t: Term): string => printer('unicode')(t).s;
export const toLatex = (t: Term): string => printer('latex')(t).s;

setTextPrinter(toText);

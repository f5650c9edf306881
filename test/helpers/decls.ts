// The declarations of every variable of a term, or of a map of variables (`W: n x m; x: m x 1
// positive`), so that a printed result parses back with the shapes and facts the engine gave it.
import type { Term } from '../../src/core/term.js';

/** declarations for the given variables */
export const declsOfVars = (vars: Iterable<Term>): string =>
  [...vars].map((v) => `${v.name}: ${v.shape.rows} x ${v.shape.cols} ${(v.data.facts ?? []).join(' ')}`.trim()).join('; ');

/** declarations for the variables a term uses */
export function declsOf(t: Term): string {
  const vars: Term[] = [];
  const seen = new Set<Term>();
  const walk = (u: Term) => {
    if (seen.has(u)) return;
    seen.add(u);
    if (u.op === 'var') vars.push(u);
    u.args.forEach(walk);
  };
  walk(t);
  return declsOfVars(vars);
}

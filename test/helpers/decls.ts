// The declarations of every variable of a term (`W: n x m; x: m x 1 positive`), so that a
// printed result parses back with the shapes and facts the engine gave it.
import type { Term } from '../../src/core/term.js';

export function declsOf(t: Term): string {
  const out: string[] = [];
  const seen = new Set<Term>();
  const walk = (u: Term) => {
    if (seen.has(u)) return;
    seen.add(u);
    if (u.op === 'var') out.push(`${u.name}: ${u.shape.rows} x ${u.shape.cols} ${(u.data.facts ?? []).join(' ')}`.trim());
    u.args.forEach(walk);
  };
  walk(t);
  return out.join('; ');
}

// Editing a term in place for the catalogue of mistakes (src/verify/mistakes.ts): every node of a
// term, and the term with one node replaced, rebuilt through the smart constructors so a mistaken
// form is a well-shaped term (or nothing, where a shape no longer fits).
import { mk, type Term } from '../core/term.js';
import * as b from '../core/build.js';

/** every node of t (each once), parents before children (also used by test/verify-mutation.test.ts) */
export function nodes(t: Term): Term[] {
  const out: Term[] = [];
  const seen = new Set<Term>();
  const go = (u: Term) => {
    if (seen.has(u)) return;
    seen.add(u);
    out.push(u);
    u.args.forEach(go);
  };
  go(t);
  return out;
}

/** t with the node `at` replaced by `by` (undefined when a shape no longer fits) */
export function replaceNode(t: Term, at: Term, by: Term): Term | undefined {
  const memo = new Map<Term, Term>();
  const go = (u: Term): Term => {
    if (u === at) return by;
    const hit = memo.get(u);
    if (hit) return hit;
    const args = u.args.map(go);
    const r = args.every((a, i) => a === u.args[i]) ? u : rebuild(u, args);
    memo.set(u, r);
    return r;
  };
  try {
    return go(t);
  } catch {
    return undefined;
  }
}

function rebuild(u: Term, args: readonly Term[]): Term {
  switch (u.op) {
    case 'add':
      return b.add(...args);
    case 'mul':
      return b.chain(args);
    case 'had':
      return args.reduce((x, y) => b.had(x, y));
    case 'smul':
      return b.smul(args[0]!, args[1]!);
    case 'T':
      return b.transpose(args[0]!);
    default:
      return mk(u.op, args, u.data);
  }
}

export const attempt = (f: () => Term): Term | undefined => {
  try {
    return f();
  } catch {
    return undefined;
  }
};

// A total order on terms that does not depend on the order they were created in, so that a sum
// or Hadamard product of the same factors always comes out sorted the same way. The key reads
// like the printed term (names, then their transposes and powers) so sorted output looks natural:
// `s - s.^2`, `A + A'`, `softmax(z) - y`.
import type { Term } from '../core/term.js';

const MAX = 60;
const memo = new WeakMap<Term, string>();

export function sortKey(t: Term): string {
  const hit = memo.get(t);
  if (hit !== undefined) return hit;
  const k = (u: Term) => sortKey(u);
  let s: string;
  switch (t.op) {
    case 'var':
      s = t.name!;
      break;
    case 'dvar':
      s = 'd' + t.name!;
      break;
    case 'num':
      s = ' ' + t.value!.toFraction();
      break;
    case 'zero':
      s = ' 0';
      break;
    case 'ones':
      s = ' 1';
      break;
    case 'eye':
      s = 'I';
      break;
    case 'T':
      s = k(t.args[0]!) + '~'; // transposes sort after the plain term: A before A'
      break;
    case 'epow':
      s = k(t.args[0]!) + '.^' + k(t.args[1]!);
      break;
    case 'pow':
      s = k(t.args[0]!) + '^' + k(t.args[1]!);
      break;
    case 'smul':
      s = k(t.args[1]!) + '*' + k(t.args[0]!); // ordered by the matrix, not by the factor
      break;
    case 'mul':
      s = t.args.map(k).join('*');
      break;
    case 'had':
      s = t.args.map(k).join('.*');
      break;
    case 'add':
      s = t.args.map(k).join('+');
      break;
    case 'bcast':
      s = k(t.args[0]!);
      break;
    default:
      s = `${t.op}(${t.args.map(k).join(',')})`;
  }
  if (s.length > MAX) s = s.slice(0, MAX);
  memo.set(t, s);
  return s;
}

export function compareTerms(a: Term, b: Term): number {
  if (a === b) return 0;
  const ka = sortKey(a);
  const kb = sortKey(b);
  if (ka !== kb) return ka < kb ? -1 : 1;
  if (a.hash !== b.hash) return a.hash < b.hash ? -1 : 1;
  return a.id - b.id; // only for a hash collision between different terms
}

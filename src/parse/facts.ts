// The fact words of a declaration (`S: n x n symmetric`, `p: k prob`, `Y: N x k onehot rows`): the
// words read (src/parse/declarations.ts), their aliases, the two-word forms `onehot rows` and
// `prob rows` (and `onehot columns`, `prob columns`: the default said out loud), and the facts a
// variable cannot have together or with its shape (src/parse/elaborate.ts, where shapes are known).
import { type Fact, FACTS } from '../core/term.js';
import { isSumFact } from '../core/facts.js';
import { isScalarShape, showShape, type Shape } from '../core/shape.js';
import { MatdiffError, type Span } from '../errors.js';
import { nearest } from './suggest.js';

const ALIASES: Readonly<Record<string, Fact>> = { 'one-hot': 'onehot', pd: 'spd', posdef: 'spd', 'one-hot-rows': 'onehot-rows' };

/** every word that names a fact (never a dimension) */
export const FACT_WORDS: readonly string[] = [...FACTS, ...Object.keys(ALIASES)];

/** the words that say along which axis a onehot or prob matrix sums to 1 */
const AXIS_WORDS = ['rows', 'columns', 'cols'];

/** the words offered when a fact word is misspelt */
const SUGGESTED = [...FACT_WORDS, ...AXIS_WORDS];

export const FACT_LIST = 'symmetric, spd, diagonal, positive, onehot, prob (onehot rows, prob rows for a matrix whose rows sum to 1)';

/** the fact a declared word names (an alias resolved), or undefined */
export function factOf(word: string): Fact | undefined {
  const w = word.toLowerCase();
  const f = ALIASES[w] ?? w;
  return (FACTS as readonly string[]).includes(f) ? (f as Fact) : undefined;
}

/**
 * The facts of the words after a declaration's shape, in the declaration's own words (lowercase,
 * `onehot rows` joined into `onehot-rows`). `rowVector`: the declared shape is 1×m, where
 * `columns` would make every entry 1.
 */
export function factWordsOf(rest: readonly string[], name: string, rowVector: boolean, err: (msg: string, hint: string, word: string) => never): string[] {
  const facts: string[] = [];
  for (const w of rest) {
    const lw = w.toLowerCase();
    if (AXIS_WORDS.includes(lw)) {
      const prev = facts[facts.length - 1];
      if (prev !== 'onehot' && prev !== 'one-hot' && prev !== 'prob') {
        err(`\`${w}\` in the declaration of ${name} says how a onehot or prob matrix sums to 1, and follows that word`, `write \`${name}: N x k onehot ${lw === 'rows' ? 'rows' : 'columns'}\` or \`${name}: k x N prob ${lw === 'rows' ? 'rows' : 'columns'}\``, w);
      }
      if (lw === 'rows') facts[facts.length - 1] = `${factOf(prev!)}-rows`;
      else if (rowVector) err(`${name} is a row vector: \`${prev} ${w}\` would make each entry a column of its own; a row vector declared ${prev} sums to 1 as a whole`, `write \`${name}: 1 x n ${prev}\``, w);
      continue;
    }
    if (!FACT_WORDS.includes(lw)) {
      const near = nearest(lw, SUGGESTED);
      err(`unknown fact \`${w}\` in the declaration of ${name}`, near ? `did you mean \`${near}\`?` : `facts: ${FACT_LIST}`, w);
    }
    facts.push(lw);
  }
  return facts;
}

/**
 * The declared facts of a variable of shape `shape`, checked: known words, a square shape for
 * symmetric, spd and diagonal, at most one of onehot and prob, and none of those with a fact whose
 * values cannot also be drawn (a symmetric one-hot matrix), nor a rows fact on a column vector.
 */
export function checkedFacts(name: string, words: readonly string[], shape: Shape, source: string, span: Span | undefined): Fact[] {
  const bad = (msg: string, hint?: string): never => {
    throw new MatdiffError('declaration', msg, { source, span, hint });
  };
  const facts = words.map((w) => factOf(w) ?? bad(`unknown fact \`${w}\` for ${name}`, `facts: ${FACT_LIST}`));
  const square = facts.filter((f) => f === 'symmetric' || f === 'spd' || f === 'diagonal');
  if (square.length && shape.rows !== shape.cols) bad(`${name} is declared ${words.join(' ')} but is ${showShape(shape)}, not square`);
  const sums = [...new Set(facts.filter(isSumFact))];
  if (sums.length > 1) bad(`${name} is declared ${sums.map((f) => f.replace('-', ' ')).join(' and ')}: give one of them`, 'onehot: a single 1 per column (per row with `rows`); prob: positive entries summing to 1 per column (per row with `rows`)');
  const sum = sums[0];
  if (sum && square.length) bad(`${name} is declared ${square[0]} and ${sum.replace('-', ' ')}: matdiff cannot draw values that are both, so it does not take both`);
  if (sum && sum.startsWith('onehot') && facts.includes('positive')) bad(`${name} is declared onehot and positive, but a one-hot ${isScalarShape(shape) ? 'value' : 'vector'} has zero entries`, 'for positive entries that sum to 1, declare prob');
  if (sum?.endsWith('-rows') && shape.cols === '1' && shape.rows !== '1') {
    const base = sum.replace('-rows', '');
    bad(`${name} is a column vector (${showShape(shape)}): each of its rows is one entry, so \`${base} rows\` would make every entry 1`, `a column vector declared ${base} sums to 1 as a whole: \`${name}: ${shape.rows} ${base}\``);
  }
  return facts;
}

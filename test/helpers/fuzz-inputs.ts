// The inputs of the command-line fuzz test (test/fuzz.test.ts), from a fixed seed: token soup from
// matdiff's vocabulary, a loose grammar, every prefix of the README examples, character- and
// token-level mutations of them (and of their declarations and claims), inputs built to reach the
// limits, and expressions at the limits on powers — each wrapped by `command` as a derive, check
// or report command line. The test file runs them through `matdiff` and judges the outcomes.
import '../../src/index.js';
import { KNOWN_FUNCTIONS } from '../../src/parse/elaborate.js';
import { Rand } from './numeric.js';

/** the longest token soup, in UTF-16 units */
export const CAP = 120;

export interface Seed {
  expr: string;
  wrt: string[];
  vars?: string;
  claim?: string;
}

/** README's examples (and the --help examples), with their declarations and a claim */
export const SEEDS: Seed[] = [
  { expr: 'v = W*x; s = sigmoid(v); E = 1/2*(s - y):(s - y)', wrt: ['W', 'x'], vars: 'W: n x m; x: m; y: n', claim: "S = Diag(s); (S - S^2)*(s - y)*x'" },
  { expr: "yhat = sigmoid(w'*x); L = -(y*log(yhat) + (1 - y)*log(1 - yhat))", wrt: ['w'], vars: 'y: scalar', claim: '(yhat - y)*x' },
  { expr: "L = -y*log(softmax(z))'", wrt: ['z'], vars: 'y: 1 x N onehot; z: 1 x N', claim: 'softmax(z) - y' },
  { expr: "u = relu(w'*x + b); C = (y - u)^2", wrt: ['w', 'b'], claim: "2*step(w'*x + b)*(u - y)*x" },
  { expr: "sigmoid(w'*x + b)", wrt: ['w', 'x'], claim: "(1 - sigmoid(w'*x + b))*sigmoid(w'*x + b)*x" },
  { expr: "x'*A*x", wrt: ['x'], claim: '2*A*x' },
  { expr: "x'*A*x", wrt: ['x'], vars: 'A: n x n symmetric', claim: '(A + A\')*x' },
  { expr: 'tr(A*X*B)', wrt: ['X'], claim: "A'*B'" },
  { expr: 'logdet(X)', wrt: ['X'], vars: 'X: n x n spd', claim: 'inv(X)' },
  { expr: "-y'*log(softmax(z))", wrt: ['z'], vars: 'y: n onehot; z: n', claim: 'softmax(z) - y' },
  { expr: 'W*x', wrt: ['W'], vars: 'W: n x m; x: k' },
  { expr: "det(X) + tr(inv(X)*A) + norm2(W*x - y)^2 + norm1(x)", wrt: ['X', 'W'], claim: "det(X)*inv(X)' - inv(X)'*A'*inv(X)'" },
  { expr: "logsumexp(W*x) + sum(kron(A, B)) + vec(A)'*vec(B)", wrt: ['A', 'x'], claim: 'vec(B)' },
  { expr: 'σ(a)^2 + b*c - sqrt(exp(a))/(1 + a^2)', wrt: ['a'], claim: '2*a' },
  { expr: 'sum(abs(xᵀ ∘ yᵀ)) + x.^2 : y', wrt: ['x'], vars: 'x: n; y: n', claim: '2*x .* y' },
];

const FUNS = [...KNOWN_FUNCTIONS];
const VOCAB = {
  names: ['x', 'y', 'z', 'W', 'A', 'B', 'X', 'S', 'a', 'b', 'c', 'v', 's', 'E', 'q1', 'yhat', 'σ', 'n', 'm', 'dW', 'd', 'I', 'N', 'longname_with_digits123', 'constructor', '__proto__', 'x_1'],
  numbers: ['0', '1', '2', '3', '100', '1000', '1e15', '999999999999999', '1e16', '0.5', '.5', '1.', '2.', '1e308', '1e309', '-1e308', '4.9e-324', '1e-320', '1e-400', '1e99999', '123456789012345678901234567890', '9'.repeat(40), '0.1e1', '00012', '1e', '1e+', '1.2.3', '0x1F', '1_000', '٣', '０', '½', '∞', 'NaN', 'Infinity', '1/3', '1/0', '0/0', '-0', '7e-5', '3.14159265358979323846264338327950288'],
  ops: ['+', '-', '*', '/', '.*', './', '.^', '^', ':', "'", "''", '∘', '⊙', '·', '×', '−', 'ᵀ', '’', '²', '³', '⁻¹', '^-1', '^2', '.^2', '^0.5', '^-2'],
  punct: ['(', ')', '(', ')', ',', ';', '\n', '=', '#', '[', ']', '{', '}', '|', '"', '`', '\\', '$', '@', '!', '?', '<', '>', '&', '~', '%', '.', '..'],
  unicode: ['σ', '∘', 'ᵀ', '²', 'α', 'Σ', '∑', '√', 'ｘ', '𝑥', 'Ａ', '∂', '∇', '∞', 'π', '…', 'ⅈ', 'ﬁ', 'é', 'é', 'Å', 'Ω', 'Ω', '😀', '𝟙', 'ⅹ', 'а' /* Cyrillic a */, 'х' /* Cyrillic x */, 'Ꭺ'],
  invisible: ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00a0', '\u2028', '\u2029', '\u00ad', '\u202e', '\u2066', '\u0301', '\u180e', '\u3000', '\u2009', '\u034f', '\ud800', '\udfff'],
  control: ['\0', '\x01', '\x07', '\b', '\t', '\r', '\x0b', '\x0c', '\x1b', '\x7f', '\x85', '\x1b[31m', '\r\n'],
};
const TOKEN_CLASSES: [keyof typeof VOCAB | 'fn', number][] = [
  ['names', 20], ['numbers', 13], ['ops', 20], ['punct', 14], ['fn', 12], ['unicode', 8], ['invisible', 7], ['control', 6],
];
const MUT_CHARS = [...'abcxyzWAXSn019.+-*/^:\'();,= _#[]"\\', ...VOCAB.unicode, ...VOCAB.invisible, ...VOCAB.control, '∘', 'ᵀ', '²', '−', '×', '⊙', '’'];

function token(R: Rand): string {
  const total = TOKEN_CLASSES.reduce((s, [, w]) => s + w, 0);
  let k = R.next() * total;
  for (const [cls, w] of TOKEN_CLASSES) {
    if ((k -= w) > 0) continue;
    if (cls === 'fn') return R.pick(FUNS) + (R.chance(0.7) ? '(' : '');
    return R.pick(VOCAB[cls]);
  }
  return 'x';
}

/** the names in a text that are no function: candidates for --wrt */
function namesIn(s: string): string[] {
  return [...new Set(s.match(/[\p{L}_][\p{L}\p{N}_]*/gu) ?? [])].filter((w) => !FUNS.includes(w));
}

function mutate(s: string, R: Rand, times = 1): string {
  let t = [...s];
  for (let k = 0; k < times; k++) {
    const i = R.int(0, t.length);
    const op = R.int(0, 2);
    if (op === 0) t.splice(i, 0, R.pick(MUT_CHARS));
    else if (op === 1 && t.length > 0) t.splice(Math.min(i, t.length - 1), 1);
    else if (t.length > 0) t[Math.min(i, t.length - 1)] = R.pick(MUT_CHARS);
  }
  return t.join('');
}

/** what a token-level mutation inserts after an operand: odd powers and literals, at and beyond matdiff's limits */
const SUFFIXES = ['^100', '^-100', '^99', '^1000', '.^1000', '^-1000', '^300', '^1e15', '*1e15', '.^(1/3)', '^1e308', '^99999999999999999999', '^1000000', '^-1', '^0', '^0.5', '^-0.5', '^(1/3)', '.^1e309', '.^-1e-400', '.^0', '^2^2^2^2', '*1e308', '*1e-320', '/0', '*0', '/1e-400', "'", "''", 'ᵀ', '²', '⁻¹', ' : ones(n)', ' .* 1e309', '^-99999999999'];

/** the tokens of a valid expression (names, numbers, operators, single characters), for token-level mutations */
const tokensOf = (s: string) => s.match(/[\p{L}_][\p{L}\p{N}_]*|\d+(?:\.\d*)?(?:e[+-]?\d+)?|\.[*/^]|\s+|./gu) ?? [];

/** a token-level mutation: a suffix after an operand, a token replaced by a vocabulary token, or a token dropped */
function mutateTokens(s: string, R: Rand): string {
  const t = tokensOf(s);
  const i = R.int(0, Math.max(0, t.length - 1));
  const k = R.int(0, 3);
  if (k <= 1) t.splice(i + 1, 0, R.pick(SUFFIXES));
  else if (k === 2) t[i] = token(R);
  else t.splice(i, 1);
  return t.join('');
}

/** a random expression from a loose grammar over the vocabulary: mostly well-formed, with odd literals */
function grammar(R: Rand, d: number): string {
  if (d <= 0 || R.chance(0.25)) return R.chance(0.75) ? R.pick(VOCAB.names.slice(0, 16)) : R.pick(VOCAB.numbers);
  const k = R.int(0, 5);
  if (k === 0) return `${grammar(R, d - 1)} ${R.pick(['+', '-', '*', '.*', './', '/', ':', '∘', '⊙', '×'])} ${grammar(R, d - 1)}`;
  if (k === 1) {
    const f = R.pick(FUNS);
    return f === 'kron' || f === 'unvec' || f === 'blocksum' || f === 'blockfrob' || f === 'ones' || f === 'zeros' ? `${f}(${grammar(R, d - 1)}, ${grammar(R, d - 1)})` : `${f}(${grammar(R, d - 1)})`;
  }
  if (k === 2) return `(${grammar(R, d - 1)})${R.pick(["'", 'ᵀ', '', '^2', '.^2', '²', '^-1', R.pick(SUFFIXES)])}`;
  if (k === 3) return `${R.pick(['q1', 'v', 's'])} = ${grammar(R, d - 1)}; ${grammar(R, d - 1)}`;
  if (k === 4) return `-${grammar(R, d - 1)}`;
  return `${grammar(R, d - 1)}${R.pick(SUFFIXES)}`;
}

/**
 * A few long inputs built to reach the limits on input length, nesting, terms and definitions (the
 * lexer reads at most 20,000 characters): each is rejected quickly or derived quickly, or the
 * command has no limit where it needs one (a stack overflow is exit 3; a hang, a timeout).
 */
function longInputs(): string[][] {
  const out: string[][] = [];
  for (const k of [100, 300, 1000, 3000, 9990, 20000]) {
    out.push(['derive', `${'('.repeat(k)}x${')'.repeat(k)}'*x`, '--wrt', 'x']);
    out.push(['derive', `${'sigmoid('.repeat(Math.floor(k / 8))}a${')'.repeat(Math.floor(k / 8))}`, '--wrt', 'a']);
    out.push(['derive', `${'-'.repeat(k)}a`, '--wrt', 'a']);
    out.push(['derive', `sum(x${"'".repeat(k)})`, '--wrt', 'x']);
    out.push(['derive', `${'a+'.repeat(Math.floor(k / 2))}a`, '--wrt', 'a']);
    out.push(['derive', `${'a*'.repeat(Math.floor(k / 2))}a`, '--wrt', 'a']);
    out.push(['derive', `${'1/'.repeat(Math.floor(k / 2))}a`, '--wrt', 'a']);
    out.push(['derive', `${Array.from({ length: Math.floor(k / 12) }, (_, i) => `q${i + 1} = ${i ? `q${i}` : 'x'}*2;`).join(' ')} sum(q${Math.floor(k / 12)})`, '--wrt', 'x']);
    out.push(['check', "x'*A*x", '--wrt', 'x', '--claim', `${'('.repeat(k)}2*A*x${')'.repeat(k)}`]);
    out.push(['report', `${'tr(A*'.repeat(Math.floor(k / 5))}A${')'.repeat(Math.floor(k / 5))}`, '--wrt', 'A']);
  }
  out.push(['derive', `x'*x${' '.repeat(30000)}`, '--wrt', 'x']);
  out.push(['derive', "x'*x", '--wrt', 'x', '--vars', `x: ${'n'.repeat(30000)}`]);
  out.push(['derive', "x'*x", '--wrt', 'x'.repeat(30000)]);
  return out;
}

/** expressions at matdiff's limits (matrix powers up to 100, exponents up to 1000), each through derive, report and check */
const AT_LIMITS: [string, string][] = [
  ['tr(A^100)', 'A'], ['tr(A^-100)', 'A'], ['det(A^100)', 'A'], ["x'*A^100*x", 'x'], ['a^1000', 'a'], ['sum(x.^1000)', 'x'],
  ['(a + b)^1000', 'a'], ['sum((x + y).^999)', 'x'], ['tr(inv(A)^100)', 'A'], ['logdet(X^100)', 'X'], ['tr(A^50*B^50)', 'B'],
  ['norm2(W^100*x)', 'x'], ['sum(exp(x).^1000)', 'x'], ['tr((A*B)^100)', 'A'],
];

export interface Input {
  kind: 'soup' | 'grammar' | 'truncated' | 'mutant' | 'mutant-tokens' | 'mutant-vars' | 'mutant-claim' | 'long' | 'limits';
  args: string[];
}

const FORMATS = ['text', 'text', 'md', 'latex', 'json', 'html'];

/** derive (most), check with a claim, or report, for an expression */
export function command(expr: string, R: Rand, seed?: Seed): string[] {
  const names = namesIn(expr);
  const wrt = seed && seed.wrt.some((w) => names.includes(w)) ? R.pick(seed.wrt.filter((w) => names.includes(w))) : names.length && R.chance(0.9) ? R.pick(names) : 'x';
  const vars = seed?.vars && R.chance(0.6) ? ['--vars', seed.vars] : [];
  const k = R.next();
  if (k < 0.15) {
    const claim = seed?.claim ? mutate(seed.claim, R, R.int(0, 2)) : R.pick(['2*x', 'x', "A'", '0', mutate(expr, R)]);
    return ['check', expr, '--wrt', wrt, ...vars, '--claim', claim, ...(R.chance(0.3) ? ['--format', R.pick(FORMATS)] : [])];
  }
  if (k < 0.27) return ['report', expr, '--wrt', wrt, ...vars, ...(R.chance(0.7) ? ['--format', R.pick(FORMATS)] : [])];
  const flags = R.chance(0.15) ? [R.pick(['--json', '--latex', '--unicode', '--no-check'])] : [];
  return ['derive', expr, '--wrt', wrt, ...vars, ...flags];
}

export function generate(seed: number): Input[] {
  const R = new Rand(seed);
  const out: Input[] = [];
  for (let i = 0; i < 1200; i++) {
    let s = '';
    const n = R.int(1, 24);
    for (let k = 0; k < n; k++) s += token(R) + (R.chance(0.35) ? ' ' : '');
    out.push({ kind: 'soup', args: command(s.slice(0, CAP), R) });
  }
  for (let i = 0; i < 500; i++) out.push({ kind: 'grammar', args: command(grammar(R, R.int(1, 4)).slice(0, CAP), R) });
  for (let i = 0; i < 400; i++) {
    const sd = R.pick(SEEDS);
    out.push({ kind: 'mutant-tokens', args: command(mutateTokens(sd.expr, R), R, sd) });
  }
  for (const sd of SEEDS) {
    const cps = [...sd.expr];
    for (let i = 0; i <= cps.length; i++) out.push({ kind: 'truncated', args: command(cps.slice(0, i).join(''), R, sd) });
  }
  for (let i = 0; i < 800; i++) {
    const sd = R.pick(SEEDS);
    out.push({ kind: 'mutant', args: command(mutate(sd.expr, R, R.chance(0.8) ? 1 : 2), R, sd) });
  }
  for (let i = 0; i < 150; i++) {
    const sd = R.pick(SEEDS.filter((x) => x.vars));
    out.push({ kind: 'mutant-vars', args: ['derive', sd.expr, '--wrt', R.pick(sd.wrt), '--vars', mutate(sd.vars!, R, R.int(1, 2))] });
  }
  for (let i = 0; i < 150; i++) {
    const sd = R.pick(SEEDS.filter((x) => x.claim));
    out.push({ kind: 'mutant-claim', args: ['check', sd.expr, '--wrt', R.pick(sd.wrt), ...(sd.vars ? ['--vars', sd.vars] : []), '--claim', mutate(sd.claim!, R, R.int(1, 2))] });
  }
  for (const args of longInputs()) out.push({ kind: 'long', args });
  for (const [e, w] of AT_LIMITS) {
    out.push({ kind: 'limits', args: ['derive', e, '--wrt', w] });
    out.push({ kind: 'limits', args: ['report', e, '--wrt', w] });
    out.push({ kind: 'limits', args: ['check', e, '--wrt', w, '--claim', `2*${w}`] });
  }
  // FUZZ_EXTRA='[["derive", "…", "--wrt", "x"]]' adds inputs (to try a repro through the same judge)
  for (const args of JSON.parse(process.env.FUZZ_EXTRA ?? '[]') as string[][]) out.push({ kind: 'long', args });
  return out;
}

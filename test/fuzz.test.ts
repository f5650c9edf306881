// Fuzz test of the command line: ≥ 2,000 inputs (fixed seed) run through `matdiff` in-process
// (runCli → main(), in a worker thread: test/helpers/fuzz-worker.mjs) —
//   soup:      random token soup from matdiff's vocabulary: names, numbers (huge, tiny, odd
//              literals), operators, parentheses, ' ; = :, function names, Unicode (σ ∘ ᵀ ²),
//              invisible and control characters;
//   grammar:   random expressions from a loose grammar over the same vocabulary (mostly well
//              formed, so they reach the engine), with odd powers and literals;
//   truncated: every prefix of the README examples;
//   long:      a few inputs built to reach the limits (nesting, terms, definitions, 20,000 characters);
//   limits:    expressions at the limits on powers (A^100, a^1000) through derive, report and check;
//   mutant:    single-character insertions, deletions and replacements of the README examples
//              (and of their declarations and claims), and token-level ones (an odd power such
//              as ^1e308 after an operand, a token replaced or dropped);
// each as `derive <input> --wrt <a name in it, or x>`, some as `check <input> --wrt … --claim
// <mutated claim>`, some as `report <input> --wrt … --format …`.
// A user's mistake must end in exit 2 with a message, a failed check in exit 1. The test fails on an
// exit code outside 0/1/2, on exit 3 (internal error), on a stack trace in the output, on main()
// throwing, and on an input that does not finish within 5 s or takes the worker down (out of
// memory: the command would die with V8's fatal error and a native stack). Every failure class is
// shrunk to a minimal input (by deleting characters while the class stays the same) and printed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Worker } from 'node:worker_threads';
import '../src/index.js';
import { KNOWN_FUNCTIONS } from '../src/parse/elaborate.js';
import { Rnd } from './helpers/robust-expr.js';

const SEED = Number(process.env.FUZZ_SEED ?? 0xf022);
/** the longest token soup, in UTF-16 units */
const CAP = 120;
const TIMEOUT_MS = 5000;

// ---- the inputs --------------------------------------------------------------------------------

interface Seed {
  expr: string;
  wrt: string[];
  vars?: string;
  claim?: string;
}

/** README's examples (and the --help examples), with their declarations and a claim */
const SEEDS: Seed[] = [
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

function token(R: Rnd): string {
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

function mutate(s: string, R: Rnd, times = 1): string {
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
function mutateTokens(s: string, R: Rnd): string {
  const t = tokensOf(s);
  const i = R.int(0, Math.max(0, t.length - 1));
  const k = R.int(0, 3);
  if (k <= 1) t.splice(i + 1, 0, R.pick(SUFFIXES));
  else if (k === 2) t[i] = token(R);
  else t.splice(i, 1);
  return t.join('');
}

/** a random expression from a loose grammar over the vocabulary: mostly well-formed, with odd literals */
function grammar(R: Rnd, d: number): string {
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

interface Input {
  kind: 'soup' | 'grammar' | 'truncated' | 'mutant' | 'mutant-tokens' | 'mutant-vars' | 'mutant-claim' | 'long' | 'limits';
  args: string[];
}

const FORMATS = ['text', 'text', 'md', 'latex', 'json', 'html'];

/** derive (most), check with a claim, or report, for an expression */
function command(expr: string, R: Rnd, seed?: Seed): string[] {
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

function generate(seed: number): Input[] {
  const R = new Rnd(seed);
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

// ---- running an input in the worker -------------------------------------------------------------

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
  threw?: string;
  /** the worker was stopped (timeout) or died (out of memory) */
  lost?: string;
}

class Runner {
  private w: Worker | undefined;
  private ready: Promise<unknown> | undefined;
  /** after a worker is lost, a warm spare is kept so the next loss costs no start-up */
  private spare: { w: Worker; ready: Promise<unknown> } | undefined;
  private next = 0;
  restarts = 0;

  private spawn(): { w: Worker; ready: Promise<unknown> } {
    // stackSizeMb 1: about the main thread's default stack (984 KB), where the command runs
    const w = new Worker(new URL('./helpers/fuzz-worker.mjs', import.meta.url), { resourceLimits: { maxOldGenerationSizeMb: 1024, stackSizeMb: 1 } });
    w.unref();
    const ready = new Promise((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', reject);
    });
    ready.catch(() => {});
    return { w, ready };
  }

  private start(): void {
    const s = this.spare ?? this.spawn();
    this.spare = this.restarts > 0 ? this.spawn() : undefined;
    this.w = s.w;
    this.ready = s.ready;
  }

  async run(args: string[], timeoutMs = TIMEOUT_MS): Promise<Outcome> {
    if (!this.w) this.start();
    await this.ready;
    const w = this.w!;
    const id = this.next++;
    const t0 = performance.now();
    return new Promise<Outcome>((resolve) => {
      const done = (o: Outcome, dead: boolean) => {
        clearTimeout(timer);
        w.off('message', onMsg);
        w.off('error', onErr);
        w.off('exit', onExit);
        if (dead) {
          this.w = undefined;
          this.restarts++;
          void w.terminate();
        }
        resolve(o);
      };
      const onMsg = (m: Outcome & { id: number }) => {
        if (m.id === id) done(m, false);
      };
      const onErr = (e: Error & { code?: string }) => done({ code: -1, stdout: '', stderr: '', ms: performance.now() - t0, lost: `the worker died: ${e.code ?? e.name}: ${e.message}` }, true);
      const onExit = (c: number) => done({ code: -1, stdout: '', stderr: '', ms: performance.now() - t0, lost: `the worker exited (${c})` }, true);
      const timer = setTimeout(() => done({ code: -1, stdout: '', stderr: '', ms: performance.now() - t0, lost: `no exit within ${timeoutMs / 1000} s` }, true), timeoutMs);
      w.on('message', onMsg);
      w.once('error', onErr);
      w.once('exit', onExit);
      w.postMessage({ id, args });
    });
  }

  async close(): Promise<void> {
    if (this.w) await this.w.terminate();
    if (this.spare) await this.spare.w.terminate();
    this.w = undefined;
    this.spare = undefined;
  }
}

// ---- judging an outcome --------------------------------------------------------------------------

const STACK_LINE = /^\s+at .+\(.*:\d+:\d+\)\s*$|^\s+at [^\s(]+:\d+:\d+\s*$|^\s*(?:[A-Z]\w*)?Error: |^\s*at (?:async )?[\w.<>]+ \(|node:internal/m;

/** the failure class of an outcome (undefined: fine), with digits, quoted parts and the input normalized away */
function failureClass(o: Outcome): string | undefined {
  const norm = (s: string) => s.replace(/`[^`]*`/g, '`…`').replace(/"[^"]*"/g, '"…"').replace(/\d+(\.\d+)?/g, '#').trim().slice(0, 120);
  if (o.lost) return `lost: ${o.lost.startsWith('no exit') ? `no exit within ${TIMEOUT_MS / 1000} s` : norm(o.lost)}`;
  if (o.threw !== undefined) return `main() threw: ${norm(o.threw.split('\n')[0]!)}`;
  if (o.code === 3) return `exit 3: ${norm((o.stderr.split('\n').find((l) => /internal error/.test(l)) ?? o.stderr.split('\n')[0] ?? '').replace(/^.*internal error \(please report\): /, ''))}`;
  if (![0, 1, 2].includes(o.code)) return `exit ${o.code}: ${norm(o.stderr.split('\n')[0] ?? '')}`;
  const out = `${o.stdout}\n${o.stderr}`;
  const m = STACK_LINE.exec(out);
  if (m) return `stack trace (exit ${o.code}): ${norm(m[0])}`;
  return undefined;
}

const show = (args: string[]) => `matdiff ${args.map((a) => (a.length > 300 ? `${JSON.stringify(a.slice(0, 120))}…(${a.length} characters)` : JSON.stringify(a))).join(' ')}`;
const excerpt = (o: Outcome) => (o.lost ?? o.threw ?? `${o.stderr}${o.stdout}`).split('\n').slice(0, 4).map((l) => l.slice(0, 200)).join(' ⏎ ');

/** delete characters of the expression (and claim, and --vars) while the failure class stays the same */
async function shrink(r: Runner, args: string[], cls: string, budget: { runs: number }): Promise<string[]> {
  let best = [...args];
  // first: without --vars, --format and flags, where the class stays
  for (const [opt, width] of [['--vars', 2], ['--format', 2], ['--json', 1], ['--latex', 1], ['--unicode', 1], ['--no-check', 1]] as const) {
    const i = best.indexOf(opt, 2);
    if (i < 0 || budget.runs <= 0) continue;
    const cand = [...best.slice(0, i), ...best.slice(i + width)];
    budget.runs--;
    if (failureClass(await r.run(cand, 2000)) === cls) best = cand;
  }
  // then characters of the expression, the claim and the declarations: chunks of half, a quarter, …, one
  for (const slot of ['expr', '--claim', '--vars']) {
    const t = slot === 'expr' ? 1 : best.indexOf(slot, 2) + 1;
    if (t <= 0 || t >= best.length) continue;
    let cps = [...best[t]!];
    let chunk = Math.max(1, Math.ceil(cps.length / 2));
    while (chunk >= 1 && budget.runs > 0) {
      let progress = false;
      for (let i = 0; i < cps.length && budget.runs > 0; ) {
        const cand = [...cps.slice(0, i), ...cps.slice(i + chunk)];
        const a = [...best];
        a[t] = cand.join('');
        budget.runs--;
        if (failureClass(await r.run(a, 2000)) === cls) {
          cps = cand;
          best = a;
          progress = true;
        } else i += chunk;
      }
      if (!progress) chunk = Math.floor(chunk / 2);
    }
  }
  return best;
}

// ---- the tests -----------------------------------------------------------------------------------

const INPUTS = generate(SEED);

test('fuzz: the inputs are deterministic and cover the vocabulary', () => {
  assert.equal(generate(SEED).slice(0, 50), INPUTS.slice(0, 50));
  assert.ok(INPUTS.length >= 2000, `only ${INPUTS.length} inputs`);
  const all = INPUTS.map((x) => x.args.join(' ')).join('\n');
  for (const tok of ['σ', '∘', 'ᵀ', '²', '\u200b', '\ufeff', '\0', '\x1b', '1e309', '1e-400', "'", ';', '=', ':', '(', 'det(', 'softmax(', 'check', 'report', '--claim', '--format']) {
    assert.ok(all.includes(tok), `no input holds ${JSON.stringify(tok)}`);
  }
  for (const kind of ['soup', 'grammar', 'truncated', 'mutant', 'mutant-tokens', 'mutant-vars', 'mutant-claim', 'long', 'limits']) assert.ok(INPUTS.some((x) => x.kind === kind), `no ${kind} input`);
  for (const x of INPUTS) if (x.kind === 'soup' || x.kind === 'grammar') assert.ok(x.args[1]!.length <= CAP, `an input of ${x.args[1]!.length} characters`);
});

test('fuzz: the judge flags exit 3, other codes, stack traces, a throwing main() and a lost worker', () => {
  const o = (code: number, stderr: string, stdout = ''): Outcome => ({ code, stdout, stderr, ms: 1 });
  assert.is(failureClass(o(2, 'error: unknown character `@`\n  a@b\n   ^\n')), undefined);
  assert.is(failureClass(o(0, '', '∂f/∂x = 2*x\n  check: passed (exact, 3 trials)\n')), undefined);
  assert.is(failureClass(o(0, '', '{\n  "maxRelError": 1e-9\n}\n')), undefined);
  assert.ok(failureClass(o(3, 'matdiff: internal error (please report): boom 42\n'))?.startsWith('exit 3: boom #'));
  assert.ok(failureClass(o(4, ''))?.startsWith('exit 4'));
  assert.ok(failureClass(o(2, 'error: x\n    at parse (/work/main/src/parse/parser.ts:10:5)\n'))?.startsWith('stack trace'));
  assert.ok(failureClass(o(2, 'TypeError: Cannot read properties of undefined\n'))?.startsWith('stack trace'));
  assert.ok(failureClass(o(1, '', 'RangeError: Maximum call stack size exceeded\n'))?.startsWith('stack trace'));
  assert.ok(failureClass(o(2, '    at file:///work/main/src/x.ts:1:2\n'))?.startsWith('stack trace'));
  assert.ok(failureClass({ ...o(-1, ''), threw: 'Error: x\n  at …' })?.startsWith('main() threw'));
  assert.ok(failureClass({ ...o(-1, ''), lost: 'no exit within 5 s' })?.startsWith('lost'));
});

test(`fuzz: ${INPUTS.length} inputs through the command: exit 0/1/2 only, no internal error, no stack trace`, async () => {
  const t0 = Date.now();
  const r = new Runner();
  const codes = new Map<number | string, number>();
  const classes = new Map<string, { n: number; first: Input; o: Outcome; kinds: Set<string>; all: string[][] }>();
  const slow: { ms: number; args: string[] }[] = [];
  /** derive or report with exit 1: the numeric check failed (allowed; printed for a look) */
  const checkFailed: string[][] = [];
  try {
    for (const x of INPUTS) {
      const o = await r.run(x.args);
      const c = o.lost ? 'lost' : o.code;
      codes.set(c, (codes.get(c) ?? 0) + 1);
      slow.push({ ms: o.ms, args: x.args });
      if (o.code === 1 && x.args[0] !== 'check') checkFailed.push(x.args);
      const cls = failureClass(o);
      if (!cls) continue;
      const prev = classes.get(cls);
      if (!prev) classes.set(cls, { n: 1, first: x, o, kinds: new Set([x.kind]), all: [x.args] });
      else {
        prev.n++;
        prev.all.push(x.args);
        prev.kinds.add(x.kind);
        if (x.args.join(' ').length < prev.first.args.join(' ').length) Object.assign(prev, { first: x, o });
      }
    }
    const tRun = (Date.now() - t0) / 1000;
    slow.sort((a, b) => b.ms - a.ms);
    console.log(`  fuzz: ${INPUTS.length} inputs in ${tRun.toFixed(1)} s (${['soup', 'grammar', 'truncated', 'mutant', 'mutant-tokens', 'mutant-vars', 'mutant-claim', 'long', 'limits'].map((k) => `${INPUTS.filter((x) => x.kind === k).length} ${k}`).join(', ')}); exit codes: ${[...codes].sort().map(([k, v]) => `${k}: ${v}`).join(', ')}; ${classes.size} failure classes; worker restarts ${r.restarts}`);
    if (checkFailed.length) console.log(`  numeric check failed (exit 1, allowed) for ${checkFailed.length} derive/report inputs, e.g.:\n    ${checkFailed.slice(0, 5).map(show).join('\n    ')}`);
    console.log(`  slowest: ${slow.slice(0, 3).map((s) => `${s.ms.toFixed(0)} ms ${show(s.args).slice(0, 120)}`).join('\n           ')}`);

    // shrink each class to a minimal input (not those that hang or kill the worker: each try costs seconds)
    const budget = { runs: 3000 };
    const lines: string[] = [];
    const sorted = [...classes].sort(([a, x], [b, y]) => rank(a) - rank(b) || y.n - x.n);
    for (const [cls, k] of sorted) {
      const min = cls.startsWith('lost') ? k.first.args : await shrink(r, k.first.args, cls, budget);
      const o = cls.startsWith('lost') ? k.o : await r.run(min);
      // a class that hangs or kills the worker is not shrunk (each try costs seconds): all its inputs are listed
      const others = cls.startsWith('lost') ? k.all.filter((a) => a !== min).slice(0, 12).map((a) => `\n    also: ${show(a)}`).join('') : '';
      lines.push(`[${cls}] ${k.n} input(s) (${[...k.kinds].join(', ')})\n    minimal: ${show(min)}\n    → exit ${o.lost ? '(none)' : o.code}: ${excerpt(o)}${others}`);
    }
    const secs = (Date.now() - t0) / 1000;
    if (lines.length) console.log(`\n  fuzz: failure classes (shrunk; ${secs.toFixed(1)} s in all):\n  ${lines.join('\n  ')}\n`);
    assert.ok(classes.size === 0, `${[...classes.values()].reduce((s, k) => s + k.n, 0)} inputs failed, in ${classes.size} classes:\n${lines.join('\n')}`);
  } finally {
    await r.close();
  }
});

/** the order of the report: what kills or hangs the command first, then internal errors, then stack traces */
function rank(cls: string): number {
  return cls.startsWith('lost') ? 0 : cls.startsWith('main() threw') ? 1 : cls.startsWith('exit 3') ? 2 : cls.startsWith('exit') ? 3 : 4;
}

test.run();

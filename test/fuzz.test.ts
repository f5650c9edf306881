// Fuzz test of the command line: ≥ 2,000 inputs (fixed seed; test/helpers/fuzz-inputs.ts) run through `matdiff` in-process
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
import { CAP, generate, type Input } from './helpers/fuzz-inputs.js';

const SEED = Number(process.env.FUZZ_SEED ?? 0xf022);
const TIMEOUT_MS = 5000;

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

// The command as a user runs it, in-process: main(argv, io) with the output captured (see
// test/helpers/cli.ts). Output, --json fields, exit codes (0 ok, 1 check failed, 2 bad input,
// 3 internal error), error messages without stacks.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { derive, parse, CheckFailed, Derivation, Gradient } from '../src/index.js';
import { derivationOutput } from '../src/cli/main.js';
import { checkGradient } from '../src/check/check.js';
import * as b from '../src/core/build.js';
import { parseArgs } from '../src/cli/args.js';
import { runCli, tempDir, type CliRun } from './helpers/cli.js';

const run = (...args: string[]): CliRun => runCli(args);

const SEED3 = ['v = W*x; s = sigmoid(v); E = 1/2*(s - y):(s - y)', '--wrt', 'W', '--vars', 'W: n x m; x: m; y: n'];
const SEED3_VARS = 'W: n x m; x: m; y: n';

/** no stack trace, no source paths */
function noStack(s: string): void {
  assert.not.match(s, /^\s+at /m, `a stack trace:\n${s}`);
  assert.not.match(s, /\.ts:\d+/, `a source path:\n${s}`);
}

test('cli: derive the README seed example', () => {
  const r = run('derive', ...SEED3);
  assert.is(r.code, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  assert.is(lines[0], "∂E/∂W = ((s - s.^2) .* (s - y))*x'");
  assert.is(lines[1], '  where s = sigmoid(W*x)');
  assert.is(lines[2], "  in full: ((sigmoid(W*x) - sigmoid(W*x).^2) .* (sigmoid(W*x) - y))*x'");
  assert.is(lines[3], '  shape: n×m');
  assert.match(lines[4]!, /^ {2}check: passed \(float, 4 trials, max relative error \d\.\de-\d+\)$/);
  assert.is(r.stderr, '');
});

test('cli: --json has exactly the promised fields, and its gradient parses back to the same term', () => {
  const r = run('derive', ...SEED3, '--json');
  assert.is(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(Object.keys(j).sort(), ['check', 'function', 'gradient', 'latex', 'pretty', 'shape', 'wrt']);
  assert.equal(Object.keys(j.check).sort(), ['maxRelError', 'method', 'ok', 'trials']);
  assert.is(j.wrt, 'W');
  assert.equal(j.shape, ['n', 'm']);
  assert.is(j.check.ok, true);
  assert.is(j.check.method, 'float');
  assert.is(j.check.trials, 4);
  assert.type(j.check.maxRelError, 'number');
  assert.ok(j.check.maxRelError < 1e-6);
  assert.is(j.pretty, "((s - s.^2) .* (s - y))*x' where s = sigmoid(W*x)");
  const d = derive(SEED3[0]!, { wrt: 'W', vars: SEED3_VARS });
  assert.is(j.gradient, d.gradient.text);
  assert.ok(parse(j.gradient, SEED3_VARS) === d.gradient.term, 'the JSON gradient is self-contained matdiff syntax');
  assert.ok(parse(j.function, SEED3_VARS) === d.fn, 'so is the function');
  assert.is(j.latex, d.gradient.latex);
});

test('cli: several --wrt give an array, one object per variable, in order', () => {
  const r = run('derive', SEED3[0]!, '--wrt', 'W', '--wrt', 'x', '--vars', SEED3_VARS, '--json');
  assert.is(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.ok(Array.isArray(j));
  assert.equal(j.map((o: { wrt: string }) => o.wrt), ['W', 'x']);
  assert.equal(j[1].shape, ['m', '1']);
  assert.is(j[1].gradient, "W'*((sigmoid(W*x) - sigmoid(W*x).^2) .* (sigmoid(W*x) - y))");
  // a comma-separated --wrt is the same
  const r2 = run('derive', SEED3[0]!, '--wrt', 'W,x', '--vars', SEED3_VARS, '--json');
  assert.equal(JSON.parse(r2.stdout).map((o: { gradient: string }) => o.gradient), j.map((o: { gradient: string }) => o.gradient));
});

test('cli: --latex and --unicode', () => {
  const l = run('derive', ...SEED3, '--latex');
  assert.is(l.code, 0, l.stderr);
  const lines = l.stdout.split('\n');
  assert.is(lines[0], '\\frac{\\partial E}{\\partial W} = \\left(\\left(s - s^{\\circ 2}\\right) \\circ \\left(s - y\\right)\\right) x^{\\top}');
  assert.is(lines[1], '  where s = \\sigma\\left(W x\\right)');
  const u = run('derive', "x'*A*x", '--wrt', 'x', '--vars', 'A: n x n symmetric', '--unicode');
  assert.is(u.code, 0, u.stderr);
  assert.is(u.stdout.split('\n')[0], '∂f/∂x = 2Ax');
  assert.match(u.stdout, /check: passed \(exact, \d+ trials\)/);
});

test('cli: --help documents the language with examples and exits 0', () => {
  for (const args of [['--help'], ['-h'], ['help'], ['derive', '--help']]) {
    const r = run(...args);
    assert.is(r.code, 0, args.join(' '));
    for (const words of ['matdiff derive', '--wrt', '--vars', '--json', 'Examples:', "x'*A*x", 'sigmoid', 'A .* B', 'Declarations', 'symmetric', 'Exit codes']) {
      assert.ok(r.stdout.includes(words), `--help lacks ${words}`);
    }
  }
  // no command at all: the help, but as a usage error
  const none = run();
  assert.is(none.code, 2);
  assert.ok(none.stdout.includes('Usage:'));
});

test('cli: bad input exits 2 with a caret message on stderr and no stack trace', () => {
  const cases: [string[], RegExp, string?][] = [
    [['derive', 'W*x', '--wrt', 'W', '--vars', 'W: n x m; x: k'], /^error: shape clash at `\*` in `W\*x`: W is n×m but x is k×1/, '   ^'],
    [['derive', 'W*x +', '--wrt', 'W'], /^error: expected an expression but found end of input/, '       ^'],
    [['derive', 'sum(sigmod(W*x))', '--wrt', 'W'], /^error: unknown function `sigmod`[\s\S]*hint: did you mean `sigmoid`\?/, '      ^^^^^^'],
    [['derive', "x'*A*x", '--wrt', 'y'], /^error: `y` does not occur in the expression/],
    [['derive', 'W*x', '--wrt', 'W'], /^error: the function is n×1, not a scalar/],
    [['derive', 'W*x', '--wrt', 'W', '--vars', 'W: n x m symetric'], /did you mean `symmetric`/],
    [['derive', "x'*x"], /--wrt/],
    [['derive', "x'*x", '--wrt', 'x', '--frobnicate'], /unknown option --frobnicate/],
    [['derive', 'a', 'b', '--wrt', 'a'], /one expression/],
    [['derive', '('.repeat(5000) + 'a' + ')'.repeat(5000), '--wrt', 'a'], /nests more than 200 levels/],
  ];
  for (const [args, re, caret] of cases) {
    const r = run(...args);
    assert.is(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, re);
    if (caret) assert.ok(r.stderr.split('\n').includes(caret), `no caret "${caret}" in\n${r.stderr}`);
    assert.is(r.stdout, '');
    noStack(r.stderr);
  }
});

test('cli: an expression that starts with a minus is the expression, not an option', () => {
  const spec = { options: ['wrt', 'vars', 'o'], flags: ['json'] };
  const a = parseArgs(["-y'*log(softmax(z))", '--wrt', 'z', '-o', 'f.html', '--json'], spec);
  assert.equal(a.positional, ["-y'*log(softmax(z))"]);
  assert.equal(a.options.get('wrt'), ['z']);
  assert.equal(a.options.get('o'), ['f.html']);
  assert.ok(a.flags.has('json'));
  assert.equal(parseArgs(['-x', '--wrt', 'x'], spec).positional, ['-x']);
  assert.throws(() => parseArgs(['x', '--wtr', 'x'], spec), /unknown option --wtr/);
  const r = run('derive', "-y'*log(softmax(z))", '--wrt', 'z', '--vars', 'y: n onehot');
  assert.is(r.code, 0, r.stderr);
  assert.ok(r.stdout.startsWith('∂f/∂z = softmax(z) - y\n'), r.stdout);
});

test('cli: an unknown command exits 2 and names the commands', () => {
  const r = run('frobnicate', 'x');
  assert.is(r.code, 2);
  assert.match(r.stderr, /unknown command `frobnicate`/);
  assert.match(r.stderr, /derive/);
  noStack(r.stderr);
});

test('cli: report --format text exits 0 and shows the derivation', () => {
  const r = run('report', ...SEED3, '--format', 'text');
  assert.is(r.code, 0, r.stderr);
  assert.ok(r.stdout.includes('∂E/∂W'), r.stdout.slice(0, 300));
  assert.ok(r.stdout.includes('(S − S²)(s − y)xᵀ'));
  const bad = run('report', 'W*x +', '--wrt', 'W');
  assert.is(bad.code, 2);
  noStack(bad.stderr);
});

// ---- exit code 1: the numeric check failed -------------------------------------------------------

/** a CheckFailed as derive() throws it, for a deliberately wrong gradient (the transpose missing) */
function wrongDerivation(): CheckFailed {
  const good = derive(SEED3[0]!, { wrt: 'W', vars: SEED3_VARS, check: false });
  const g = good.gradient;
  const x = good.elaborated.vars.get('x')!;
  const wrong = b.mul(b.apply('sigmoid', [b.mul(good.elaborated.vars.get('W')!, x)]), b.transpose(x)); // σ(Wx)xᵀ: not the gradient
  const check = checkGradient(good.fn, 'W', wrong, good.elaborated.vars, {});
  assert.is(check.ok, false, 'the wrong gradient fails its check');
  const bad = new Gradient('W', g.shape, wrong, check, new Map(), new Set());
  return new CheckFailed(new Derivation(good.source, good.fn, good.elaborated, [bad], good.steps));
}

test('cli: a failed numeric check prints the unverified result loudly and exits 1', () => {
  const failed = wrongDerivation();
  const r = derivationOutput(failed, { style: 'text' });
  assert.is(r.code, 1);
  assert.match(r.stderr, /numeric check FAILED.*NOT verified/);
  assert.ok(r.stdout.includes("∂E/∂W = sigmoid(W*x)*x'"), r.stdout);
  assert.match(r.stdout, /check: FAILED/);
  // what the check saw is shown, not only that it failed
  assert.ok(r.stdout.includes(`what the check saw: ${failed.derivation.gradient.check!.failure}`), r.stdout);
  const j = derivationOutput(failed, { json: true });
  assert.is(j.code, 1);
  assert.is(JSON.parse(j.stdout).check.ok, false);
  assert.type(JSON.parse(j.stdout).check.failure, 'string');
  // the same function with the right derivation: exit 0, silent stderr
  const ok = derivationOutput(derive(SEED3[0]!, { wrt: 'W', vars: SEED3_VARS }));
  assert.is(ok.code, 0);
  assert.is(ok.stderr, '');
  assert.match(ok.stdout, /check: passed/);
  const off = derivationOutput(derive(SEED3[0]!, { wrt: 'W', vars: SEED3_VARS, check: false }));
  assert.is(off.code, 0);
  assert.match(off.stdout, /check: off \(--no-check\)/);
});

test('cli: --no-check and --seed', () => {
  const r = run('derive', ...SEED3, '--no-check', '--json');
  assert.is(r.code, 0);
  assert.is(JSON.parse(r.stdout).check, null);
  const a = run('derive', ...SEED3, '--seed', '7', '--json');
  const c = run('derive', ...SEED3, '--seed', '7', '--json');
  assert.is(a.code, 0);
  assert.is(JSON.parse(a.stdout).check.maxRelError, JSON.parse(c.stdout).check.maxRelError);
});

// ---- files and internal errors ------------------------------------------------------------------

test('cli: report -o writes the file and says so on stderr', () => {
  const file = join(tempDir(), 'seed003.md');
  const r = run('report', ...SEED3, '--format', 'md', '-o', file);
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stdout, '');
  assert.is(r.stderr, `matdiff: wrote the md report to ${file}\n`);
  assert.ok(readFileSync(file, 'utf8').includes('$$'));
});

test('cli: report -o into a folder that does not exist exits 2 with the file and why, no stack trace', () => {
  const file = join(tempDir(), 'missing-folder', 'x.html');
  const r = run('report', ...SEED3, '--format', 'html', '-o', file);
  assert.is(r.code, 2, r.stderr);
  assert.is(r.stdout, '');
  assert.is(r.stderr, `error: cannot write ${file}: no such file or folder\nhint: the folder must exist: create it first\n`);
  noStack(r.stderr);
  assert.not.ok(existsSync(file));
  // a folder in place of the file
  const dir = tempDir();
  const d = run('report', ...SEED3, '-o', dir);
  assert.is(d.code, 2);
  assert.is(d.stderr, `error: cannot write ${dir}: it is a folder\n`);
});

test('cli: an internal error exits 3 with one line; the stack only with MATDIFF_DEBUG', () => {
  const boom = { writeFile: () => { throw new Error('boom'); } };
  const r = runCli(['report', ...SEED3, '-o', 'x.txt'], { io: boom });
  assert.is(r.code, 3);
  assert.is(r.stderr, 'matdiff: internal error (please report): boom\n');
  const d = runCli(['report', ...SEED3, '-o', 'x.txt'], { io: boom, env: { MATDIFF_DEBUG: '1' } });
  assert.is(d.code, 3);
  assert.ok(d.stderr.startsWith('matdiff: internal error (please report): boom\nError: boom\n'), d.stderr);
  assert.match(d.stderr, /^\s+at /m);
  // a user's mistake never shows the stack, MATDIFF_DEBUG or not
  const u = runCli(['derive', 'W*x +', '--wrt', 'W'], { env: { MATDIFF_DEBUG: '1' } });
  assert.is(u.code, 2);
  noStack(u.stderr);
});

test.run();

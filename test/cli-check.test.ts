// `matdiff check` as a user runs it (in-process, main(argv, io): test/helpers/cli.ts): exit code 0
// for a correct claim or chain, 1 for a wrong one, 2 for bad input; --format and -o write the reports.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from './helpers/cli.js';

const run = (...args: string[]) => {
  const r = runCli(['check', ...args]);
  return { code: r.code, out: r.stdout, err: r.stderr };
};
const dir = tempDir('matdiff-check-');
const S3 = 'v = W*x; s = sigmoid(v); E = 1/2*(s - y):(s - y)';
const V3 = 'W: n x m; x: m; y: n';

test('a correct claim exits 0', () => {
  const r = run(S3, '--wrt', 'W', '--vars', V3, '--claim', "S = Diag(s); (S - S^2)*(s - y)*x'");
  assert.is(r.code, 0, r.err);
  assert.match(r.out, /Verdict: CORRECT/);
});

test('a wrong claim exits 1 and says why', () => {
  const r = run("x'*A*x", '--wrt', 'x', '--claim', '2*A*x');
  assert.is(r.code, 1, r.err);
  assert.match(r.out, /Verdict: WRONG/);
  assert.match(r.out, /Diagnosis \(symmetric\)/);
});

test('bad input exits 2 with a caret', () => {
  const unknown = run("x'*A*x", '--wrt', 'x', '--claim', '2*A*q');
  assert.is(unknown.code, 2);
  assert.match(unknown.err, /neither a variable nor a definition/);
  assert.match(unknown.err, /\^/);
  assert.is(run("x'*A*x", '--wrt', 'x').code, 2); // no claim
  assert.is(run("x'*A*x", '--claim', 'x').code, 2); // no --wrt
  assert.is(run("x'*A*x", '--wrt', 'x', '--claim', 'x', '--format', 'pdf').code, 2);
  assert.is(run('--steps', join(dir, 'missing.txt')).code, 2);
});

test('a chain from a file: 0 when right, 1 with the first wrong line', () => {
  const good = join(dir, 'seed003.txt');
  writeFileSync(good, "dE = (s-y):ds\n   = (s-y):((S - S^2)*dv)\n   = ((S - S^2)*(s-y)):(dW*x)\n   = ((S - S^2)*(s-y)*x'):dW\n");
  const defs = 'v = W*x; s = sigmoid(v); S = Diag(s); E = 1/2*(s-y):(s-y)';
  const r = run('--steps', good, '--defs', defs, '--vars', V3);
  assert.is(r.code, 0, r.err);
  assert.match(r.out, /Verdict: CORRECT/);
  const bad = join(dir, 'bad.txt');
  writeFileSync(bad, `vars: ${V3}\nv = W*x\ns = sigmoid(v)\nS = Diag(s)\nE = 1/2*(s-y):(s-y)\ndE = (s-y):ds\n   = (s-y):(S*dv)\n`);
  // no dX of a variable is written, so say which variable varies (else all do, y too)
  const w = run('--steps', bad, '--wrt', 'W');
  assert.is(w.code, 1, w.err);
  assert.match(w.out, /first wrong step is on line 7/);
});

test('--format and -o write the report', () => {
  const file = join(dir, 'check.html');
  const r = run("x'*A*x", '--wrt', 'x', '--claim', '2*A*x', '--format', 'html', '-o', file);
  assert.is(r.code, 1);
  assert.match(readFileSync(file, 'utf8'), /^<!doctype html>/);
  const j = run("x'*A*x", '--wrt', 'x', '--claim', "A*x + A'*x", '--format', 'json');
  assert.is(j.code, 0);
  assert.is(JSON.parse(j.out).verdict, 'correct');
});

test('a typo in a chain or a claim exits 2 with the line, a caret and the nearest name, no stack trace', () => {
  const typo = join(dir, 'typo.txt');
  writeFileSync(typo, `vars: ${V3}\nv = W*x\ns = sigmoid(v)\nE = 1/2*(s-y):(s-y)\ndE = (s-y):dq\n`);
  const r = run('--steps', typo);
  assert.is(r.code, 2, r.out);
  assert.is(r.out, '');
  assert.match(r.err, /^error: line 5: `dq` is neither a variable nor a definition of the function, nor the differential of one \(there is no `q`\)\n  dE = \(s-y\):dq\n {13}\^\^\nhint: did you mean `dv`, `ds`/);
  assert.not.match(r.err, /\bat .*\.ts:\d+/);
  const c = run("x'*A*x", '--wrt', 'x', '--claim', "(A + A')*xx", '--format', 'latex');
  assert.is(c.code, 2);
  assert.match(c.err, /did you mean `x`\?/);
  assert.not.match(c.err, /\bat .*\.ts:\d+/);
});

test('--format latex writes a standalone document', () => {
  const r = run("x'*A*x", '--wrt', 'x', '--claim', "2*x'*A'", '--format', 'latex');
  assert.is(r.code, 1, r.err);
  assert.match(r.out, /^\\documentclass/);
  assert.match(r.out, /Diagnosis: symmetric \+ transpose/);
});

test('--help describes the command and its exit codes', () => {
  const r = run('--help');
  assert.is(r.code, 0);
  assert.match(r.out, /Exit codes: 0 correct, 1 wrong, 2 bad input/);
  const top = runCli(['--help']);
  assert.match(top.stdout, /matdiff check/);
});

test('a --steps file that cannot be read exits 2 naming the file and why, no stack trace', () => {
  const missing = join(dir, 'missing.txt');
  const r = run('--steps', missing);
  assert.is(r.code, 2);
  assert.is(r.out, '');
  assert.is(r.err, `error: cannot read ${missing}: no such file or folder\n`);
  const folder = join(dir, 'a-folder');
  mkdirSync(folder);
  const f = run('--steps', folder);
  assert.is(f.code, 2);
  assert.is(f.err, `error: cannot read ${folder}: it is a folder\n`);
});

test('an enormous --steps file (/dev/zero) is refused as a limit, not read', () => {
  if (!existsSync('/dev/zero')) return;
  const r = run('--steps', '/dev/zero');
  assert.is(r.code, 2);
  assert.is(r.out, '');
  assert.match(r.err, /^error: \/dev\/zero is longer than 1048576 bytes; matdiff reads at most 1048576 bytes of a file\n/);
  // a regular file just over the limit too, by its size
  const big = join(dir, 'big.txt');
  writeFileSync(big, 'x'.repeat((1 << 20) + 1));
  const b = run('--steps', big);
  assert.is(b.code, 2);
  assert.match(b.err, /is longer than 1048576 bytes/);
});

test('-o into a folder that does not exist exits 2 with the file and why', () => {
  const file = join(dir, 'no-such-folder', 'verdict.md');
  const r = run("x'*A*x", '--wrt', 'x', '--claim', '2*A*x', '--format', 'md', '-o', file);
  assert.is(r.code, 2);
  assert.is(r.err, `error: cannot write ${file}: no such file or folder\nhint: the folder must exist: create it first\n`);
});

test.run();

// `matdiff check` as a user runs it: exit code 0 for a correct claim or chain, 1 for a wrong one,
// 2 for bad input; --format and -o write the reports.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['bin/matdiff.js', 'check', ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const dir = mkdtempSync(join(tmpdir(), 'matdiff-check-'));
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
  const top = spawnSync(process.execPath, ['bin/matdiff.js', '--help'], { cwd: root, encoding: 'utf8' });
  assert.match(top.stdout, /matdiff check/);
});

test.run();

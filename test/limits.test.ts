// Every size is bounded before work starts (docs/limits.md, src/limits.ts): each input past a limit
// gets a MatdiffError of kind 'limit' (or the kind its mistake is) naming the limit, with a caret
// under the spot, through the API (derive, parse, evaluate) and through the command (exit 2, the
// same message, no stack). Inputs just inside the limits work. Nothing here measures time: an
// input that made matdiff run for minutes or blow up would stall or crash the test instead.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { derive, parse, evaluate, toText, toUnicode, toLatex } from '../src/index.js';
import type { ErrorKind } from '../src/errors.js';
import { MAX_PRINTED } from '../src/limits.js';
import { parseArgs } from '../src/cli/args.js';
import { runCli, type CliRun } from './helpers/cli.js';
import { caretOf, failure } from './helpers/errors.js';

/** a user's mistake on the command line: exit 2, `error: …`, no stack, never "internal error" */
function userError(r: CliRun, words: readonly string[]): void {
  assert.is(r.code, 2, `exit ${r.code}: ${r.stderr}`);
  assert.ok(r.stderr.startsWith('error: '), r.stderr);
  assert.not.match(r.stderr, /internal error/);
  assert.not.match(r.stderr, /^\s+at /m, `a stack trace:\n${r.stderr}`);
  assert.not.match(r.stderr, /\.ts:\d+/, `a source path:\n${r.stderr}`);
  for (const w of words) assert.ok(r.stderr.includes(w), `stderr lacks "${w}":\n${r.stderr}`);
  assert.ok(r.stderr.split('\n')[0]!.length < 400, `a short message, not an echo of the input`);
}

interface Row {
  name: string;
  expr: string;
  wrt?: string;
  vars?: string;
  kind: ErrorKind;
  words: string[];
  /** the input-length limit (src/parse/lexer.ts) gives no hint */
  noHint?: boolean;
  /** the caret: column and width in the line of the expression (or, with `inVars`, of --vars) */
  col?: number;
  width?: number;
  inVars?: boolean;
}

const chain = (n: number, x = 'a') => [`v1 = sin(${x}) + ${x}`, ...Array.from({ length: n - 1 }, (_, i) => `v${i + 2} = sin(v${i + 1}) + v${i + 1}`)].join('; ');
const doubling = (line: (prev: string) => string, k: number, first: string) => [`v1 = ${first}`, ...Array.from({ length: k - 1 }, (_, i) => `v${i + 2} = ${line(`v${i + 1}`)}`)].join('; ');

const ROWS: Row[] = [
  // ---- number literals: at most 1e15, at least 1e-15 (unless 0), at most 30 significant digits ----
  { name: 'a literal of ten million digits of exponent', expr: '1e10000000*a', wrt: 'a', kind: 'limit', words: ['`1e10000000` is too large', 'up to 1e15', 'limit on number literals'], col: 0, width: 10 },
  { name: 'an exponent written as a huge literal', expr: 'a^1e100', wrt: 'a', kind: 'limit', words: ['`1e100` is too large', 'limit on number literals'], col: 2, width: 5 },
  { name: 'a literal past the doubles', expr: 'tr(X^1e309)', wrt: 'X', kind: 'limit', words: ['`1e309` is too large'], col: 5, width: 5 },
  { name: 'just over 1e15', expr: '1.0000000001e15*a', wrt: 'a', kind: 'limit', words: ['too large', '1e15'], col: 0 },
  { name: 'a long integer', expr: '1' + '0'.repeat(18000) + '*a', wrt: 'a', kind: 'limit', words: ['too large', '(18001 characters)'], col: 0 },
  { name: 'too small', expr: '0.0000000000000001*a', wrt: 'a', kind: 'limit', words: ['too small', 'down to 1e-15'], col: 0, width: 18 },
  { name: 'a tiny exponent', expr: 'a + 1e-99999999999', wrt: 'a', kind: 'limit', words: ['too small'], col: 4 },
  { name: '31 significant digits', expr: '1234567890123456789012345678901*a', wrt: 'a', kind: 'limit', words: ['31 significant digits', 'at most 30'], col: 0, width: 31 },
  // ---- powers: exponents as written, and multiplied out ----
  { name: 'a matrix power of a million', expr: 'tr(X^1000000)', wrt: 'X', kind: 'limit', words: ['exponent 1000000 is too large', 'matrix power', 'at most 16', 'limit on matrix powers'], col: 5, width: 7 },
  { name: 'a negative matrix power', expr: 'tr(X^-4000)', wrt: 'X', kind: 'limit', words: ['exponent -4000', 'at most 16'], col: 5, width: 5 },
  { name: 'just past the matrix power limit', expr: 'tr(X^17)', wrt: 'X', kind: 'limit', words: ['at most 16'], col: 5, width: 2 },
  { name: 'a matrix power of 100', expr: 'tr(A^100)', wrt: 'A', kind: 'limit', words: ['exponent 100 is too large', 'at most 16'], col: 5, width: 3 },
  { name: 'an elementwise power of minus a million', expr: 'sum(x.^-1000000)', wrt: 'x', kind: 'limit', words: ['exponent -1000000 is too large', 'at most 1000', 'limit on exponents'], col: 7, width: 8 },
  { name: 'a scalar power just past the limit', expr: 'a^1001', wrt: 'a', kind: 'limit', words: ['exponent 1001', 'at most 1000'], col: 2, width: 4 },
  { name: 'an exponent from a definition', expr: 'k = 5000; a^k', wrt: 'a', kind: 'limit', words: ['exponent k (= 5000) is too large'], col: 12, width: 1 },
  { name: 'an exponent constant only once simplified', expr: '2^(b - b + 100000000)*a', wrt: 'a', kind: 'limit', words: ['exponent (b - b + 100000000) (= 100000000) is too large', 'at most 1000'], col: 2, width: 19 },
  { name: 'squares through sums that cancel', expr: doubling((v) => `(${v} + b - b)*(${v} + b - b)`, 20, 'a^2'), wrt: 'a', kind: 'limit', words: ['may reach a power of 16384'] },
  { name: 'nested elementwise powers', expr: 'sum((x.^1000).^20)', wrt: 'x', kind: 'limit', words: ['may reach a power of 20000', 'multiplied out', 'at most 10000', 'limit on multiplied-out powers'], col: 13, width: 2 },
  { name: 'powers doubled by definitions', expr: doubling((v) => `${v} .* ${v}`, 6, 'x.^1000') + '; sum(v6)', wrt: 'x', kind: 'limit', words: ['may reach a power of 16000'] },
  { name: 'a product of negative powers raised', expr: 'sum((x.^-1000 .* x.^-1000).^10)', wrt: 'x', kind: 'limit', words: ['may reach a power of 20000'] },
  { name: 'nested matrix powers', expr: 'tr((X^10)^2)', wrt: 'X', kind: 'limit', words: ['may reach a matrix power of 20', 'up to 16', 'limit on matrix powers'], col: 9, width: 1 },
  { name: 'a product of matrix powers', expr: 'tr(X^10*X^10)', wrt: 'X', kind: 'limit', words: ['may reach a matrix power of 20'], col: 7, width: 1 },
  { name: 'matrix powers doubled by definitions', expr: doubling((v) => `${v}*${v}`, 5, 'X*X') + '; tr(v5)', wrt: 'X', kind: 'limit', words: ['may reach a matrix power of 32'] },
  // ---- constants folded while the term is built ----
  { name: 'a constant power', expr: '(2^1000)^1000*a', wrt: 'a', kind: 'limit', words: ['constant of more than 1000 digits', 'limit on constants'], col: 8, width: 1 },
  { name: 'a constant squared by definitions', expr: doubling((v) => `${v}*${v}`, 9, '1e15') + '; v9*a', wrt: 'a', kind: 'limit', words: ['constant of 1921 digits', 'at most 1000'] },
  // ---- dimensions: at most 1e6, products of at most 8 factors ----
  { name: 'a declared dimension of ten million', expr: 'sum(A*x)', wrt: 'x', vars: 'A: 10000000 x 3', kind: 'limit', words: ['dimension 10000000', 'at most 1000000', 'limit on dimensions'], col: 3, width: 8, inVars: true },
  { name: 'a declared dimension with a hundred digits', expr: 'sum(x)', wrt: 'x', vars: `x: ${'9'.repeat(100)}`, kind: 'limit', words: ['(100 characters)', 'at most 1000000'], col: 3, inVars: true },
  { name: 'a compact declaration', expr: 'sum(A*x)', wrt: 'x', vars: 'A: 2000000x3', kind: 'limit', words: ['dimension 2000000'], inVars: true },
  { name: 'a declared product over the limit', expr: 'sum(A*x)', wrt: 'x', vars: 'A: 1000*1001 x 3', kind: 'limit', words: ['dimension 1001000'], col: 3, width: 9, inVars: true },
  { name: 'a declared product of nine factors', expr: 'sum(A)', wrt: 'A', vars: 'A: n*n*n*n*n*n*n*n*n x m', kind: 'limit', words: ['9 factors', 'at most 8', 'limit on product dimensions'], col: 3, inVars: true },
  { name: 'ones of ten million', expr: 'x:x + sum(ones(10000000))', wrt: 'x', kind: 'limit', words: ['dimension 10000000', 'at most 1000000'], col: 15, width: 8 },
  { name: 'I of a product over the limit', expr: 'x:x + tr(I(1000*1001))', wrt: 'x', kind: 'limit', words: ['dimension of 1001000'] },
  { name: 'a Kronecker product over the dimension limit', expr: 'sum(kron(A, B))', wrt: 'A', vars: 'A: 1000 x 1000; B: 1001 x 1', kind: 'limit', words: ['`kron(A, B)` has a dimension of 1001000', 'limit on dimensions'], col: 4 },
  { name: 'Kronecker products doubled by definitions', expr: doubling((v) => `kron(${v}, ${v})`, 4, 'kron(A, A)') + '; sum(v4)', wrt: 'A', kind: 'limit', words: ['16 factors', 'at most 8', 'kron and vec'] },
  { name: 'vec of nested Kronecker products', expr: 'sum(vec(kron(kron(A, B), kron(kron(C, D), E))))', wrt: 'A', kind: 'limit', words: ['10 factors', 'at most 8'], col: 4 },
  // ---- an equation of products the expression does not fix ----
  { name: 'a Kronecker product against a number', expr: 'sum(kron(A, B)*x)', wrt: 'A', vars: 'x: 6', kind: 'shape', words: ['cannot tell the dimensions apart', '?*? = 6'], col: 14, width: 1 },
  // ---- the older limits, for completeness ----
  { name: 'input longer than 20000 characters', expr: 'x+'.repeat(10001) + 'x', wrt: 'x', kind: 'limit', words: ['20003 characters', 'at most 20000'], noHint: true },
  { name: 'declarations longer than 20000 characters', expr: 'sum(x)', wrt: 'x', vars: 'x: n;'.repeat(4001), kind: 'limit', words: ['declarations are 20005 characters', 'at most 20000'] },
  { name: 'nesting deeper than 200', expr: '('.repeat(300) + 'a' + ')'.repeat(300), wrt: 'a', kind: 'limit', words: ['nests more than 200 levels'] },
  { name: 'a function deeper than 1500 through definitions', expr: ['v0 = sin(a)', ...Array.from({ length: 320 }, (_, i) => `v${i + 1}=sin(sin(sin(sin(sin(v${i})))))`)].join(';'), wrt: 'a', kind: 'limit', words: ['at most 1500'] },
];

for (const row of ROWS) {
  test(`limits: ${row.name} — derive`, () => {
    const e = failure(() => derive(row.expr, { wrt: row.wrt ?? 'x', vars: row.vars ?? '' }));
    assert.is(e.kind, row.kind, e.format());
    for (const w of row.words) assert.ok(e.message.includes(w), `the message lacks "${w}": ${e.message}`);
    if (row.kind === 'limit' && !row.noHint) assert.ok(e.hint, `a limit says how to change the input: ${e.format()}`);
    if (row.col !== undefined) {
      const c = caretOf(e);
      const source = row.inVars ? row.vars! : row.expr;
      // the caret line is the input's line, or (a long line) a window of it marked with …
      const window = c.line.replace(/^…/, '').replace(/…$/, '');
      assert.ok(source.includes(window), `the caret line is a line of the input: ${c.line}`);
      assert.ok(c.line.length <= 2 + 60 + 80 + 60 + 2, `a long line is shown as a window: ${c.line.length} characters`);
      if (c.line.startsWith('…')) assert.is(c.col, 1 + 60, e.format());
      else assert.is(c.col, row.col, e.format());
      if (row.width !== undefined) assert.is(c.width, row.width, e.format());
    }
    assert.not.match(e.message, /\?\d/, 'no internal dimension names');
    // (the caret line shows a window of at most 200 characters of the input's line; the message itself is short)
    assert.ok(e.message.length < 400, 'a short message');
  });

  test(`limits: ${row.name} — parse and evaluate`, () => {
    // every limit above is met while the input is read, before any derivative or check
    assert.is(failure(() => parse(row.expr, row.vars ?? '')).kind, row.kind);
    assert.is(failure(() => evaluate(row.expr, {}, row.vars ?? '')).kind, row.kind);
  });

  test(`limits: ${row.name} — the command`, () => {
    const r = runCli(['derive', row.expr, '--wrt', row.wrt ?? 'x', ...(row.vars ? ['--vars', row.vars] : [])]);
    userError(r, row.words);
    if (row.col !== undefined) assert.match(r.stderr, /\n {2}\s*\^+/, 'a caret under the spot');
  });
}

// ---- just inside the limits: everything works ------------------------------------------------------

test('limits: numbers at the limits are read exactly', () => {
  assert.is(derive('1e15*a', { wrt: 'a' }).gradient.text, '1000000000000000');
  assert.is(derive('1e-15*a', { wrt: 'a' }).gradient.text, '1/1000000000000000');
  assert.is(derive('123456789012345.678901234567890*a', { wrt: 'a' }).gradient.text, '12345678901234567890123456789/100000000000000');
  assert.is(derive('0.000000000000001000000000000000000*a', { wrt: 'a' }).gradient.text, '1/1000000000000000');
  // zero is zero whatever its exponent, and trailing zeros are not significant digits
  assert.is(derive('0e99999999999*a + a', { wrt: 'a' }).gradient.text, '1');
  assert.is(derive(`${'0'.repeat(100)}2.5${'0'.repeat(100)}*a`, { wrt: 'a' }).gradient.text, '5/2');
  // a larger constant as a product, as the hint says
  assert.is(derive('1e15*1e15*a', { wrt: 'a' }).gradient.text, '1' + '0'.repeat(30));
});

test('limits: powers at the limits derive and check', () => {
  assert.is(derive('a^1000', { wrt: 'a' }).gradient.text, '1000*a^999');
  assert.is(derive('sum(x.^-1000)', { wrt: 'x' }).gradient.text, '-1000*(1 ./ x.^1001)');
  assert.is(derive('tr(X^16)', { wrt: 'X' }).gradient.text, "16*X'^15");
  assert.is(derive('tr(X^-10)', { wrt: 'X' }).gradient.text, "-10*inv(X)'^11");
  assert.is(derive('tr(X^8*X^8)', { wrt: 'X' }).gradient.text, "16*X'^15");
  // the power of each matrix counts, not of the product: A X^16 B is within the limit
  assert.is(derive('tr(A*X^16*B)', { wrt: 'X' }).gradient.shape.rows, 'm');
  assert.is(derive('tr(A^16*B^16)', { wrt: 'B', check: false }).gradient.shape.rows, 'n');
  assert.is(derive('sum((x.^1000).^10)', { wrt: 'x' }).gradient.text, '10000*x.^9999');
  assert.is(derive('2^1000*a', { wrt: 'a' }).gradient.text, String(2n ** 1000n));
  // an exponent that is an expression of constants is bounded as its value
  assert.is(failure(() => derive('a^(500*3)', { wrt: 'a' })).kind, 'limit');
  assert.is(derive('a^(500*2)', { wrt: 'a' }).gradient.text, '1000*a^999');
});

test('limits: deep chains of functions are not taken for high powers', () => {
  // each line applies a function (a new quantity) or adds: nothing is multiplied out
  const sig = [`v1 = sigmoid(W*x)`, ...Array.from({ length: 59 }, (_, i) => `v${i + 2} = sigmoid(v${i + 1}) .* v${i + 1} + v${i + 1}`), 'sum(v60)'].join('; ');
  assert.is(derive(sig, { wrt: 'W', check: false }).gradient.shape.rows, 'n');
  const tanh = [`v1 = tanh(W*x)`, ...Array.from({ length: 59 }, (_, i) => `v${i + 2} = tanh(W*v${i + 1}) + v${i + 1}`), "v60'*v60"].join('; ');
  assert.is(derive(tanh, { wrt: 'W', check: false }).gradient.expanded, false);
});

test('limits: dimensions at the limits', () => {
  assert.is(parse('sum(A)', 'A: 1000000 x 1').shape.rows, '1');
  assert.is(parse('sum(A)', 'A: 1000*1000 x 1').args[0]!.shape.rows, '1000000');
  const eight = parse('v1 = kron(A, A); v2 = kron(v1, v1); v3 = kron(v2, v2); sum(v3)');
  assert.ok(eight.args[0]!.shape.rows.split('*').length === 8);
  // large declared sizes are read; the numeric check refuses or shrinks its own work (not here)
  assert.is(derive('sum(A*x)', { wrt: 'x', vars: 'A: 100000 x 100000', check: false }).gradient.text, "A'*ones(100000)");
  const big = runCli(['derive', 'sum(A*x)', '--wrt', 'x', '--vars', 'A: 100000 x 100000']);
  assert.ok(big.code === 0 || big.code === 2, `a result or a user's error, never a crash: exit ${big.code} ${big.stderr}`);
  assert.not.match(big.stderr, /internal error/);
  // declarations given as data are held to the same limits
  const nowhere = { start: 0, end: 0 };
  assert.is(failure(() => derive('sum(A)', { wrt: 'A', vars: [{ name: 'A', rows: '99999999999', cols: '1', facts: [], span: nowhere }] })).kind, 'limit');
  assert.is(failure(() => derive('sum(A)', { wrt: 'A', vars: [{ name: 'A', rows: '1e400', cols: '1', facts: [], span: nowhere }] })).kind, 'declaration');
});

// ---- Kronecker shapes unify with what they meet ----------------------------------------------------

test('limits: kron(A, B) + C gives C the product shape', () => {
  const f = parse('sum(kron(A, B) + C)');
  const d = derive('sum(kron(A, B) + C)', { wrt: 'A' });
  const C = d.elaborated.vars.get('C')!;
  const A = d.elaborated.vars.get('A')!;
  const B = d.elaborated.vars.get('B')!;
  assert.equal(C.shape.rows.split('*').sort(), [A.shape.rows, B.shape.rows].sort());
  assert.equal(C.shape.cols.split('*').sort(), [A.shape.cols, B.shape.cols].sort());
  assert.ok(f === d.fn);
  assert.is(d.gradient.text, `sum(B)*ones(${A.shape.rows},${A.shape.cols})`);
  // C declared with a product: the factors it leaves open are read off it
  const e = derive('sum(kron(A, B) + C)', { wrt: 'B', vars: 'A: n x m; C: n*p x m*q' });
  assert.is(e.elaborated.vars.get('B')!.shape.rows, 'p');
  assert.is(e.elaborated.vars.get('B')!.shape.cols, 'q');
  // through a product and a transpose
  assert.is(derive("x'*kron(A, B)*y", { wrt: 'A', vars: 'A: n x m; B: p x q' }).gradient.text, "blockfrob(x*y', B)");
  assert.is(derive('sum(vec(X) .* z)', { wrt: 'X', vars: 'X: n x m' }).elaborated.vars.get('z')!.shape.rows, 'm*n');
  // a product can never equal a different symbol: a clash, not a guess
  const clash = failure(() => derive('sum(kron(A, B) + C)', { wrt: 'A', vars: 'A: n x m; B: p x q; C: k x m*q' }));
  assert.is(clash.kind, 'shape');
  assert.ok(clash.message.includes('n*p'), clash.message);
});

// ---- printed sizes: shared subterms named, never a tree blow-up --------------------------------------

test('limits: a deep chain of definitions prints with its shared subterms named, and parses back', () => {
  const d = derive(chain(20), { wrt: 'a' });
  const g = d.gradient;
  assert.is(g.expanded, false);
  assert.ok(g.text.length < MAX_PRINTED, `${g.text.length} characters`);
  assert.match(g.text, /^\w+ = .*; .*$/);
  assert.ok(parse(g.text) === g.term, 'the statements parse back to the gradient');
  assert.ok(String(g) === g.text);
  for (const s of [g.unicode, g.latex, toText(d.fn), toUnicode(d.fn), toLatex(d.fn)]) assert.ok(s.length < MAX_PRINTED, `${s.length} characters`);
  assert.match(g.unicode, / where /);
  assert.match(g.latex, /\\text\{where \}/);
  assert.ok(parse(toText(d.fn)) === d.fn, 'the function too');
  // a short chain is still written out in full
  const short = derive(chain(3), { wrt: 'a' }).gradient;
  assert.is(short.expanded, true);
  assert.not.match(short.text, /=/);
  // depth 40 costs as much as the DAG, not the tree (its statements are 10833 characters)
  const deep = derive(chain(40), { wrt: 'a', check: false }).gradient;
  assert.ok(parse(deep.text) === deep.term);
  // deeper still, the statements grow with the DAG (and may pass the input length: 60 levels
  // print 23680 characters, which parse() refuses as too long to read back)
  const deeper = derive(chain(60), { wrt: 'a', check: false }).gradient;
  assert.ok(deeper.text.length < 30000, `${deeper.text.length}`);
});

test('limits: the command says when the full form is not written out', () => {
  const r = runCli(['derive', chain(20), '--wrt', 'a']);
  assert.is(r.code, 0, r.stderr);
  const full = r.stdout.split('\n').find((l) => l.startsWith('  in full: '))!;
  assert.ok(full.startsWith(`  in full: not written out, it is longer than ${MAX_PRINTED} characters; as matdiff statements: `), full);
  const statements = full.slice(full.indexOf('statements: ') + 'statements: '.length);
  assert.ok(parse(statements) === derive(chain(20), { wrt: 'a' }).gradient.term);
  const j = runCli(['derive', chain(20), '--wrt', 'a', '--json']);
  assert.is(j.code, 0, j.stderr);
  const o = JSON.parse(j.stdout);
  assert.is(o.expanded, false);
  assert.ok(parse(o.gradient) === derive(chain(20), { wrt: 'a' }).gradient.term);
  assert.ok(parse(o.function) === derive(chain(20), { wrt: 'a' }).fn);
  assert.ok(j.stdout.length < 5 * MAX_PRINTED, `${j.stdout.length} characters`);
  // written out in full: no `expanded` field (the documented fields only)
  const k = JSON.parse(runCli(['derive', chain(2), '--wrt', 'a', '--json']).stdout);
  assert.is(k.expanded, undefined);
});

// ---- evaluate(): linear in the DAG, and only MatdiffErrors -----------------------------------------

test('limits: evaluate() memoizes through definitions', () => {
  let v = 0.3;
  for (let i = 0; i < 40; i++) v = Math.sin(v) + v;
  const [[got]] = evaluate(chain(40, 'x'), { x: 0.3 }) as [[number]];
  assert.ok(Math.abs(got! - v) < 1e-12, `${got} vs ${v}`);
});

test('limits: evaluate() outside the domain is a domain error, not an internal one', () => {
  const e = failure(() => evaluate('sum(log(x))', { x: [-1, 2] }));
  assert.is(e.kind, 'domain');
  assert.ok(e.message.includes('undefined at these values'), e.message);
  assert.ok(e.message.includes('log'), e.message);
  assert.is(failure(() => evaluate('sum(inv(X))', { X: [[1, 1], [1, 1]] })).kind, 'domain');
  assert.is(failure(() => evaluate('logdet(X)', { X: [[1, 2], [2, 1]] })).kind, 'domain');
  assert.is(failure(() => evaluate('1/a', { a: 0 })).kind, 'domain');
});

test('limits: evaluate() bounds the matrices it makes and checks its values', () => {
  const ones = (n: number) => Array.from({ length: n }, () => Array<number>(n).fill(1));
  const e = failure(() => evaluate('sum(kron(A, B))', { A: ones(100), B: ones(100) }));
  assert.is(e.kind, 'limit');
  assert.ok(e.message.includes('10000×10000') && e.message.includes('limit on evaluation sizes'), e.message);
  assert.equal(evaluate('sum(kron(A, B))', { A: ones(10), B: ones(10) }), [[10000]]);
  assert.is(failure(() => evaluate('sum(ones(n))', {})).kind, 'shape');
  assert.is(failure(() => evaluate('sum(x)', { x: [] })).kind, 'declaration');
  assert.is(failure(() => evaluate('sum(x)', { x: 'abc' as unknown as number[] })).kind, 'declaration');
  assert.is(failure(() => evaluate('sum(x)', { x: [1, 'b' as unknown as number] })).kind, 'declaration');
});

// ---- the command line: arguments, repeats, lengths --------------------------------------------------

test('limits: an option given more than 100 times', () => {
  // `--wrt a` a thousand times: the option is named, before the count of arguments
  const r = runCli(['derive', 'a^2', ...Array.from({ length: 1000 }, () => ['--wrt', 'a']).flat()]);
  userError(r, ['--wrt is given more than 100 times', 'limit on repeated options']);
  assert.match(r.stderr, /hint: give the variables once, as a list/);
  const v = runCli(['derive', 'sum(x)', '--wrt', 'x', ...Array.from({ length: 101 }, (_, i) => ['--vars', `y${i}: n`]).flat()]);
  userError(v, ['--vars is given more than 100 times']);
});

test('options that take one value: the same value twice counts once, two different values are an error', () => {
  for (const args of [
    ['report', "x'*x", '--wrt', 'x', '--format', 'md', '--format', 'html'],
    ['check', "x'*x", '--wrt', 'x', '--claim', '2*x', '--claim', 'x'],
    ['derive', "x'*x", '--wrt', 'x', '--seed', '1', '--seed', '2'],
  ]) {
    const r = runCli(args);
    assert.is(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /is given twice, as `[^`]+` and as `[^`]+`: it takes one value/);
    assert.not.match(r.stderr, /^\s+at /m);
  }
  const same = runCli(['report', "x'*x", '--wrt', 'x', '--format', 'md', '--format', 'md']);
  assert.is(same.code, 0, same.stderr);
  assert.match(same.stdout, /^# Derivation/);
});

test('limits: the same --wrt twice is one gradient', () => {
  const r = runCli(['derive', 'a^2*b', '--wrt', 'a', '--wrt', 'a', '--json']);
  assert.is(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.ok(!Array.isArray(j), 'one object, not a list');
  assert.is(j.gradient, '2*a*b');
  assert.is(derive('a^2*b', { wrt: 'a, a' }).gradients.length, 1);
  assert.is(derive('a^2*b', { wrt: ['a', 'b', 'a'] }).gradients.map((g) => g.wrt).join(','), 'a,b');
  assert.equal(parseArgs(['--wrt', 'a', '--wrt', 'b', '--wrt', 'a'], { options: ['wrt'], flags: [] }).options.get('wrt'), ['a', 'b']);
});

test('limits: too many arguments, and an argument too long', () => {
  userError(runCli(['derive', 'a^2', '--wrt', 'a', ...Array<string>(1000).fill('--json')]), ['1003 arguments', 'at most 1000', 'limit on arguments']);
  userError(runCli(['derive', 'a^2', '--wrt', 'a', '--vars', 'a: scalar;'.repeat(10001)]), ['argument 5 is 100010 characters long', 'limit on argument length']);
  // an expression between the two limits gets the input-length message
  userError(runCli(['derive', 'x+'.repeat(20000) + 'x', '--wrt', 'x']), ['40001 characters long', 'matdiff reads at most 20000']);
});

test.run();

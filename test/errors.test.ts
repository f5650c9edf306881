// Every kind of bad input gets a precise message: parse errors point at the spot with a caret and
// say what was expected; shape clashes name the operator and both shapes; unknown names suggest the
// nearest known one; limits stop quickly; input that looks like code is only ever a name.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { derive, parse, evaluate, MatdiffError } from '../src/index.js';
import type { ErrorKind } from '../src/errors.js';
import { caretOf, failure } from './helpers/errors.js';

interface Row {
  name: string;
  expr: string;
  wrt?: string;
  vars?: string;
  kind: ErrorKind;
  words: (string | RegExp)[];
  col?: number; // caret column in the expression (or, for declaration errors, in --vars)
  width?: number;
  hint?: string | RegExp;
}

const ROWS: Row[] = [
  // ---- parse errors: caret under the spot, what was expected ----
  { name: 'missing operand at the end', expr: 'W*x +', kind: 'parse', words: ['expected an expression', 'end of input'], col: 5 },
  { name: 'missing operand in the middle', expr: 'W*x + * y', kind: 'parse', words: ['expected an expression', '`*`'], col: 6 },
  { name: 'missing argument after a comma', expr: 'sum(x,)', kind: 'parse', words: ['expected an expression', '`)`'], col: 6 },
  { name: 'unbalanced (', expr: '(W*x', kind: 'parse', words: ['unbalanced parenthesis', 'never closed'], col: 0 },
  { name: 'unbalanced ( of a call', expr: 'sum((x)', kind: 'parse', words: ['unbalanced parenthesis', 'sum('], col: 3 },
  { name: 'unbalanced )', expr: 'W*x)', kind: 'parse', words: ['unexpected `)`', 'closes no `(`'], col: 3 },
  { name: 'stray character', expr: 'W*x $ y', kind: 'parse', words: ['unknown character `$`'], col: 4, width: 1 },
  { name: 'two operands without an operator', expr: '2 x', kind: 'parse', words: ['expected an operator between `2` and `x`', '2*x'], col: 2 },
  { name: 'a transpose of nothing', expr: "'x", kind: 'parse', words: ['transpose', 'must follow something'], col: 0 },
  { name: 'empty input', expr: '', kind: 'parse', words: ['the expression is empty'], col: 0 },
  { name: 'blank input', expr: '  \n ', kind: 'parse', words: ['the expression is empty'] },
  { name: 'a function without a call', expr: 'exp + x', kind: 'parse', words: ['`exp` is a function', 'exp(...)'], col: 0, width: 3 },
  { name: 'wrong number of arguments', expr: 'tr(A, B)', kind: 'parse', words: ['tr takes 1 argument, not 2'], col: 0 },
  { name: 'the error is on the second line', expr: 'v = W*x\ns = sigmoid(v +)\nE = s:s', kind: 'parse', words: ['expected an expression', '`)`'], col: 15 },
  { name: 'a definition that redefines a variable', expr: 'x = 2*x; x', kind: 'parse', words: ['`x`', 'used before it is defined'], col: 0 },
  // ---- declarations ----
  { name: 'declaration without a colon', expr: 'W*x', vars: 'W n x m', kind: 'declaration', words: ['name: shape', 'W: n x m'], col: 0 },
  { name: 'declared twice', expr: 'W*x', vars: 'W: n x m; W: n', kind: 'declaration', words: ['`W` is declared twice'], col: 10 },
  { name: 'misspelled fact', expr: "x'*W*x", wrt: 'x', vars: 'W: n x n symetric', kind: 'declaration', words: ['unknown fact `symetric`', 'W'], hint: 'did you mean `symmetric`?' },
  { name: 'not a dimension', expr: 'W*x', vars: 'x: m; W: 2x', kind: 'declaration', words: ['`2x` is not a dimension'], col: 6 },
  { name: 'symmetric but not square', expr: "x'*W*y", wrt: 'W', vars: 'W: n x m symmetric', kind: 'declaration', words: ['W is declared symmetric', 'n×m', 'not square'] },
  // ---- shape clashes: operator and both shapes ----
  { name: 'matrix product', expr: 'W*x', wrt: 'W', vars: 'W: n x m; x: k', kind: 'shape', words: ['shape clash at `*` in `W*x`', 'W is n×m but x is k×1', 'm = k'], col: 1, width: 1 },
  { name: 'sum', expr: 'sum(x + y)', wrt: 'x', vars: 'x: n; y: m', kind: 'shape', words: ['shape clash at `+`', 'x is n×1 but y is m×1'], col: 6 },
  { name: 'difference', expr: 'sum(A - B)', wrt: 'A', vars: 'A: n x m; B: m x n', kind: 'shape', words: ['shape clash at `-`', 'A is n×m but B is m×n'], col: 6 },
  { name: 'Hadamard product', expr: 'sum(x .* y)', wrt: 'x', vars: 'x: n; y: m', kind: 'shape', words: ['shape clash at `.*`', 'x is n×1 but y is m×1', 'Hadamard'], col: 6, width: 2 },
  { name: 'Frobenius product', expr: 'x:y', wrt: 'x', vars: 'x: n; y: m', kind: 'shape', words: ['shape clash at `:`', 'x is n×1 but y is m×1', 'Frobenius'], col: 1 },
  { name: 'trace of a non-square matrix', expr: 'tr(W)', wrt: 'W', vars: 'W: n x m', kind: 'shape', words: ['shape clash at `tr`', 'W is n×m', 'square'], col: 0 },
  { name: 'inverse of a non-square matrix', expr: 'sum(inv(W))', wrt: 'W', vars: 'W: n x m', kind: 'shape', words: ['shape clash at `inv`', 'W is n×m', 'square'], col: 4 },
  { name: 'determinant of a non-square matrix', expr: 'det(W)', wrt: 'W', vars: 'W: n x m', kind: 'shape', words: ['shape clash at `det`', 'W is n×m', 'square'], col: 0 },
  { name: 'matrix power of a non-square matrix', expr: 'sum(W^2)', wrt: 'W', vars: 'W: n x m', kind: 'shape', words: ['shape clash at `^`', 'W is n×m', 'square', '.^'], col: 5 },
  { name: 'division by a vector', expr: 'x/y', wrt: 'x', vars: 'x: n; y: n', kind: 'shape', words: ['shape clash at `/`', 'y is n×1', './'], col: 1 },
  { name: 'a clash found through inference', expr: "tr(X) + x'*X*y", wrt: 'X', vars: 'x: n; y: m', kind: 'shape', words: ["x'*X is 1×n but y is m×1"], col: 12 },
  // (an undeclared k there is a scalar by its use: test/notation.test.ts)
  { name: 'an exponent that is not a scalar', expr: 'sum(X^k)', wrt: 'X', vars: 'X: n x n; k: n', kind: 'shape', words: ['the exponent k is n×1, not a scalar'], col: 5 },
  // ---- unknown functions and names ----
  { name: 'sigmod', expr: 'sum(sigmod(W*x))', wrt: 'W', kind: 'unknown-function', words: ['unknown function `sigmod`'], col: 4, width: 6, hint: 'did you mean `sigmoid`?' },
  { name: 'tarce', expr: 'tarce(X)', wrt: 'X', kind: 'unknown-function', words: ['unknown function `tarce`'], col: 0, width: 5, hint: 'did you mean `trace`?' },
  { name: 'sofmax', expr: "y'*log(sofmax(z))", wrt: 'z', kind: 'unknown-function', words: ['unknown function `sofmax`'], col: 7, hint: 'did you mean `softmax`?' },
  { name: 'nothing near', expr: 'frobnicate(X)', wrt: 'X', kind: 'unknown-function', words: ['unknown function `frobnicate`'], col: 0, hint: /known functions: tr, .*sigmoid/ },
  { name: 'unknown --wrt', expr: "x'*A*x", wrt: 'y', kind: 'unknown-name', words: ['`y` does not occur in the expression'], hint: /x|A/ },
  { name: 'unknown --wrt, a near miss', expr: 'W1*x:y', wrt: 'W2', kind: 'unknown-name', words: ['`W2` does not occur'], hint: 'did you mean `W1`?' },
  { name: '--wrt the function itself', expr: 'v = W*x; E = v:v', wrt: 'E', kind: 'unknown-name', words: ['`E` is the function itself'], hint: /W, x, v/ },
  { name: '--wrt a near miss of an intermediate', expr: 'hid = W*x; E = hid:hid', wrt: 'hdd', kind: 'unknown-name', words: ['`hdd` does not occur'], hint: 'did you mean `hid`?' },
  // ---- unsupported and not scalar ----
  { name: 'a matrix power with a variable exponent', expr: 'tr(X^a)', wrt: 'X', vars: 'X: n x n', kind: 'unsupported', words: ['matrix power needs a constant integer exponent', '`a`'], col: 5, width: 1 },
  { name: 'a non-integer matrix power', expr: 'tr(X^(1/2))', wrt: 'X', vars: 'X: n x n', kind: 'unsupported', words: ['matrix power needs a constant integer exponent', '(1/2)', '.^'], col: 5, width: 5 },
  { name: 'a vector function', expr: 'W*x', wrt: 'W', kind: 'not-scalar', words: ['the function is n×1, not a scalar', 'gradient needs a scalar function'], hint: /matdiff jacobian/ },
  { name: 'a matrix function', expr: 'v = W*x; S = Diag(v)', wrt: 'W', kind: 'not-scalar', words: ['n×n, not a scalar'] },
  // ---- a constant divided by zero: a mistake in the input, not an internal error ----
  { name: 'division by zero', expr: "x'*x/0", wrt: 'x', kind: 'parse', words: ['division by zero'], col: 4 },
  { name: 'a zero coefficient inverted', expr: "1/0*x'*x", wrt: 'x', kind: 'parse', words: ['division by zero'], col: 1 },
  { name: 'elementwise division by zero', expr: 'sum(x./0)', wrt: 'x', kind: 'parse', words: ['division by zero'], col: 5, width: 2 },
];

for (const row of ROWS) {
  test(`errors: ${row.kind} — ${row.name}`, () => {
    const e = failure(() => derive(row.expr, { wrt: row.wrt ?? 'x', vars: row.vars ?? '' }));
    assert.is(e.kind, row.kind, e.format());
    for (const w of row.words) {
      if (typeof w === 'string') assert.ok(e.message.includes(w), `the message lacks "${w}": ${e.message}`);
      else assert.match(e.message, w);
    }
    if (row.hint !== undefined) {
      assert.ok(e.hint, `no hint: ${e.format()}`);
      if (typeof row.hint === 'string') assert.is(e.hint, row.hint);
      else assert.match(e.hint!, row.hint);
      assert.ok(e.format().includes(`hint: ${e.hint}`));
    }
    if (row.col !== undefined) {
      const c = caretOf(e);
      // the caret line shows the line of the input (or of --vars) that holds the mistake
      const source = row.kind === 'declaration' ? row.vars! : row.expr;
      const lineStart = source.lastIndexOf('\n', e.span!.start - 1) + 1;
      assert.is(c.line, source.slice(lineStart).split('\n')[0]);
      assert.is(c.col, row.col, e.format());
      if (row.width !== undefined) assert.is(c.width, row.width, e.format());
    }
    assert.not.match(e.format(), /\bat .*\.ts:\d+/, 'no stack in the message');
    assert.not.match(e.message, /\?\d/, 'no internal dimension names');
  });
}

test('errors: format() is the message, the input line, the caret, the hint', () => {
  const e = failure(() => derive('W*x', { wrt: 'W', vars: 'W: n x m; x: k' }));
  assert.is(e.format(), ['error: shape clash at `*` in `W*x`: W is n×m but x is k×1 (the matrix product needs m = k)', '  W*x', '   ^'].join('\n'));
  const u = failure(() => derive('sum(sigmod(W*x))', { wrt: 'W' }));
  assert.is(u.format(), ['error: unknown function `sigmod`', '  sum(sigmod(W*x))', '      ^^^^^^', 'hint: did you mean `sigmoid`?'].join('\n'));
});

test('errors: parse() and evaluate() report the same errors', () => {
  assert.is(failure(() => parse('W*x +')).kind, 'parse');
  assert.is(failure(() => parse('W*x', 'W: n x m; x: k')).kind, 'shape');
  assert.is(failure(() => evaluate("x'*y", { x: [1, 2] })).kind, 'unknown-name');
  assert.is(failure(() => evaluate("x'*y", { x: [1, 2], y: [1, 2, 3] })).kind, 'shape');
});

// ---- limits: a 'limit' error, quickly: never a stack overflow or a hang --------------------------

function quickLimit(what: string, f: () => unknown, words: string): MatdiffError {
  const e = failure(f);
  assert.is(e.kind, 'limit', `${what}: ${e.format()}`);
  assert.ok(e.message.includes(words), `${what}: ${e.message}`);
  return e;
}

test('errors: limits — input longer than the maximum', () => {
  const e = quickLimit('long input', () => derive('x+'.repeat(10001) + 'x', { wrt: 'x' }), 'matdiff reads at most 20000');
  assert.ok(e.message.includes('20003 characters'));
  assert.ok(e.format().length < 400, 'the message does not echo the whole input');
});

test('errors: limits — nesting deeper than the maximum, in every way of nesting', () => {
  for (const [what, src] of [
    ['parentheses', '('.repeat(300) + 'a' + ')'.repeat(300)],
    ['calls', 'exp('.repeat(300) + 'a' + ')'.repeat(300)],
    ['signs', '-'.repeat(5000) + 'a'],
    ['powers', 'a' + '^a'.repeat(3000)],
    ['brackets far past any stack', '('.repeat(9000) + 'a' + ')'.repeat(9000)],
  ] as const) {
    const e = quickLimit(what, () => derive(src, { wrt: 'a' }), 'nests more than 200 levels');
    assert.ok(caretOf(e).col <= 800, what);
  }
  quickLimit('transposes', () => derive('x' + "'".repeat(3000), { wrt: 'x' }), 'more than 200 transposes');
  // nesting through definitions: each line is shallow, the function is not
  const defs = ['v0 = sin(a)', ...Array.from({ length: 320 }, (_, i) => `v${i + 1}=sin(sin(sin(sin(sin(v${i})))))`)].join(';');
  assert.ok(defs.length < 20000, 'the input itself is within the length limit');
  quickLimit('definitions', () => derive(defs, { wrt: 'a' }), 'matdiff handles at most 1500');
});

test('errors: limits — a huge chain, directly or doubled through definitions', () => {
  quickLimit('a sum of 2500 terms', () => derive('a' + '+a'.repeat(2500), { wrt: 'a' }), 'chains more than 2000 operators');
  const e = quickLimit('a product of 1900 factors', () => derive('a' + '*a'.repeat(1900), { wrt: 'a' }), 'matdiff handles at most 100');
  assert.ok(e.message.includes('product'));
  assert.ok(e.span !== undefined, 'the caret points at the product that crossed the limit');
  // every line doubles the product (2^20 factors from 20 short lines)
  const doubling = (op: string, k: number) => ['v1 = a' + op + 'a', ...Array.from({ length: k - 1 }, (_, i) => `v${i + 2} = v${i + 1}${op}v${i + 1}`)].join('; ');
  quickLimit('a product doubled by definitions', () => derive(doubling('*', 20), { wrt: 'a' }), 'factors');
  quickLimit('a Hadamard product doubled by definitions', () => derive(doubling('.*', 20).replace('v1 = a.*a', 'v1 = x.*x') + '; sum(v20)', { wrt: 'x' }), 'factors');
  quickLimit('a sum doubled by definitions', () => derive(doubling('+', 24), { wrt: 'a' }), 'terms');
  // below the limits the same shapes derive
  assert.is(derive(doubling('*', 6), { wrt: 'a' }).gradient.text, '64*a^63');
  assert.is(derive(doubling('+', 10), { wrt: 'a' }).gradient.text, '1024');
});

// ---- input that looks like code is only ever a name ------------------------------------------------

test('errors: code-looking input is a parse error or an unknown name, never evaluated', () => {
  const exit = process.exit;
  let called = false;
  process.exit = ((() => {
    called = true;
  }) as unknown) as typeof process.exit;
  try {
    const p = failure(() => derive('process.exit(1)', { wrt: 'x' }));
    assert.is(p.kind, 'parse');
    assert.is(p.message, 'unknown character `.`');
    assert.is(caretOf(p).col, 7);
    for (const [src, kind, fn] of [
      ['exit(1)', 'unknown-function', 'exit'],
      ['eval(x)', 'unknown-function', 'eval'],
      ['constructor(x)', 'unknown-function', 'constructor'],
      ['__proto__(x)', 'unknown-function', '__proto__'],
      ['toString(x)', 'unknown-function', 'toString'],
      ['hasOwnProperty(x)', 'unknown-function', 'hasOwnProperty'],
    ] as const) {
      const e = failure(() => derive(src, { wrt: 'x' }));
      assert.is(e.kind, kind, src);
      assert.is(e.message, `unknown function \`${fn}\``);
      assert.is(caretOf(e).col, 0);
    }
    assert.is(failure(() => derive('`ls`', { wrt: 'x' })).kind, 'parse');
    assert.is(failure(() => derive("require('fs')", { wrt: 'x' })).kind, 'parse');
    // as names they are ordinary scalars (a–g convention aside: other names are scalars)
    const e = failure(() => derive('constructor*2', { wrt: 'x' }));
    assert.is(e.kind, 'unknown-name');
    assert.is(e.hint, 'its variables are: constructor');
    assert.is(derive('constructor^2', { wrt: 'constructor' }).gradient.text, '2*constructor');
    assert.is(derive('__proto__*3 + constructor', { wrt: '__proto__' }).gradient.text, '3');
    // evaluate() reads only the values it is given
    assert.is(failure(() => evaluate('__proto__', {})).kind, 'unknown-name');
    assert.is(failure(() => evaluate('constructor*2', {})).kind, 'unknown-name');
    assert.equal(evaluate('constructor*2', { constructor: 3 }), [[6]]);
  } finally {
    process.exit = exit;
  }
  assert.not.ok(called, 'nothing in the input ran');
});

test.run();

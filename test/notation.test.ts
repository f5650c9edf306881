// Notation from other tools: read as matdiff where it means one thing (A@x, X.T, X.', X^T, `n by m`,
// numpy's shapes), each reading noted in the result; refused with the matdiff form and a caret
// where it would be a guess (x**2, np.exp, X^{T}, |x|, transpose(X)).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { derive, parse } from '../src/index.js';
import type { ErrorKind } from '../src/errors.js';
import { caretOf, failure } from './helpers/errors.js';
import { runCli } from './helpers/cli.js';

interface Refusal {
  name: string;
  expr: string;
  wrt?: string;
  vars?: string;
  kind: ErrorKind;
  /** words the message must have */
  words: string[];
  /** words the hint must have: the matdiff form */
  hint: string[];
  /** caret column (in the expression, or in --vars for declaration errors) and width */
  col: number;
  width?: number;
}

const REFUSED: Refusal[] = [
  { name: "Python's power", expr: 'x**2', kind: 'parse', words: ["`**` is Python's power", 'matdiff writes a power `^`'], hint: ['x^2', 'X.^2'], col: 1, width: 2 },
  { name: "numpy's module prefix", expr: 'sum(np.exp(x))', kind: 'parse', words: ['unknown character `.`'], hint: ['exp(x) for np.exp(x)'], col: 6, width: 1 },
  { name: 'LaTeX braces', expr: 'sum(X^{2})', wrt: 'X', kind: 'parse', words: ['unknown character `{`'], hint: ['parentheses', 'X^(n+1)'], col: 6 },
  { name: 'a LaTeX command', expr: 'x^\\top', kind: 'parse', words: ['unknown character `\\`'], hint: ["X'", 'lambda'], col: 2 },
  { name: 'absolute value bars', expr: 'sum(|x|)', kind: 'parse', words: ['unknown character `|`'], hint: ['abs(x)', 'norm2(x)'], col: 4 },
  { name: 'norm bars', expr: '‖x‖^2', kind: 'parse', words: ['unknown character `‖`'], hint: ['norm2(x)'], col: 0 },
  { name: 'indexing', expr: 'A[1]*x', kind: 'parse', words: ['unknown character `[`'], hint: ['no matrix literals or indexing'], col: 1 },
  { name: 'transpose() of numpy', expr: 'sum(transpose(X)*x)', kind: 'unknown-function', words: ['unknown function `transpose`'], hint: ["X'"], col: 4, width: 9 },
  { name: 'dot() of numpy', expr: 'dot(w, x)', kind: 'unknown-function', words: ['unknown function `dot`'], hint: ["a'*b"], col: 0, width: 3 },
  { name: 'matmul() of numpy', expr: 'sum(matmul(A, x))', kind: 'unknown-function', words: ['unknown function `matmul`'], hint: ['A*B'], col: 4 },
  { name: 'X^T with T declared: a power, refused', expr: 'tr(X^T*X)', wrt: 'X', vars: 'T: scalar', kind: 'unsupported', words: ['matrix power needs a constant integer exponent', '`T`'], hint: ["for the transpose write X'"], col: 5, width: 1 },
  { name: 'X^T with T used elsewhere: a power, refused', expr: 'tr(X^T*X) + T', wrt: 'X', kind: 'unsupported', words: ['matrix power needs a constant integer exponent'], hint: ["write X'", 'used elsewhere'], col: 5 },
  { name: 'a transpose right after a superscript power', expr: 'tr(X².T)', wrt: 'X', kind: 'parse', words: ['transpose right after the superscript power'], hint: ["(X^2)'"], col: 5, width: 2 },
  { name: '`by` without a second dimension', expr: 'sum(W*x)', wrt: 'W', vars: 'x: m; W: n by', kind: 'declaration', words: ['`by` in the declaration of W needs a dimension on each side'], hint: ['W: n x m'], col: 11, width: 2 },
];

for (const row of REFUSED) {
  test(`notation refused: ${row.name}`, () => {
    const e = failure(() => derive(row.expr, { wrt: row.wrt ?? 'x', vars: row.vars ?? '' }));
    assert.is(e.kind, row.kind, e.format());
    for (const w of row.words) assert.ok(e.message.includes(w), `the message lacks "${w}": ${e.format()}`);
    assert.ok(e.hint, `no hint: ${e.format()}`);
    for (const w of row.hint) assert.ok(e.hint!.includes(w), `the hint lacks "${w}": ${e.format()}`);
    const c = caretOf(e);
    assert.is(c.line, row.kind === 'declaration' ? row.vars : row.expr);
    assert.is(c.col, row.col, e.format());
    if (row.width !== undefined) assert.is(c.width, row.width, e.format());
  });
}

// ---- accepted: each reads as the matdiff form, and the result says so ----------------------------

const ACCEPTED: { written: string; matdiff: string; note?: string }[] = [
  { written: 'A@x', matdiff: 'A*x', note: "`@` (numpy's matrix product) is read as matdiff's `*`" },
  { written: 'X.T*X', matdiff: "X'*X", note: "`.T` (numpy's transpose) is read as matdiff's `'`" },
  { written: "X.'*X", matdiff: "X'*X", note: "`.'` (MATLAB's transpose) is read as matdiff's `'`" },
  { written: 'X^T*X', matdiff: "X'*X", note: "`X^T` is read as the transpose X' (T is not a variable here" },
  { written: '(A*x)^T*y', matdiff: "(A*x)'*y", note: "`(A*x)^T` is read as the transpose (A*x)'" },
  { written: 'x.T@A@x', matdiff: "x'*A*x" },
  { written: 'X^(T)', matdiff: "X'" },
];

for (const row of ACCEPTED) {
  test(`notation accepted: ${row.written} is ${row.matdiff}`, () => {
    assert.ok(parse(row.written) === parse(row.matdiff), `${row.written} and ${row.matdiff} are the same term`);
    if (row.note) {
      const d = derive(`sum(${row.written})`, { wrt: row.written.includes('x') ? 'x' : 'X', check: false });
      assert.ok(d.notes.some((n) => n.startsWith(row.note!)), `a note for ${row.written}: ${JSON.stringify(d.notes)}`);
    }
  });
}

test('notation: X^T is a power where T is defined, and the defined value is the exponent', () => {
  assert.ok(parse('T = 2; tr(X^T)') === parse('tr(X^2)'));
  assert.equal(derive('T = 2; tr(X^T)', { wrt: 'X', check: false }).notes, []);
});

test('notation: X^T is a power where T is defined anywhere, so T defined after it is a mistake, not a transpose', () => {
  const e = failure(() => derive('S = X^T; T = 2; tr(S)', { wrt: 'X' }));
  assert.is(e.kind, 'parse');
  assert.ok(e.message.includes('`T` is used before it is defined'), e.format());
});

test('notation: the notes are printed by derive and given in --json', () => {
  const r = runCli(['derive', "x.T@A@x", '--wrt', 'x']);
  assert.is(r.code, 0, r.stderr);
  assert.ok(r.stdout.includes("  note: `@` (numpy's matrix product) is read as matdiff's `*`\n"), r.stdout);
  assert.ok(r.stdout.includes("  note: `.T` (numpy's transpose) is read as matdiff's `'`\n"), r.stdout);
  const j = JSON.parse(runCli(['derive', "x.T@A@x", '--wrt', 'x', '--json']).stdout);
  assert.equal([...j.notes].sort(), ["`.T` (numpy's transpose) is read as matdiff's `'`", "`@` (numpy's matrix product) is read as matdiff's `*`"]);
  // nothing to say: no field
  const plain = JSON.parse(runCli(['derive', "x'*A*x", '--wrt', 'x', '--json', '--vars', 'x: n; A: n x n']).stdout);
  assert.not.ok('notes' in plain);
  assert.not.ok('assumed' in plain);
});

// ---- declarations in other tools' words -----------------------------------------------------------

const SHAPES: { vars: string; note: string }[] = [
  { vars: 'W: n by m; x: m', note: 'W: `n by m` is read as n x m' },
  { vars: 'W: n BY m; x: m', note: 'W: `n BY m` is read as n x m' },
  { vars: 'W: n-by-m; x: m', note: 'W: `n-by-m` is read as n x m' },
  { vars: 'W: n X m; x: m', note: 'W: `n X m` is read as n x m' },
  { vars: "W: (n, m); x: m", note: "W: `(n, m)` (numpy's shape) is read as n x m" },
  { vars: 'W: n x m; x: (m,)', note: "x: `(m,)` (numpy's shape) is read as m, a column vector" },
];

for (const row of SHAPES) {
  test(`notation: --vars "${row.vars}" declares W: n x m; x: m`, () => {
    const d = derive('sum(W*x)', { wrt: 'W', vars: row.vars });
    const same = derive('sum(W*x)', { wrt: 'W', vars: 'W: n x m; x: m' });
    assert.equal(d.gradient.shape, { rows: 'n', cols: 'm' });
    assert.ok(d.gradient.term === same.gradient.term);
    assert.equal(d.conventions, [], 'both names declared');
    assert.ok(d.notes.includes(row.note), JSON.stringify(d.notes));
  });
}

test('notation: × and facts after a numpy shape', () => {
  const d = derive("x'*S*x", { wrt: 'x', vars: 'S: (n, n) symmetric; x: n' });
  assert.is(d.gradient.text, '2*S*x');
  assert.is(derive('sum(W*x)', { wrt: 'W', vars: 'W: n×m; x: m' }).gradient.text, "ones(n)*x'");
});

test.run();

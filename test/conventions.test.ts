// Undeclared names: the letter convention (a–g and Greek names scalars, h–z column vectors, A–Z
// and capital Greek letters matrices), the uses that override it (A*x - b, a'*X*b, X*b, x.^p),
// what every result says about them (Derivation.conventions, `assumed:` and "assumed" of the
// command), and what an error involving them says.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { derive, parse } from '../src/index.js';
import { showShape } from '../src/core/shape.js';
import { caretOf, failure } from './helpers/errors.js';
import { runCli } from './helpers/cli.js';

interface Row {
  expr: string;
  wrt: string;
  vars?: string;
  /** the gradient as text, where the form matters (every one is checked numerically by derive) */
  gradient?: string;
  /** name → `shape, why` as the result says it (showShape and the `why` words, a prefix of them) */
  assumed: Record<string, string>;
}

const USE = 'inferred from its use in';
const ROWS: Row[] = [
  // the use decides: inference over the letter
  { expr: 'norm2(A*x - b)^2', wrt: 'x', gradient: "2*A'*(A*x - b)", assumed: { b: `n×1, ${USE} A*x - b`, A: 'n×m, letter convention: A–Z are matrices', x: 'm×1, letter convention: h–z are column vectors' } },
  { expr: "a'*X*b", wrt: 'X', gradient: "a*b'", assumed: { a: `n×1, ${USE} a'*X`, b: `m×1, ${USE} a'*X*b`, X: 'n×m, letter convention: A–Z are matrices' } },
  { expr: "norm2(X*w - y)^2 + lambda*w'*w", wrt: 'w', gradient: "2*(X'*(X*w - y) + lambda*w)", assumed: { lambda: 'scalar (1×1), letter convention: Greek letter names are scalars' } },
  { expr: 'norm2(y - X*b)^2', wrt: 'b', gradient: "2*X'*(X*b - y)", assumed: { b: `m×1, ${USE} X*b` } },
  { expr: "(x - mu)'*inv(S)*(x - mu)", wrt: 'mu', gradient: "-(inv(S) + inv(S)')*(x - mu)", assumed: { mu: `n×1, ${USE} (x - mu)` } },
  { expr: 'sum(W*x + b)', wrt: 'b', gradient: 'ones(n)', assumed: { b: `n×1, ${USE} W*x + b` } },
  { expr: 'sum(x - 2*c)', wrt: 'c', gradient: '-2*ones(n)', assumed: { c: `n×1, ${USE} x - 2*c` } },
  { expr: "sigmoid(theta'*x)", wrt: 'theta', gradient: "(1 - sigmoid(theta'*x))*sigmoid(theta'*x)*x", assumed: { theta: `n×1, ${USE} theta'*x` } },
  { expr: 'sum(x.^p)', wrt: 'p', assumed: { p: `scalar (1×1), ${USE} x.^p` } },
  // the letter decides where a scalar fits: scaling and broadcasting keep working
  { expr: "c*x'*x", wrt: 'x', gradient: '2*c*x', assumed: { c: 'scalar (1×1), letter convention: a–g are scalars' } },
  { expr: "x'*x + c", wrt: 'c', gradient: '1', assumed: { c: 'scalar (1×1), letter convention: a–g are scalars' } },
  { expr: 'sum(x + 1)', wrt: 'x', gradient: 'ones(n)', assumed: { x: 'n×1, letter convention: h–z are column vectors' } },
  { expr: "sigmoid(w'*x + b)", wrt: 'b', gradient: "(1 - sigmoid(b + w'*x))*sigmoid(b + w'*x)", assumed: { b: 'scalar (1×1), letter convention: a–g are scalars' } },
  { expr: 'sum(A*c*x)', wrt: 'x', gradient: "c*A'*ones(n)", assumed: { c: 'scalar (1×1), letter convention: a–g are scalars', x: 'm×1' } },
  { expr: "x'*A*c*x", wrt: 'x', assumed: { c: 'scalar (1×1), letter convention: a–g are scalars' } },
  { expr: 'sum(W*x*c)', wrt: 'c', assumed: { c: 'scalar (1×1), letter convention: a–g are scalars' } },
  // Greek names are scalars; σ stays the sigmoid
  { expr: 'sum(sigma*x)', wrt: 'sigma', assumed: { sigma: 'scalar (1×1), letter convention: Greek letter names are scalars' } },
  { expr: "lambda_1*w'*w + mu2*sum(w)", wrt: 'w', assumed: { lambda_1: 'scalar (1×1), letter convention: Greek letter names are scalars', mu2: 'scalar (1×1)' } },
  { expr: "λ*w'*w", wrt: 'w', gradient: '2*λ*w', assumed: { λ: 'scalar (1×1), letter convention: Greek letters are scalars' } },
  { expr: "x'*Σ*x", wrt: 'x', gradient: "(Σ + Σ')*x", assumed: { Σ: 'n×n, letter convention: capital Greek letters are matrices' } },
  { expr: "sum(σ(W*x))", wrt: 'W', assumed: { W: 'n×m, letter convention: A–Z are matrices' } },
  // a name that only starts like a Greek name follows its letter
  { expr: "taut'*x", wrt: 'x', gradient: 'taut', assumed: { taut: 'n×1, letter convention: h–z are column vectors' } },
  // declared names are not assumed
  { expr: 'sum(A*x - b)', wrt: 'x', vars: 'b: scalar', gradient: "A'*ones(n)", assumed: { A: 'n×m' } },
];

for (const row of ROWS) {
  test(`conventions: ${row.expr} wrt ${row.wrt}`, () => {
    const d = derive(row.expr, { wrt: row.wrt, vars: row.vars ?? '' });
    if (row.gradient !== undefined) assert.is(d.gradient.text, row.gradient);
    assert.ok(d.gradient.check?.ok, 'checked numerically');
    const said = new Map(d.conventions.map((a) => [a.name, `${showShape(a.shape)}, ${a.why}`]));
    for (const [name, want] of Object.entries(row.assumed)) {
      assert.ok(said.get(name)?.startsWith(want), `${name}: ${said.get(name)} (want ${want})`);
    }
    // every undeclared variable is listed, and no declared one
    const declared = new Set((row.vars ?? '').split(';').map((s) => s.split(':')[0]!.trim()).filter(Boolean));
    assert.equal([...said.keys()].sort(), [...d.elaborated.vars.keys()].filter((n) => !declared.has(n)).sort());
  });
}

test('conventions: the uses decide the same, whichever comes first', () => {
  // b's use as a vector comes after its use in b'*x: the shapes are worked out again
  const late = derive("b'*x + norm2(A*x - b)^2", { wrt: 'b', check: false });
  const early = derive("norm2(A*x - b)^2 + b'*x", { wrt: 'b', check: false });
  assert.equal(late.elaborated.vars.get('b')!.shape, { rows: 'n', cols: '1' });
  assert.equal(early.elaborated.vars.get('b')!.shape, late.elaborated.vars.get('b')!.shape);
  // a chain: b1 is a vector from x - b1, b2 from b1 - b2, b3 from b2 - b3
  const chain = derive('t = x - b1; u = b1 - b2; v = b2 - b3; sum(v)', { wrt: 'b3', check: false });
  assert.equal(['b1', 'b2', 'b3'].map((n) => chain.elaborated.vars.get(n)!.shape.cols), ['1', '1', '1']);
  assert.is(chain.gradient.text, '-ones(n)');
});

test('conventions: matdiff derive prints what it assumed, and --json gives it', () => {
  const r = runCli(['derive', 'norm2(A*x - b)^2 + lambda*x\'*x', '--wrt', 'x']);
  assert.is(r.code, 0, r.stderr);
  const line = r.stdout.split('\n').find((l) => l.startsWith('  assumed: '));
  assert.is(
    line,
    '  assumed: A is n×m (letter convention: A–Z are matrices); x is m×1 (letter convention: h–z are column vectors); b is n×1 (inferred from its use in A*x - b); lambda is a scalar (letter convention: Greek letter names are scalars) — declare with --vars "A: n x m; x: m; b: n; lambda: scalar" to change',
  );
  // the declarations it offers give the same result
  const again = runCli(['derive', 'norm2(A*x - b)^2 + lambda*x\'*x', '--wrt', 'x', '--vars', 'A: n x m; x: m; b: n; lambda: scalar']);
  assert.is(again.stdout.split('\n')[0], r.stdout.split('\n')[0]);
  assert.not.ok(again.stdout.includes('assumed:'));
  const j = JSON.parse(runCli(['derive', "a'*X*b", '--wrt', 'X', '--json']).stdout);
  assert.equal(j.assumed, [
    { name: 'a', shape: ['n', '1'], why: "inferred from its use in a'*X" },
    { name: 'X', shape: ['n', 'm'], why: 'letter convention: A–Z are matrices' },
    { name: 'b', shape: ['m', '1'], why: "inferred from its use in a'*X*b" },
  ]);
});

test('conventions: a gradient with respect to an intermediate keeps what the whole program assumed', () => {
  const d = derive('z = W*x + b; L = -y\'*log(softmax(z))', { wrt: 'z' });
  assert.equal(
    d.conventions.map((a) => a.name),
    ['W', 'x', 'b', 'y'].filter((n) => d.elaborated.vars.has(n)),
  );
  assert.ok(d.conventions.find((a) => a.name === 'y')!.why.startsWith('letter convention'));
});

// ---- errors involving undeclared names say what they were taken as ----------------------------------

test('conventions: a function that is not a scalar names the letter-convention scalars', () => {
  const e = failure(() => derive('a*x', { wrt: 'x' }));
  assert.is(e.kind, 'not-scalar');
  assert.ok(e.message.includes('the function is n×1, not a scalar'), e.message);
  assert.ok(e.hint!.startsWith('a was taken as a scalar by the letter convention (a–g are scalars); if it is a vector, declare it: --vars "a: n"'), e.hint);
  const two = failure(() => derive("c*x + d*x", { wrt: 'x' }));
  assert.ok(two.hint!.startsWith('c and d were taken as scalars by the letter convention (a–g are scalars); if they are vectors, declare them: --vars "c: n; d: m"'), two.hint);
  // nothing assumed, nothing said
  const w = failure(() => derive('W*x', { wrt: 'W', vars: 'W: n x m; x: m' }));
  assert.is(w.hint, 'for the matrix of its derivatives use matdiff jacobian (jacobian() in the API)');
});

const CLASHES: { expr: string; vars: string; wrt: string; hint: string; col: number }[] = [
  { expr: 'sum(x + c*y)', vars: 'x: n; y: m', wrt: 'x', hint: 'c was taken as a scalar by the letter convention (a–g are scalars); declare it if not: --vars "c: n"', col: 6 },
  // b*x makes b n×m: not the shape of A*x, which b takes in A*x - b (no broadcast guessed)
  { expr: 'sum(b*x) + sum(A*x - b)', vars: 'x: m; A: n x m', wrt: 'x', hint: 'b was taken to have the shape of the other side in A*x - b', col: 19 },
  { expr: "tr(W) + x'*W*y", vars: 'x: n; y: m', wrt: 'W', hint: 'W was taken as a matrix by the letter convention (A–Z are matrices)', col: 12 },
];

for (const row of CLASHES) {
  test(`conventions: a shape clash says what ${row.expr} assumed`, () => {
    const e = failure(() => derive(row.expr, { wrt: row.wrt, vars: row.vars }));
    assert.is(e.kind, 'shape', e.format());
    assert.ok(e.hint?.startsWith(row.hint), e.format());
    assert.is(caretOf(e).col, row.col, e.format());
  });
}

test('conventions: an undeclared exponent of a matrix power is a scalar, so the power is refused as symbolic, not as a shape clash', () => {
  const e = failure(() => derive('sum(X^k)', { wrt: 'X', vars: 'X: n x n' }));
  assert.is(e.kind, 'unsupported', e.format());
  assert.ok(e.message.includes('a matrix power needs a constant integer exponent, not `k`'), e.message);
  assert.is(caretOf(e).col, 6);
});

test('conventions: names depending on one another in reverse order, past the limit, are refused with the fix', () => {
  const parts: string[] = [];
  for (let i = 1; i < 40; i++) parts.push(`t${i} = b${i + 1} - b${i}`);
  parts.push('t0 = x - b40', 'sum(t0) + sum(t1)');
  const e = failure(() => parse(parts.join('; ')));
  assert.is(e.kind, 'limit');
  assert.ok(e.message.includes('(the limit on shape inference)'), e.message);
  assert.match(e.hint!, /^declare them: --vars "b\d+: n/);
  // within it, the chain is inferred
  const short = ['t1 = b2 - b1', 't2 = b3 - b2', 't0 = x - b3', 'sum(t1)'].join('; ');
  assert.equal(derive(short, { wrt: 'b1', check: false }).gradient.text, '-ones(n)');
});

test.run();

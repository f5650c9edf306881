// The facts that fix sums of entries — onehot and prob, by columns (the default on a matrix; a row
// vector as a whole) or by rows (`onehot rows`, `prob rows`): how they are declared (and refused),
// that the values the check and the judge draw honour them, and that the simplifier uses each only
// where it is declared. The gradients that use them are in test/facts-gradients.test.ts, the judge
// in test/facts-judge.test.ts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse, toText, simplify, MatdiffError, type Term } from '../src/index.js';
import { parseDeclarations } from '../src/parse/declarations.js';
import { Rng, exactValue, floatValue, type Mode } from '../src/check/sample.js';
import { exactOf, floatOf, exactPoint, leavesOf } from '../src/verify/points.js';
import type { Mat } from '../src/numeric/matrix.js';
import { Fraction } from '../src/core/fraction.js';
import { failure, caretOf } from './helpers/errors.js';
import { helpText } from '../src/cli/help.js';
import { readFileSync } from 'node:fs';

/** the variable `name` of an expression read with `vars` */
function variable(expr: string, vars: string, name: string): Term {
  let found: Term | undefined;
  const walk = (t: Term) => {
    if (t.op === 'var' && t.name === name) found = t;
    t.args.forEach(walk);
  };
  walk(parse(expr, vars));
  if (!found) throw new Error(`no ${name} in ${expr}`);
  return found;
}

// ---- declaring them ------------------------------------------------------------------------------

test('declarations: each fact word, the two-word forms and their aliases', () => {
  const cases: [string, string[]][] = [
    ['p: k prob', ['prob']],
    ['P: k x N prob', ['prob']],
    ['P: N x k prob rows', ['prob-rows']],
    ['Y: N x k onehot rows', ['onehot-rows']],
    ['Y: N x k ONEHOT Rows', ['onehot-rows']],
    ['Y: N x k one-hot rows', ['onehot-rows']],
    ['Y: N x k onehot-rows', ['onehot-rows']], // the form a result's declarations are written back in
    ['Y: k x N onehot columns', ['onehot']],
    ['P: k x N prob cols', ['prob']],
    ['y: k onehot', ['onehot']],
    ['r: 1 x k prob', ['prob']],
    ['P: (N, k) prob rows', ['prob-rows']],
    ['P: N by k prob rows', ['prob-rows']],
  ];
  for (const [decl, facts] of cases) {
    const name = decl.split(':')[0]!;
    const v = variable(`sum(${name})`, decl, name);
    assert.equal([...(v.data.facts ?? [])], facts, decl);
  }
  // the parser keeps the words it read; the shape is untouched by the fact words
  const [d] = parseDeclarations('Y: N x k onehot rows');
  assert.equal([d!.rows, d!.cols, d!.facts], ['N', 'k', ['onehot-rows']]);
});

test('declarations: prob implies positive; onehot does not', () => {
  assert.ok(variable('sum(p)', 'p: k prob', 'p').hasFact('positive'));
  assert.ok(variable('sum(P)', 'P: N x k prob rows', 'P').hasFact('positive'));
  assert.not.ok(variable('sum(y)', 'y: k onehot', 'y').hasFact('positive'));
  assert.not.ok(variable('sum(p)', 'p: k positive', 'p').hasFact('prob'));
});

test('declarations: a misspelt fact word gets a suggestion, with the caret under the word', () => {
  for (const [vars, word, near] of [
    ['p: k porb', 'porb', 'prob'],
    ['Y: N x k onehto rows', 'onehto', 'onehot'],
    ['Y: N x k onehot rwos', 'rwos', 'rows'],
    ['P: k x N probb', 'probb', 'prob'],
  ] as const) {
    const e = failure(() => parse('sum(sum(p))', vars));
    assert.is(e.kind, 'declaration', vars);
    assert.match(e.message, `unknown fact \`${word}\``);
    assert.is(e.hint, `did you mean \`${near}\`?`, vars);
    const c = caretOf(e);
    assert.is(c.line.slice(c.col, c.col + c.width), word, vars);
  }
  // nothing near: the list of facts
  const far = failure(() => parse('sum(p)', 'p: k stochastic'));
  assert.match(far.hint ?? '', /prob/);
  assert.match(far.hint ?? '', /onehot rows/);
});

test('declarations: what cannot be declared is refused, saying what to write', () => {
  const refused: [string, string, RegExp, RegExp?][] = [
    ['sum(y)', 'y: n rows', /`rows` .* follows that word/, /onehot rows/],
    ['sum(y)', 'y: n onehot rows', /column vector .* every entry 1/, /`y: n onehot`/],
    ['sum(p)', 'p: n prob rows', /column vector/, /`p: n prob`/],
    ['sum(r)', 'r: 1 x n prob columns', /row vector/, /`r: 1 x n prob`/],
    ['sum(Y)', 'Y: k x N onehot prob', /onehot and prob: give one of them/],
    ['sum(Y)', 'Y: k x N prob prob rows', /prob and prob rows/],
    ['sum(y)', 'y: n onehot positive', /one-hot vector has zero entries/, /declare prob/],
    ['sum(S)', 'S: n x n symmetric prob', /symmetric and prob/],
    ['sum(S)', 'S: n x n spd onehot rows', /spd and onehot rows/],
  ];
  for (const [expr, vars, words, hint] of refused) {
    const e = failure(() => parse(expr, vars));
    assert.ok(e instanceof MatdiffError && e.kind === 'declaration', vars);
    assert.match(e.message, words, vars);
    if (hint) assert.match(e.hint ?? '', hint, vars);
  }
});

// ---- drawing values that honour them ----------------------------------------------------------------

const rows = <S>(m: Mat<S>): S[][] => Array.from({ length: m.rows }, (_, i) => m.data.slice(i * m.cols, (i + 1) * m.cols));
const cols = <S>(m: Mat<S>): S[][] => Array.from({ length: m.cols }, (_, j) => rows(m).map((r) => r[j]!));
const fsum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
const qsum = (xs: Fraction[]) => xs.reduce((s, x) => s.add(x), new Fraction(0));

/** the lines (columns or rows) that must each sum to 1 */
const linesOf = <S>(m: Mat<S>, axis: 'columns' | 'rows'): S[][] => (axis === 'rows' ? rows(m) : cols(m));

const SIZES = new Map([
  ['k', 4],
  ['N', 5],
  ['n', 3],
]);

const DRAWN: [string, string, 'columns' | 'rows', boolean][] = [
  ['p: k prob', 'p', 'columns', false],
  ['P: k x N prob', 'P', 'columns', false],
  ['P: N x k prob rows', 'P', 'rows', false],
  ['r: 1 x k prob', 'r', 'rows', false],
  ['y: k onehot', 'y', 'columns', true],
  ['Y: k x N onehot', 'Y', 'columns', true],
  ['Y: N x k onehot rows', 'Y', 'rows', true],
  ['r: 1 x k onehot', 'r', 'rows', true],
];

function assertFloatHonours(m: Mat<number>, axis: 'columns' | 'rows', oneHot: boolean, what: string): void {
  for (const line of linesOf(m, axis)) {
    if (oneHot) assert.equal([line.filter((x) => x === 1).length, line.filter((x) => x === 0).length], [1, line.length - 1], `${what}: ${JSON.stringify(rows(m))}`);
    else {
      assert.ok(line.every((x) => x > 0), `${what}: positive ${JSON.stringify(line)}`);
      assert.ok(Math.abs(fsum(line) - 1) < 1e-12, `${what}: sums to ${fsum(line)}`);
    }
  }
}

function assertExactHonours(m: Mat<Fraction>, axis: 'columns' | 'rows', oneHot: boolean, what: string): void {
  for (const line of linesOf(m, axis)) {
    if (oneHot) assert.equal([line.filter((x) => x.equals(1)).length, line.filter((x) => x.equals(0)).length], [1, line.length - 1], what);
    else {
      assert.ok(line.every((x) => x.compare(0) > 0), `${what}: positive`);
      assert.ok(qsum(line).equals(1), `${what}: sums to ${qsum(line).toFraction()}, exactly 1 expected`);
    }
  }
}

test('sampling: the numeric check draws values that honour each fact (float and exact, every mode)', () => {
  for (const [decl, name, axis, oneHot] of DRAWN) {
    const v = variable(`sum(${name})`, decl, name);
    for (let seed = 1; seed <= 6; seed++) {
      for (const mode of ['any', 'positive', 'small'] as Mode[]) {
        const f = floatValue(v, SIZES, new Rng(seed), mode);
        assertFloatHonours(f, axis, oneHot, `${decl} (float, ${mode})`);
        assertExactHonours(exactValue(v, SIZES, new Rng(seed), mode), axis, oneHot, `${decl} (exact, ${mode})`);
      }
    }
  }
  // prob values are not all alike: the weights are random
  const v = variable('sum(p)', 'p: k prob', 'p');
  assert.is.not(JSON.stringify(floatValue(v, SIZES, new Rng(1), 'any').data), JSON.stringify(floatValue(v, SIZES, new Rng(2), 'any').data));
});

test('sampling: the judge draws values that honour each fact, and dX is free (any direction)', () => {
  for (const [decl, name, axis, oneHot] of DRAWN) {
    const v = variable(`sum(${name})`, decl, name);
    for (let seed = 1; seed <= 6; seed++) {
      assertExactHonours(exactOf(v, SIZES, new Rng(seed), 5), axis, oneHot, `${decl} (judge, exact)`);
      assertExactHonours(exactOf(v, SIZES, new Rng(seed), 3, false, undefined, 8), axis, oneHot, `${decl} (judge, exact, den 8)`);
      assertFloatHonours(floatOf(v, SIZES, new Rng(seed), false, undefined, 1e-3), axis, oneHot, `${decl} (judge, float, scaled)`);
    }
    // the differential: any matrix (the gradient is that of f as written), so some line does not sum to 1
    const dv = exactOf(v, SIZES, new Rng(3), 5, true);
    assert.ok(linesOf(dv, axis).some((l) => !qsum(l).equals(1)), `${decl}: dX drawn free`);
  }
});

test('sampling: the judge can assume a fact of an undeclared variable ("would it hold if p summed to 1?")', () => {
  const t = parse("p'*z + sum(P*ones(k))", 'p: n; z: n; P: N x k');
  const leaves = leavesOf(t);
  for (let seed = 1; seed <= 4; seed++) {
    const pt = exactPoint(leaves, new Map(SIZES), new Rng(seed), 4, new Map([['p', 'prob'], ['P', 'prob-rows']]));
    assertExactHonours(pt.vars.get('p')!, 'columns', false, 'assumed prob');
    assertExactHonours(pt.vars.get('P')!, 'rows', false, 'assumed prob rows');
    // z is drawn as always (integers in [-4, 4])
    assert.ok(pt.vars.get('z')!.data.every((x) => x.equals(x.floor()) && x.abs().compare(4) <= 0));
  }
  const pos = exactPoint(leaves, new Map(SIZES), new Rng(5), 4, new Map([['p', 'positive']]));
  assert.ok(pos.vars.get('p')!.data.every((x) => x.compare(0) > 0));
});

// ---- the simplifier uses each only where it is declared ---------------------------------------------

const canonText = (expr: string, vars: string) => toText(simplify(parse(expr, vars)));
/** the declarations without their facts: what the simplifier does with the shapes alone */
const shapesOnly = (vars: string) => vars.replace(/\b(prob|onehot|positive|rows)\b/g, '');
const unfolded = (expr: string, vars: string) => canonText(expr, shapesOnly(vars));

test('simplifier: 1ᵀp = sum(p) = 1 for a prob vector, only when declared', () => {
  assert.is(canonText("ones(k)'*p", 'p: k prob'), '1');
  assert.is(canonText('sum(p)*a', 'p: k prob; a: scalar'), 'a');
  assert.is(canonText("p'*ones(k)", 'p: k prob'), '1');
  assert.is(canonText('r*ones(k)', 'r: 1 x k prob'), '1');
  assert.is(canonText('sum(p)*a', 'p: k positive; a: scalar'), unfolded('sum(p)*a', 'p: k; a: scalar'));
  assert.match(canonText('sum(p)*a', 'p: k positive; a: scalar'), 'sum(p)');
  assert.match(canonText("ones(k)'*p", 'p: k'), 'p');
});

test('simplifier: 1ᵀP = 1ᵀ for prob (or onehot) columns, P𝟏 = 𝟏 for prob (or onehot) rows — not the other way', () => {
  for (const f of ['prob', 'onehot']) {
    assert.is(canonText("ones(k)'*P", `P: k x N ${f}`), 'ones(1,N)', f);
    assert.is(canonText("P'*ones(k)", `P: k x N ${f}`), 'ones(N)', f);
    assert.is(canonText('P*ones(k)', `P: N x k ${f} rows`), 'ones(N)', f);
    assert.is(canonText("ones(k)'*P'", `P: N x k ${f} rows`), 'ones(1,N)', f);
    assert.is(canonText('ones(m,k)*P', `P: k x N ${f}`), 'ones(m,N)', f);
    assert.is(canonText('P*ones(k,m)', `P: N x k ${f} rows`), 'ones(N,m)', f);
    // the other axis is not summed: columns say nothing of the rows, and rows nothing of the columns
    for (const [expr, vars] of [
      ['P*ones(N)', `P: k x N ${f}`],
      ["ones(N)'*P", `P: N x k ${f} rows`],
      ["P'*ones(N)", `P: N x k ${f} rows`],
    ]) {
      assert.is(canonText(expr!, vars!), unfolded(expr!, vars!), `${expr} with ${vars}`);
      assert.match(canonText(expr!, vars!), 'P');
    }
  }
  // without a fact, nothing
  assert.match(canonText('P*ones(k)', 'P: N x k'), 'P');
  assert.match(canonText("ones(k)'*P", 'P: k x N positive'), 'P');
  // sum(P) of a matrix is the number of its columns (rows), not 1: left alone
  assert.is(canonText('sum(P)', 'P: k x N prob'), 'sum(P)');
  assert.is(canonText('sum(P)', 'P: N x k prob rows'), 'sum(P)');
});

test('simplifier: each fold is a step with its catalogue id', () => {
  const ids = (expr: string, vars: string) => {
    const seen: string[] = [];
    simplify(parse(expr, vars), (r: string) => seen.push(r));
    return seen;
  };
  assert.ok(ids('sum(p)*a', 'p: k prob; a: scalar').includes('prob.sum'));
  assert.ok(ids("ones(k)'*P", 'P: k x N prob').includes('prob.columns-sum'));
  assert.ok(ids('P*ones(k)', 'P: N x k prob rows').includes('prob.rows-sum'));
  assert.ok(ids('Y*ones(k)', 'Y: N x k onehot rows').includes('onehot.rows-sum'));
  assert.ok(ids("ones(k)'*Y", 'Y: k x N onehot').includes('onehot.columns-sum'));
});

// ---- described ---------------------------------------------------------------------------------------

test('--help and the README name each fact with an example declaration', () => {
  const help = helpText();
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  for (const example of ['y: k onehot', 'Y: N x k onehot rows', 'p: k prob', 'P: N x k prob rows']) {
    assert.ok(help.includes(example), `--help: ${example}`);
    assert.ok(readme.includes(example), `README: ${example}`);
  }
  // every example in --help parses as the fact it describes
  assert.equal([...(variable('sum(P)', 'P: N x k prob rows', 'P').data.facts ?? [])], ['prob-rows']);
});

test.run();

// The operator records themselves (src/ops/): adding an operator touches only its record file, the
// registration list and the catalogue; the records carry what the passes read (kind, transpose
// behaviour, scalar factoring, derivative words); and a few of the values they give. Split from
// test/ops.test.ts, which covers every operator's differential rule and adjoint.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from '../src/index.js';
import { OPS } from '../src/ops/index.js';
import { mk } from '../src/core/term.js';
import * as b from '../src/core/build.js';
import { type Shape } from '../src/core/shape.js';
import { readdirSync, readFileSync } from 'node:fs';
import { canon } from '../src/simplify/canon.js';
import { evalAt } from './helpers/numeric.js';

const sh = (rows: string, cols: string): Shape => ({ rows, cols });

// ---- adding an operator is one record plus catalogue entries -------------------------------------
// softplus (elementwise) and tril (linear) were added touching only their record file, the
// registration list (src/ops/index.ts) and identities/*.json: every pass reads the record's kind,
// transpose behaviour and derivative words. A file elsewhere that names them is a leak — except
// the prose below, which only mentions the function.

const PROSE: Record<string, string> = {
  'src/check/unchecked.ts': 'a hint that recommends softplus as a form that keeps its digits',
};

function filesNaming(word: string): string[] {
  const re = new RegExp(`\\b${word}\\b`);
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|json)$/.test(e.name) && re.test(readFileSync(p, 'utf8'))) out.push(p);
    }
  };
  walk('src');
  walk('identities');
  return out.sort();
}

test('ops: softplus and tril are named only by their record, the registration list and the catalogue', () => {
  const allowed = (word: string, record: string, p: string) => p === record || p === 'src/ops/index.ts' || p.startsWith('identities/') || p in PROSE;
  for (const [word, record] of [['softplus', 'src/ops/elementwise.ts'], ['tril', 'src/ops/tril.ts']] as const) {
    const files = filesNaming(word);
    assert.ok(files.includes(record), `${record} does not define ${word}`);
    assert.ok(files.some((f) => f.startsWith('identities/')), `no catalogue entry names ${word}`);
    const leaks = files.filter((p) => !allowed(word, record, p));
    assert.equal(leaks, [], `${word} is named outside its record and the catalogue: ${leaks.join(', ')}`);
  }
  // the elementwise one needed no registration line: its file's list is registered already
  assert.not.ok(/\bsoftplus\b/.test(readFileSync('src/ops/index.ts', 'utf8')));
});

test('ops: the records say what the passes need: kind, transpose behaviour, scalar factoring, derivative words', () => {
  for (const [op, r] of OPS) {
    assert.ok(['linear', 'bilinear', 'elementwise', 'other'].includes(r.kind), op);
    if (r.kind === 'linear' || r.kind === 'bilinear') assert.ok(r.scalarsFactorOut, `${op} is ${r.kind}, so scalars factor out`);
    if (r.kind === 'linear') assert.ok(r.adjoint && r.adjointRule, `linear ${op} has no adjoint`);
    if (r.kind === 'elementwise') assert.ok(r.derivative?.words, `elementwise ${op} has no derivative words`);
  }
  assert.equal(OPS.get('tril')!.transpose, { kind: 'unknown' });
  assert.equal(OPS.get('softplus')!.kind, 'elementwise');
  // defined everywhere (no domain probe) or not
  assert.ok(OPS.get('softplus')!.total && OPS.get('tril')!.total && !OPS.get('log')!.total && !OPS.get('inv')!.total);
});

test('ops: tril(S)ᵀ stays a transpose for a symmetric S; σ(S)ᵀ = σ(S) and Diag(v)ᵀ = Diag(v)', () => {
  const S = b.variable('S', sh('n', 'n'), ['symmetric']);
  const X = b.variable('X', sh('n', 'n'));
  const tril = mk('tril', [S]);
  assert.is(canon(b.transpose(tril)), b.transpose(tril));
  assert.is(canon(b.transpose(mk('sigmoid', [S]))), mk('sigmoid', [S]));
  assert.is(canon(b.transpose(mk('softplus', [X]))), b.transpose(mk('softplus', [X])));
  const p = b.variable('p', sh('n', '1'));
  assert.is(canon(b.transpose(mk('Diag', [p]))), mk('Diag', [p]));
});

test('ops: softplus is evaluated stably: no overflow far out, all its digits near 0', () => {
  const at = (x: number) => evalAt(parse('softplus(a)', 'a: scalar'), { sizes: new Map(), values: { a: [[x]] } })[0]![0]!;
  assert.is(at(1000), 1000);
  assert.ok(at(-1000) >= 0 && at(-1000) < 1e-300);
  assert.ok(Math.abs(at(-40) - Math.exp(-40)) <= 1e-15 * Math.exp(-40));
  assert.ok(Math.abs(at(0) - Math.LN2) < 1e-15);
  assert.ok(Math.abs(at(1) - Math.log(1 + Math.E)) < 1e-15);
});

test('ops: every linear and bilinear operator has a vec rule (Jacobians), but the Kronecker family, documented as not supported yet', () => {
  const without = [...OPS.values()].filter((r) => (r.kind === 'linear' || r.kind === 'bilinear') && !r.vecRule).map((r) => r.op);
  assert.equal(without.sort(), ['blockfrob', 'blocksum', 'kron']);
});
test.run();

// Characters that would make the input mean something other than what it shows: a Greek or
// Cyrillic letter that looks Latin (x'*Α*x would be a new scalar Α, and 2Αx looks like 2Ax), a
// name in two scripts, superscripts (x² is a power, never a name), subscripts, combining marks,
// and invisible or control characters (zero-width space, bidi override, a terminal escape). Each
// is a 'parse' error that names the code point, puts a caret under it and says what to write —
// through the API, and through every command (exit 2, the character shown escaped, never raw).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { derive, check } from '../src/index.js';
import { runCli } from './helpers/cli.js';
import { caretOf, failure } from './helpers/errors.js';

/** raw control and invisible characters that must never reach a terminal */
const RAW = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u3164]/u;

interface Row {
  name: string;
  expr: string;
  wrt?: string;
  words: string[];
  hint?: string | RegExp;
  /** the caret: its column and width in the line as shown (escaped characters count as shown) */
  col: number;
  width?: number;
  /** the line above the caret, as shown */
  shown?: string;
}

const ROWS: Row[] = [
  // ---- letters that look Latin ----
  { name: 'Greek capital Alpha for A', expr: "x'*Α*x", words: ['U+0391 GREEK CAPITAL LETTER ALPHA', 'looks like `A`'], hint: /^write `A`/, col: 3, width: 1 },
  { name: 'Cyrillic capital A for A', expr: "x'*А*x", words: ['U+0410 CYRILLIC CAPITAL LETTER A', 'looks like `A`'], hint: /^write `A`/, col: 3 },
  { name: 'Cyrillic small a inside a name', expr: "x'*Wа*x", words: ['`Wа`', 'U+0430 CYRILLIC SMALL LETTER A', 'looks like `a`'], hint: /^write `Wa`/, col: 4 },
  { name: 'Cyrillic es for c', expr: 'с*x', words: ['U+0441 CYRILLIC SMALL LETTER ES', 'looks like `c`'], col: 0 },
  { name: 'Greek capital Rho for P', expr: "x'*Ρ*x", words: ['U+03A1 GREEK CAPITAL LETTER RHO', 'looks like `P`'], col: 3 },
  { name: 'Greek omicron for o', expr: 'ο*x', words: ['U+03BF GREEK SMALL LETTER OMICRON', 'looks like `o`'], col: 0 },
  { name: 'Greek nu for v', expr: "ν*x'*x", words: ['U+03BD GREEK SMALL LETTER NU', 'looks like `v`'], hint: /`nu` for the Greek letter/, col: 0 },
  { name: 'fullwidth A', expr: "x'*Ａ*x", words: ['U+FF21 FULLWIDTH LATIN CAPITAL LETTER A', 'looks like `A`'], col: 3, width: 2 },
  { name: 'mathematical bold A (outside the BMP)', expr: "x'*𝐀*x", words: ['U+1D400', 'looks like `A`'], col: 3, width: 1, shown: "x'*𝐀*x" },
  { name: 'micro sign for mu', expr: "µ*x'*x", words: ['U+00B5 MICRO SIGN', 'looks like `μ`'], col: 0 },
  { name: 'fullwidth digit in a name', expr: "W１*x", words: ['U+FF11 FULLWIDTH DIGIT ONE', 'looks like `1`'], col: 1 },
  // ---- one script a name ----
  { name: 'Latin and Greek', expr: "xα'*x", words: ['mixes Latin and Greek letters', 'U+03B1 GREEK SMALL LETTER ALPHA'], hint: /`alpha`/, col: 1 },
  { name: 'Greek and Latin', expr: "αx'*x", words: ['mixes Greek and Latin letters', '`x` is U+0078 LATIN SMALL LETTER X'], col: 1 },
  { name: 'Latin and Cyrillic', expr: "xЖ'*x", words: ['mixes Latin and Cyrillic letters', 'U+0416 CYRILLIC CAPITAL LETTER ZHE'], col: 1 },
  // ---- super- and subscripts, marks, other digits ----
  { name: 'a superscript letter', expr: 'xⁿ', words: ['superscript', 'U+207F SUPERSCRIPT LATIN SMALL LETTER N', 'not part of a name'], hint: /`x\^n`/, col: 1 },
  { name: 'a subscript digit', expr: "W₁*x", words: ['subscript', 'U+2081 SUBSCRIPT ONE'], hint: /`W1`.*W₁/, col: 1 },
  { name: 'a subscript alone', expr: 'x + ₁', words: ['subscript', 'U+2081 SUBSCRIPT ONE'], col: 4 },
  { name: 'a combining mark', expr: "x̂'*x", words: ['combining mark', 'U+0302 COMBINING CIRCUMFLEX ACCENT'], col: 0, width: 1 },
  { name: 'a combining mark with no letter', expr: 'x + \u0301y', words: ['combining mark U+0301 COMBINING ACUTE ACCENT', 'no letter'], col: 4, width: 8, shown: 'x + <U+0301>y' },
  { name: 'an Arabic-Indic digit', expr: 'x٣', words: ['the digit', 'U+0663', '0–9'], col: 1 },
  { name: 'a superscript power of nothing', expr: '²*x', words: ['superscript power `²` must follow something'], hint: 'write x^2', col: 0 },
  { name: 'a superscript minus alone (X⁻ᵀ)', expr: 'tr(X⁻ᵀ)', wrt: 'X', words: ['U+207B SUPERSCRIPT MINUS', 'superscript digits'], hint: "write inv(X)' for the inverse transpose", col: 4 },
  { name: 'a transpose after a superscript power', expr: 'tr(X²ᵀ*A)', wrt: 'X', words: ['transpose right after the superscript power `²`', 'transpose of the exponent'], hint: /\(X\^2\)'/, col: 5 },
  { name: 'a quote after an inverse', expr: "tr(X⁻¹'*A)", wrt: 'X', words: ['transpose right after the superscript power `⁻¹`'], hint: "write inv(X)' for the transpose of the inverse", col: 6 },
  { name: 'a power after a superscript power', expr: 'x²^2', words: ['power right after the superscript power'], hint: /\(x\^2\)\^k/, col: 2 },
  // ---- invisible and control characters: named, shown escaped, the caret under what is shown ----
  { name: 'zero-width space', expr: 'x\u200b*x', words: ['invisible character U+200B ZERO WIDTH SPACE'], col: 1, width: 8, shown: 'x<U+200B>*x' },
  { name: 'zero-width joiner', expr: 'x\u200d*x', words: ['invisible character U+200D ZERO WIDTH JOINER'], col: 1, width: 8, shown: 'x<U+200D>*x' },
  { name: 'byte-order mark', expr: '\ufeffx*x', words: ['invisible character U+FEFF ZERO WIDTH NO-BREAK SPACE'], col: 0, width: 8, shown: '<U+FEFF>x*x' },
  { name: 'soft hyphen', expr: 'x\u00ad*x', words: ['invisible character U+00AD SOFT HYPHEN'], col: 1, shown: 'x<U+00AD>*x' },
  { name: 'right-to-left override', expr: 'x*\u202ex', words: ['invisible character U+202E RIGHT-TO-LEFT OVERRIDE'], hint: /bidirectional/, col: 2, width: 8, shown: 'x*<U+202E>x' },
  { name: 'no-break space', expr: 'x\u00a0*x', words: ['invisible character U+00A0 NO-BREAK SPACE'], hint: 'retype it as a plain space', col: 1 },
  { name: 'Hangul filler (a blank letter)', expr: "x'*\u3164*x", words: ['invisible character U+3164 HANGUL FILLER'], col: 3, width: 8 },
  { name: 'a terminal escape sequence', expr: 'x\x1b[31m*x', words: ['control character U+001B ESCAPE'], hint: /escape sequence/, col: 1, width: 8, shown: 'x<U+001B>[31m*x' },
  { name: 'NUL', expr: 'x*\x00x', words: ['control character U+0000 NULL'], col: 2, shown: 'x*<U+0000>x' },
  { name: 'a carriage return inside a line', expr: 'x*x\r$', words: ['unknown character `$`'], col: 11, shown: 'x*x<U+000D>$' },
  { name: 'a bidi override in a comment', expr: "x'*x # price \u202e1 $", words: ['invisible character U+202E RIGHT-TO-LEFT OVERRIDE in a comment'], col: 13, width: 8, shown: "x'*x # price <U+202E>1 $" },
  { name: 'an escape sequence in a comment', expr: "x'*x # \x1b[2J", words: ['control character U+001B ESCAPE in a comment'], col: 7 },
  // ---- the caret stays under the spot after tabs and wide characters ----
  { name: 'after a tab', expr: '\tx + $', words: ['unknown character `$`'], col: 5, shown: '\tx + $' },
  { name: 'after a wide character', expr: '中 + $', words: ['unknown character `$`'], col: 5 },
  { name: 'a look-alike operator', expr: 'x ＊ x', words: ['unknown character `＊`', 'U+FF0A'], hint: 'did you mean `*`?', col: 2, width: 2 },
];

for (const row of ROWS) {
  test(`confusables: ${row.name} — a parse error with the code point and a caret`, () => {
    const e = failure(() => derive(row.expr, { wrt: row.wrt ?? 'x' }));
    assert.is(e.kind, 'parse', e.format());
    for (const w of row.words) assert.ok(e.message.includes(w), `the message lacks "${w}": ${e.message}`);
    if (row.hint !== undefined) {
      assert.ok(e.hint, `no hint: ${e.format()}`);
      if (typeof row.hint === 'string') assert.is(e.hint, row.hint);
      else assert.match(e.hint!, row.hint);
    }
    const text = e.format();
    assert.not.match(text, RAW, `a raw control or invisible character in:\n${JSON.stringify(text)}`);
    const c = caretOf(text);
    assert.is(c.col, row.col, text);
    if (row.width !== undefined) assert.is(c.width, row.width, text);
    if (row.shown !== undefined) assert.is(c.line, row.shown);
  });
}

test('confusables: every command exits 2 with the same message, escaped, and no stack', () => {
  for (const row of ROWS) {
    const wrt = row.wrt ?? 'x';
    const runs = {
      derive: runCli(['derive', row.expr, '--wrt', wrt]),
      report: runCli(['report', row.expr, '--wrt', wrt, '--format', 'md']),
      check: runCli(['check', row.expr, '--wrt', wrt, '--claim', 'x']),
      'check (in the claim)': runCli(['check', "x'*x", '--wrt', 'x', '--claim', row.expr]),
    };
    for (const [cmd, r] of Object.entries(runs)) {
      assert.is(r.code, 2, `${cmd} ${row.name}: ${r.stderr}`);
      assert.is(r.stdout, '', `${cmd} ${row.name}: nothing on stdout`);
      for (const w of row.words) assert.ok(r.stderr.includes(w), `${cmd} ${row.name}: stderr lacks "${w}":\n${r.stderr}`);
      assert.not.match(r.stderr, RAW, `${cmd} ${row.name}: a raw control character on stderr: ${JSON.stringify(r.stderr)}`);
      assert.not.match(r.stderr, /\bat .*\.ts:\d+/, 'no stack');
      assert.is(caretOf(r.stderr).col, row.col, `${cmd} ${row.name}:\n${r.stderr}`);
    }
  }
});

// ---- what stays allowed, and what the superscripts mean ----------------------------------------

const SAME: [string, string, string, string][] = [
  // [name, written with Unicode, written in ASCII, wrt]
  ['x² is x^2 (a scalar)', "x²", 'x^2', 'x'],
  ['a sum of squares', 'a² + b³', 'a^2 + b^3', 'a'],
  ['X² is the matrix power X^2', 'tr(X²)', 'tr(X^2)', 'X'],
  ['X⁻¹ is the inverse', 'tr(X⁻¹*A)', 'tr(inv(X)*A)', 'X'],
  ['a negative power of a scalar', 'a⁻²', 'a^-2', 'a'],
  ['a power of a parenthesis', '(a + b)²', '(a + b)^2', 'a'],
  ['two-digit exponents', 'a¹⁰', 'a^10', 'a'],
  ['a power of a transpose', 'tr(Xᵀ²*A)', "tr(X'^2*A)", 'X'],
  ['Greek names that look like no Latin letter (scalars, as a–g)', "α*x'*x + β*sum(x) + λ*x'*x", "a*x'*x + b*sum(x) + c*x'*x", 'x'],
];

for (const [name, uni, ascii, wrt] of SAME) {
  test(`confusables: ${name} — ${uni} derives as ${ascii}`, () => {
    const a = derive(uni, { wrt });
    const b = derive(ascii, { wrt });
    const rename = (s: string) => (uni.includes('α') ? s.replace(/\ba\b/g, 'α').replace(/\bb\b/g, 'β').replace(/\bc\b/g, 'λ') : s);
    assert.is(a.gradient.text, rename(b.gradient.text));
    assert.ok(a.gradient.check?.ok, 'checked');
  });
}

test('confusables: a vector squared with ² is the same shape error as x^2 with a vector, never a name', () => {
  const e = failure(() => derive("x'*x + sum(x²)", { wrt: 'x', vars: 'x: n' }));
  const f = failure(() => derive("x'*x + sum(x^2)", { wrt: 'x', vars: 'x: n' }));
  assert.is(e.kind, f.kind);
  assert.ok(e.message.includes('`^`'), e.message);
});

test('confusables: σ is still sigmoid, ℓ, ϕ and CJK names are still names, dα is the differential of α', () => {
  assert.is(derive('sum(σ(x))', { wrt: 'x' }).gradient.text, derive('sum(sigmoid(x))', { wrt: 'x' }).gradient.text);
  assert.is(derive("ℓ = x'*x; ℓ", { wrt: 'x' }).gradient.text, '2*x');
  assert.is(derive("ϕ*x'*x", { wrt: 'ϕ' }).gradient.text, "x'*x");
  assert.is(derive("中*x'*x", { wrt: 'x' }).gradient.text, '2*中*x');
  const r = check("f = α^2*x'*x", { vars: 'α: scalar; x: n', wrt: 'α', steps: "df = 2*α*x'*x*dα\n = (2*α*x'*x):dα" });
  assert.ok(r.ok, r.report('text'));
});

test('confusables: a look-alike --wrt is named as what it is, and the Latin letter suggested', () => {
  const e = failure(() => derive("x'*A*x", { wrt: 'Α' }));
  assert.is(e.kind, 'unknown-name');
  assert.is(e.hint, 'did you mean `A`?');
  assert.ok(e.format().includes('note: `Α` is U+0391 GREEK CAPITAL LETTER ALPHA, not `A`'), e.format());
  const r = runCli(['derive', "x'*A*x", '--wrt', 'Α']);
  assert.is(r.code, 2);
  assert.match(r.stderr, /U\+0391 GREEK CAPITAL LETTER ALPHA/);
});

test('confusables: user text in any message is shown escaped (--wrt, --vars, a file name)', () => {
  const wrt = runCli(['derive', "x'*x", '--wrt', 'x\x1b[31m']);
  assert.is(wrt.code, 2);
  assert.ok(wrt.stderr.includes('x<U+001B>[31m'), wrt.stderr);
  const vars = runCli(['derive', "x'*A*x", '--wrt', 'x', '--vars', 'A: n x n \u202esymmetric']);
  assert.is(vars.code, 2);
  assert.ok(vars.stderr.includes('<U+202E>'), vars.stderr);
  for (const r of [wrt, vars]) assert.not.match(r.stderr, RAW, JSON.stringify(r.stderr));
  // the API keeps the message escaped too: whoever prints e.message prints no escape sequence
  const e = failure(() => derive("x'*x", { wrt: 'x\x1b[2J' }));
  assert.not.match(e.message, RAW);
});

test('confusables: report exits as derive does when the function cannot be checked at any point (2)', () => {
  const derived = runCli(['derive', "logdet(x*x')", '--wrt', 'x']);
  const reported = runCli(['report', "logdet(x*x')", '--wrt', 'x']);
  const checked = runCli(['check', "logdet(x*x')", '--wrt', 'x', '--claim', "2*x"]);
  assert.is(derived.code, 2, derived.stderr);
  for (const r of [reported, checked]) {
    assert.is(r.code, derived.code, r.stderr);
    assert.match(r.stderr, /cannot check/);
    assert.is(r.stdout, '');
  }
  assert.match(reported.stderr, /no report was written/);
});

test.run();

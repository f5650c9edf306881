// Reports of a check, in the formats of the derivation reports: text (Unicode for a terminal),
// Markdown with $$ LaTeX, a standalone LaTeX document (amsmath; the words written for pdflatex by
// src/report/render-tex.ts), one self-contained HTML page (KaTeX on the server, the page of
// src/report/render-html.ts) and JSON (the result as data). The math strings are the same in
// Markdown, LaTeX and HTML; test/verify-report.test.ts runs every one through KaTeX's parser.
import type { ClaimCheck, CheckFormat, Verdict } from './claim.js';
import type { ChainCheck, Fix, StepCheck } from './chain.js';
import type { Comparison } from './equal.js';
import type { Diagnosis } from './diagnose.js';
import { latexCode, latexTextInMath, latexWords, mdCode, mdSource } from '../report/render-tex.js';
import { visible } from '../errors.js';
import { EXACT_RANGE, FLOAT_TOLERANCE } from './equal.js';
import { block, latexMatrix, type Counterexample } from './counterexample.js';
import { esc, escCode, htmlPage, tex } from '../report/render-html.js';
import { latexName } from '../print/names.js';
import { MatdiffError } from '../errors.js';

export const CHECK_FORMATS: readonly CheckFormat[] = ['text', 'md', 'latex', 'html', 'json'];

/** the mistakes a diagnosis names: `transpose + factor` */
const kindsLabel = (d: Diagnosis): string => d.kinds.join(' + ');

/** words inside \text{...} in math (a line as written, that did not parse): whatever it holds, text */
const mathText = (s: string): string => `\\text{${latexTextInMath(s)}}`;

/** the user's text in a terminal: shown, never obeyed (an escape sequence, a bidi override) */
const shown = (s: string): string => visible(s, '\t');

/** How a comparison decided, in words. */
export function methodWords(c: Comparison): string {
  const sizes = 'random sizes 2–4 for the dimensions';
  if (c.method === 'symbolic' && c.points === 0) return 'without evaluation: the shapes differ';
  if (c.method === 'symbolic') return `symbolically: both have the same canonical form (and agree numerically at ${c.points} random points)`;
  if (c.undefinedFirst) return 'by evaluation: the claim has no value at a point where the gradient has one (a square root or logarithm of a negative, a division by zero, a singular inverse)';
  if (c.undecided) return `without a verdict: ${c.undecided}`;
  const kinks = c.kinkPoints ? `, ${c.kinkPoints} of them on both sides of the kinks of relu, abs, sign, step or norm1` : '';
  if (c.method === 'exact' && c.piecewise) {
    return c.equal
      ? `by exact rational evaluation at ${c.points} points (integers in [−${EXACT_RANGE}, ${EXACT_RANGE}], fractions with denominators up to 8 in [−3, 3] and [−1000, 1000]${kinks}; ${sizes}): some operation is rational only piece by piece, and every piece inside the declared domain was reached, so this is strong evidence rather than a proof`
      : `by exact rational evaluation (they differ at a point${c.kinkPoints ? ' beside a kink' : ''})`;
  }
  if (c.method === 'exact') {
    return c.equal
      ? `by exact rational evaluation at ${c.points} random points (integer entries in [−${EXACT_RANGE}, ${EXACT_RANGE}], ${sizes}): every operation is rational, so agreement at random points is a proof with high probability (Schwartz–Zippel)`
      : `by exact rational evaluation (they differ at a random point)`;
  }
  const skipped = c.inconclusive ? `; ${c.inconclusive} more point${c.inconclusive === 1 ? '' : 's'} skipped, where terms that cancel leave more rounding error than the tolerance` : '';
  return c.equal
    ? `by floating-point evaluation at ${c.points} random points (${sizes}${kinks}), relative tolerance ${c.tolerance ?? FLOAT_TOLERANCE}, each value with a bound on its rounding error${skipped}: some operation is not rational, so this is strong evidence rather than a proof (largest relative difference ${(c.maxRelDiff ?? 0).toExponential(1)})`
    : `by floating-point evaluation (relative difference ${(c.maxRelDiff ?? NaN).toExponential(1)} > tolerance ${c.tolerance ?? FLOAT_TOLERANCE}, and beyond the rounding error of both values)`;
}

/** `decided …`, or `could not decide: …` for an undecided comparison (capitalized for a sentence) */
export function decidedWords(c: Comparison, capital = false): string {
  const w = c.undecided ? `could not decide: ${c.undecided}` : `decided ${methodWords(c)}`;
  return capital ? w[0]!.toUpperCase() + w.slice(1) : w;
}

const d = (name: string) => `∂${name}`;
const verdictWord = (v: Verdict) => ({ correct: 'CORRECT', wrong: 'WRONG', undecided: 'UNDECIDED (could not decide)' })[v];
const verdictLower = (v: Verdict) => ({ correct: 'correct', wrong: 'wrong', undecided: 'undecided' })[v];

// ---- text -----------------------------------------------------------------------------------

function cexText(c: Counterexample, claimLabel: string, truthLabel: string, indent: string): string[] {
  const out: string[] = [];
  const sizes = Object.entries(c.sizes).map(([k, v]) => `${k} = ${v}`).join(', ');
  out.push(`${indent}Counterexample (${c.exact ? 'exact' : 'floating point, rounded'}${sizes ? `; ${sizes}` : ''}):`);
  const mat = (label: string, lines: string[]) => {
    const pad = ' '.repeat(label.length + 3);
    lines.forEach((l, i) => out.push(`${indent}  ${i === 0 ? `${label} = ` : pad}${l}`));
  };
  for (const v of c.values) mat(v.name, block(v.value));
  mat(claimLabel, block(c.claimed));
  mat(truthLabel, block(c.truth));
  return out;
}

function claimText(r: ClaimCheck): string {
  const lhs = `${d(r.fnName)}/${d(r.wrt)}`;
  const out = [
    `Check of a claimed gradient ${lhs}`,
    `  function:  ${shown(r.source.trim()).replace(/\n/g, '; ')}`,
    `  variables: ${r.variables.map((v) => `${v.name} (${v.shape}${v.facts.length ? ', ' + v.facts.join(' ') : ''})`).join(', ')}`,
    `  claim:     ${lhs} = ${r.claim.unicode}   (${r.claim.shape})`,
    '',
    `Verdict: ${verdictWord(r.verdict)}`,
    `  ${decidedWords(r.comparison)}`,
  ];
  if (r.verdict === 'undecided' && !r.comparison.undecided && r.undecided) out.push(`  ${r.undecided}`);
  if (r.note) out.push('', `Note: ${r.note}`);
  if (r.diagnosis) out.push('', `Diagnosis (${kindsLabel(r.diagnosis)}):`, `  ${r.diagnosis.message}`);
  else if (r.verdict === 'wrong') out.push('', 'Diagnosis: none of the usual mistakes explains the difference.');
  if (r.counterexample) out.push('', ...cexText(r.counterexample, 'claimed', 'true', ''));
  out.push('', `matdiff's gradient: ${lhs} = ${r.gradient.pretty}${r.gradient.where.length ? `  where ${r.gradient.where.join('; ')}` : ''}   (${r.gradient.shape})`);
  return out.join('\n') + '\n';
}

const fixText = (f: Fix): string[] => [
  `      rule that makes it right: ${f.words}`,
  ...f.rules.map((r) => `        ${r.name} [${r.source}]${r.equation ? `: ${r.equation}` : ''} (${r.id})`),
  ...(f.line ? [`      the line would read: ${f.line.unicode}`] : []),
];

function stepMark(s: StepCheck, first: boolean): string {
  return s.verdict === 'correct' ? '✓' : s.verdict === 'undecided' ? '? undecided' : first ? '✗ first wrong step' : '✗';
}
const idMark = (v: Verdict) => (v === 'correct' ? "✓ matdiff's gradient agrees" : v === 'undecided' ? '? undecided' : '✗');

function chainText(r: ChainCheck): string {
  const out = [`Check of a chain of ${r.steps.length} step${r.steps.length === 1 ? '' : 's'}`];
  if (r.defs) out.push(`  definitions: ${shown(r.defs.replace(/\n/g, '; '))}`);
  if (r.vars) out.push(`  variables:   ${shown(r.vars)}`);
  out.push(`  varying:     ${r.varying.join(', ') || '(none)'} — their differentials are independent; the differential of a definition is expanded through it`);
  if (r.varyingFrom === 'all' && r.varying.length > 1) out.push(`               (no --wrt, and the chain writes no dX of a variable, so every variable varies; give --wrt ${r.varying[0]} to hold the others fixed)`);
  out.push('');
  const lhs = r.first.shown?.unicode ?? shown(r.first.text);
  const width = Math.max(lhs.length, 1);
  const firstOnOwnLine = r.steps[0]?.line !== r.first.line;
  if (firstOnOwnLine) out.push(`  line ${String(r.first.line).padStart(2)}:  ${lhs}`);
  for (const s of r.steps) {
    const left = s.index === 1 && !firstOnOwnLine ? lhs : ' '.repeat(width);
    out.push(`  line ${String(s.line).padStart(2)}:  ${left} = ${s.toShown?.unicode ?? shown(s.to)}   ${stepMark(s, s.index === r.firstWrong)}`);
    if (s.verdict === 'undecided') out.push(`      ${decidedWords(s.comparison!)}`);
    if (s.verdict === 'wrong') {
      if (s.error) out.push(`      ${shown(s.error)}`);
      if (s.diagnosis) out.push(`      diagnosis (${kindsLabel(s.diagnosis)}): ${s.diagnosis.message}`);
      if (s.counterexample) out.push(...cexText(s.counterexample, 'this line', 'the line before', '      '));
      if (s.fix) out.push(...fixText(s.fix));
    }
  }
  const id = r.identification;
  if (id) {
    out.push('', `Identification (line ${id.line}): ${d(id.fnName)}/${d(id.wrt)} = ${id.claimed.unicode}   ${idMark(id.verdict)}`);
    out.push(`  ${decidedWords(id.comparison)}`);
    if (id.note) out.push(`  Note: ${id.note}`);
    if (id.verdict === 'wrong') {
      out.push(`  matdiff's gradient: ${d(id.fnName)}/${d(id.wrt)} = ${id.gradient.unicode}`);
      if (id.diagnosis) out.push(`  diagnosis (${kindsLabel(id.diagnosis)}): ${id.diagnosis.message}`);
      if (id.counterexample) out.push(...cexText(id.counterexample, 'claimed', 'true', '  '));
    }
  }
  out.push('', `Verdict: ${verdictWord(r.verdict)}${r.firstWrong !== undefined ? ` — the first wrong step is on line ${r.steps.find((s) => s.index === r.firstWrong)!.line}` : ''}`);
  const m = r.steps.find((s) => s.verdict === 'correct' && s.comparison)?.comparison;
  if (m) out.push(`  each right step decided ${methodWords(m)}`);
  return out.join('\n') + '\n';
}

// ---- Markdown -------------------------------------------------------------------------------

/** words for Markdown: every character Markdown, its $ math or HTML would read escaped, invisible ones shown */
const mdEsc = (s: string) => visible(s.replace(/\r?\n/g, ' ')).replace(/([\\`*_[\]<>|#$&~!])/g, '\\$1');
/** a message with `code` in backticks: the code as code spans, the rest as words (safe whatever the backticks) */
const mdText = (s: string) => s.split('`').map((x, i) => (i % 2 ? mdCode(x) : mdEsc(x))).join('');

function cexLatex(c: Counterexample, claimLabel: string, truthLabel: string): string {
  const rows = c.values.map((v) => `${v.differential ? `\\mathrm{d}${latexName(v.name.slice(1))}` : latexName(v.name)} &= ${latexMatrix(v.value)}`);
  rows.push(`\\text{${claimLabel}} &= ${latexMatrix(c.claimed)}`, `\\text{${truthLabel}} &= ${latexMatrix(c.truth)}`);
  return `\\begin{aligned}\n${rows.join(' \\\\\n')}\n\\end{aligned}`;
}

const sizesWords = (c: Counterexample) => Object.entries(c.sizes).map(([k, v]) => `${k} = ${v}`).join(', ');

function claimMd(r: ClaimCheck): string {
  const lhs = `\\frac{\\partial ${latexName(r.fnName)}}{\\partial ${latexName(r.wrt)}}`;
  const out = [`# Check of a claimed gradient $${lhs}$`, '', mdSource('Function', r.source), '', '| variable | shape | facts |', '| --- | --- | --- |'];
  for (const v of r.variables) out.push(`| $${latexName(v.name)}$ | ${mdEsc(v.shape)} | ${mdEsc(v.facts.join(', '))} |`);
  out.push('', `Claim (${mdCode(r.claimSource.trim())}, ${mdEsc(r.claim.shape)}):`, '', '$$', `${lhs} = ${r.claim.latex}`, '$$', '');
  out.push(`## Verdict: ${verdictLower(r.verdict)}`, '', `${mdEsc(decidedWords(r.comparison, true))}.`);
  if (r.verdict === 'undecided' && !r.comparison.undecided && r.undecided) out.push('', mdText(r.undecided));
  if (r.note) out.push('', `**Note.** ${mdText(r.note)}`);
  if (r.diagnosis) out.push('', `## Diagnosis: ${mdEsc(kindsLabel(r.diagnosis))}`, '', mdText(r.diagnosis.message));
  if (r.counterexample) {
    out.push('', `## Counterexample`, '', `${r.counterexample.exact ? 'Exact values' : 'Floating point, rounded'}${sizesWords(r.counterexample) ? `; ${sizesWords(r.counterexample)}` : ''}:`, '', '$$', cexLatex(r.counterexample, 'claimed', 'true'), '$$');
  }
  out.push('', "## matdiff's gradient", '', '$$', `${lhs} = ${r.gradient.latex}`, '$$', '');
  return out.join('\n');
}

/** the chain as one aligned block, each line with its number and its mark */
function chainBlock(r: ChainCheck): string {
  const head = r.first.shown?.latex ?? mathText(r.first.text);
  const merged = r.steps[0]?.line === r.first.line;
  const rows = merged ? [] : [`${head} && \\text{(line ${r.first.line})}`];
  for (const s of r.steps) rows.push(`${merged && s.index === 1 ? `${head} ` : ''}&= ${s.toShown?.latex ?? mathText(s.to)} && \\text{(line ${s.line})}\\ ${s.verdict === 'correct' ? '\\checkmark' : s.verdict === 'undecided' ? '\\text{?}' : '\\times'}`);
  return `\\begin{aligned}\n${rows.join(' \\\\\n')}\n\\end{aligned}`;
}

function chainMd(r: ChainCheck): string {
  const out = [`# Check of a chain of ${r.steps.length} steps`, ''];
  if (r.defs) out.push(`Definitions: ${mdCode(r.defs.replace(/\n/g, '; '))}`, '');
  if (r.vars) out.push(`Variables: ${mdCode(r.vars)}`, '');
  out.push(`Varying: ${r.varying.map((v) => `$${latexName(v)}$`).join(', ') || '(none)'}. Their differentials are independent; the differential of a definition is expanded through it.`, '');
  out.push('$$', chainBlock(r), '$$', '');
  for (const s of r.steps) {
    if (s.verdict === 'correct') continue;
    if (s.verdict === 'undecided') {
      out.push(`## Line ${s.line}: undecided`, '', `${mdEsc(decidedWords(s.comparison!, true))}.`, '');
      continue;
    }
    out.push(`## Line ${s.line}: wrong${s.index === r.firstWrong ? ' (the first wrong step)' : ''}`, '');
    if (s.error) out.push(mdText(s.error), '');
    if (s.diagnosis) out.push(`Diagnosis (${mdEsc(kindsLabel(s.diagnosis))}): ${mdText(s.diagnosis.message)}`, '');
    if (s.counterexample) out.push(`Counterexample (${sizesWords(s.counterexample)}):`, '', '$$', cexLatex(s.counterexample, 'this line', 'the line before'), '$$', '');
    if (s.fix) {
      out.push(`The rule that makes it right: ${mdText(s.fix.words)}`, '');
      for (const x of s.fix.rules) out.push(`- **${mdEsc(x.name)}** (${mdCode(x.id)}, ${mdEsc(x.source)})${x.equation ? `: ${mdCode(x.equation)}` : ''}`);
      if (s.fix.line) out.push('', '$$', `= ${s.fix.line.latex}`, '$$');
      out.push('');
    }
  }
  const id = r.identification;
  if (id) {
    out.push(`## Identification (line ${id.line}): ${id.verdict}`, '', '$$', `\\frac{\\partial ${latexName(id.fnName)}}{\\partial ${latexName(id.wrt)}} = ${id.claimed.latex}`, '$$', '', `${mdEsc(decidedWords(id.comparison, true))}.`, '');
    if (id.note) out.push(`**Note.** ${mdText(id.note)}`, '');
    if (id.verdict === 'wrong') out.push(`matdiff's gradient: $${id.gradient.latex}$`, '', ...(id.diagnosis ? [`Diagnosis (${mdEsc(kindsLabel(id.diagnosis))}): ${mdText(id.diagnosis.message)}`, ''] : []));
  }
  out.push(`## Verdict: ${verdictLower(r.verdict)}`, '');
  return out.join('\n');
}

// ---- the standalone LaTeX document ----------------------------------------------------------

const texHead = (title: string): string[] => [
  '\\documentclass[11pt]{article}',
  '\\usepackage{amsmath,amssymb}',
  '\\usepackage[margin=2.5cm]{geometry}',
  '% made by matdiff check',
  '\\begin{document}',
  `\\section*{${title}}`,
];
const texCode = (s: string) => latexCode(s);
/** words for the document: `code` in typewriter, the rest through latexWords */
const texWords = (s: string) => s.split('`').map((x, i) => (i % 2 ? texCode(x) : latexWords(x))).join('');

function claimTex(r: ClaimCheck): string {
  const lhs = `\\frac{\\partial ${latexName(r.fnName)}}{\\partial ${latexName(r.wrt)}}`;
  const out = [...texHead(`Check of a claimed gradient $${lhs}$`), `Function: ${texCode(r.source)}`, '', '\\subsection*{Variables}', '\\begin{tabular}{lll}', '\\textbf{variable} & \\textbf{shape} & \\textbf{facts} \\\\'];
  for (const v of r.variables) out.push(`$${latexName(v.name)}$ & ${latexWords(v.shape)} & ${latexWords(v.facts.join(', '))} \\\\`);
  out.push('\\end{tabular}', '', '\\subsection*{Claim}', '\\[', `${lhs} = ${r.claim.latex}`, '\\]', `as written: ${texCode(r.claimSource)} (${latexWords(r.claim.shape)})`);
  out.push('', `\\subsection*{Verdict: ${verdictLower(r.verdict)}}`, `${latexWords(decidedWords(r.comparison, true))}.`);
  if (r.verdict === 'undecided' && !r.comparison.undecided && r.undecided) out.push('', texWords(r.undecided));
  if (r.note) out.push('', `\\textbf{Note.} ${texWords(r.note)}`);
  if (r.diagnosis) out.push('', `\\subsection*{Diagnosis: ${latexWords(kindsLabel(r.diagnosis))}}`, texWords(r.diagnosis.message));
  else if (r.verdict === 'wrong') out.push('', '\\subsection*{Diagnosis}', 'None of the usual mistakes explains the difference.');
  if (r.counterexample) {
    const c = r.counterexample;
    out.push('', '\\subsection*{Counterexample}', `${c.exact ? 'Exact values' : 'Floating point, rounded'}${sizesWords(c) ? `; ${latexWords(sizesWords(c))}` : ''}:`, '\\[', cexLatex(c, 'claimed', 'true'), '\\]');
  }
  out.push('', "\\subsection*{matdiff's gradient}", '\\[', `${lhs} = ${r.gradient.latex}`, '\\]', '', '\\end{document}', '');
  return out.join('\n');
}

function chainTex(r: ChainCheck): string {
  const out = [...texHead(`Check of a chain of ${r.steps.length} step${r.steps.length === 1 ? '' : 's'}`)];
  if (r.defs) out.push(`Definitions: ${texCode(r.defs.replace(/\n/g, '; '))}`, '');
  if (r.vars) out.push(`Variables: ${texCode(r.vars)}`, '');
  out.push(`Varying: ${r.varying.map((v) => `$${latexName(v)}$`).join(', ') || '(none)'}. Their differentials are independent; the differential of a definition is expanded through it.`, '');
  out.push('\\[', chainBlock(r), '\\]');
  for (const s of r.steps) {
    if (s.verdict === 'correct') continue;
    if (s.verdict === 'undecided') {
      out.push('', `\\subsection*{Line ${s.line}: undecided}`, `${latexWords(decidedWords(s.comparison!, true))}.`);
      continue;
    }
    out.push('', `\\subsection*{Line ${s.line}: wrong${s.index === r.firstWrong ? ' (the first wrong step)' : ''}}`);
    if (s.error) out.push(texWords(s.error), '');
    if (s.diagnosis) out.push(`Diagnosis (${latexWords(kindsLabel(s.diagnosis))}): ${texWords(s.diagnosis.message)}`, '');
    if (s.counterexample) out.push(`Counterexample (${latexWords(sizesWords(s.counterexample))}):`, '\\[', cexLatex(s.counterexample, 'this line', 'the line before'), '\\]');
    if (s.fix) {
      out.push(`The rule that makes it right: ${texWords(s.fix.words)}`, '\\begin{itemize}');
      for (const x of s.fix.rules) out.push(`\\item \\textbf{${latexWords(x.name)}} (\\texttt{${latexWords(x.id)}}, ${latexWords(x.source)})${x.equation ? `: ${texCode(x.equation)}` : ''}`);
      out.push('\\end{itemize}');
      if (s.fix.line) out.push('The line would read', '\\[', `= ${s.fix.line.latex}`, '\\]');
    }
  }
  const id = r.identification;
  if (id) {
    out.push('', `\\subsection*{Identification (line ${id.line}): ${id.verdict}}`, '\\[', `\\frac{\\partial ${latexName(id.fnName)}}{\\partial ${latexName(id.wrt)}} = ${id.claimed.latex}`, '\\]', `${latexWords(decidedWords(id.comparison, true))}.`);
    if (id.note) out.push('', `\\textbf{Note.} ${texWords(id.note)}`);
    if (id.verdict === 'wrong') {
      out.push('', "matdiff's gradient:", '\\[', id.gradient.latex, '\\]');
      if (id.diagnosis) out.push(`Diagnosis (${latexWords(kindsLabel(id.diagnosis))}): ${texWords(id.diagnosis.message)}`);
      if (id.counterexample) out.push('', `Counterexample (${latexWords(sizesWords(id.counterexample))}):`, '\\[', cexLatex(id.counterexample, 'claimed', 'true'), '\\]');
    }
  }
  out.push('', `\\subsection*{Verdict: ${verdictLower(r.verdict)}}`, '', '\\end{document}', '');
  return out.join('\n');
}

/**
 * Every math string of a check report (what Markdown, LaTeX and HTML typeset), for the KaTeX
 * test: the claim, the gradient, the chain block, counterexamples and fixes.
 */
export function checkMath(r: ClaimCheck | ChainCheck): { where: string; latex: string; display: boolean }[] {
  const out: { where: string; latex: string; display: boolean }[] = [];
  const cex = (c: Counterexample | undefined, where: string, a: string, b: string) => c && out.push({ where, latex: cexLatex(c, a, b), display: true });
  if (r.kind === 'claim') {
    const lhs = `\\frac{\\partial ${latexName(r.fnName)}}{\\partial ${latexName(r.wrt)}}`;
    out.push({ where: 'title', latex: lhs, display: false }, { where: 'claim', latex: `${lhs} = ${r.claim.latex}`, display: true }, { where: 'gradient', latex: `${lhs} = ${r.gradient.latex}`, display: true });
    for (const v of r.variables) out.push({ where: 'variable', latex: latexName(v.name), display: false });
    cex(r.counterexample, 'counterexample', 'claimed', 'true');
    return out;
  }
  out.push({ where: 'chain', latex: chainBlock(r), display: true });
  if (r.first.shown) out.push({ where: 'first line', latex: r.first.shown.latex, display: false });
  for (const v of r.varying) out.push({ where: 'varying', latex: latexName(v), display: false });
  for (const s of r.steps) {
    if (s.toShown) out.push({ where: `line ${s.line}`, latex: s.toShown.latex, display: false });
    cex(s.counterexample, `counterexample of line ${s.line}`, 'this line', 'the line before');
    if (s.fix?.line) out.push({ where: `fix of line ${s.line}`, latex: `= ${s.fix.line.latex}`, display: true });
  }
  const id = r.identification;
  if (id) {
    out.push({ where: 'identification', latex: `\\frac{\\partial ${latexName(id.fnName)}}{\\partial ${latexName(id.wrt)}} = ${id.claimed.latex}`, display: true }, { where: 'gradient', latex: id.gradient.latex, display: true });
    cex(id.counterexample, 'counterexample of the identification', 'claimed', 'true');
  }
  return out;
}

// ---- HTML -----------------------------------------------------------------------------------

const page = (title: string, body: string): string => htmlPage({ title, generator: 'matdiff check', body, css: '.bad{color:#b42318;font-weight:600}' });

const verdictHtml = (v: Verdict) => (v === 'correct' ? '<span class="ok">✓ correct</span>' : v === 'undecided' ? '<span class="bad">? undecided (could not decide)</span>' : '<span class="bad">✗ wrong</span>');

function claimHtml(r: ClaimCheck): string {
  const lhs = `\\frac{\\partial ${latexName(r.fnName)}}{\\partial ${latexName(r.wrt)}}`;
  const b: string[] = [`<h1>Check of a claimed gradient ${tex(lhs)}</h1>`, `<p>Function: <code>${escCode(r.source)}</code></p>`, '<table class="vars"><tr><th>variable</th><th>shape</th><th>facts</th></tr>'];
  for (const v of r.variables) b.push(`<tr><td>${tex(latexName(v.name))}</td><td>${esc(v.shape)}</td><td>${esc(v.facts.join(', '))}</td></tr>`);
  b.push('</table>', `<h2>Claim</h2><p class="math-scroll">${tex(`${lhs} = ${r.claim.latex}`, true)}</p><p>as written: <code>${escCode(r.claimSource)}</code> (${esc(r.claim.shape)})</p>`);
  b.push(`<h2>Verdict: ${verdictHtml(r.verdict)}</h2>`, `<p class="note">${esc(decidedWords(r.comparison, true))}.</p>`);
  if (r.verdict === 'undecided' && !r.comparison.undecided && r.undecided) b.push(`<p class="note">${esc(r.undecided)}</p>`);
  if (r.note) b.push(`<p class="note"><b>Note.</b> ${esc(r.note)}</p>`);
  if (r.diagnosis) b.push(`<h2>Diagnosis: ${esc(kindsLabel(r.diagnosis))}</h2>`, `<p class="note">${esc(r.diagnosis.message)}</p>`);
  if (r.counterexample) b.push('<h2>Counterexample</h2>', `<p>${r.counterexample.exact ? 'Exact values' : 'Floating point, rounded'}; ${esc(sizesWords(r.counterexample))}</p>`, `<p class="math-scroll">${tex(cexLatex(r.counterexample, 'claimed', 'true'), true)}</p>`);
  b.push("<h2>matdiff's gradient</h2>", `<p class="math-scroll">${tex(`${lhs} = ${r.gradient.latex}`, true)}</p>`);
  return page(`Check of ∂${r.fnName}/∂${r.wrt}`, b.join('\n'));
}

function chainHtml(r: ChainCheck): string {
  const b: string[] = [`<h1>Check of a chain of ${r.steps.length} steps</h1>`];
  if (r.defs) b.push(`<p>Definitions: <code>${esc(r.defs.replace(/\n/g, '; '))}</code></p>`);
  if (r.vars) b.push(`<p>Variables: <code>${esc(r.vars)}</code></p>`);
  b.push(`<p class="note">Varying: ${esc(r.varying.join(', ') || '(none)')}. Their differentials are independent; the differential of a definition is expanded through it.</p>`, '<table class="chain">');
  b.push(`<tr><td class="lhs">${tex(r.first.shown?.latex ?? '')}</td><td></td><td></td><td class="n">line ${r.first.line}</td><td></td></tr>`);
  for (const s of r.steps) {
    const why: string[] = [];
    if (s.verdict === 'undecided') why.push(esc(decidedWords(s.comparison!)));
    if (s.verdict === 'wrong') {
      if (s.error) why.push(esc(s.error));
      if (s.diagnosis) why.push(`<b>${esc(kindsLabel(s.diagnosis))}</b>: ${esc(s.diagnosis.message)}`);
      if (s.counterexample) why.push(`counterexample (${esc(sizesWords(s.counterexample))}): ${tex(cexLatex(s.counterexample, 'this line', 'the line before'))}`);
      if (s.fix) why.push(`rule that makes it right: ${esc(s.fix.words)}${s.fix.rules.map((x) => ` <b>${esc(x.name)}</b> <span class="src">(${esc(x.source)})</span> <span class="id">${esc(x.id)}</span>`).join('')}${s.fix.line ? `; the line would read ${tex(s.fix.line.latex)}` : ''}`);
    }
    b.push(`<tr><td class="lhs"></td><td>${tex('=')}</td><td class="rhs math-scroll">${s.toShown ? tex(s.toShown.latex) : `<code>${esc(s.to)}</code>`}</td><td class="n">line ${s.line}</td><td class="why">${verdictHtml(s.verdict)}${s.index === r.firstWrong ? ' (first wrong step)' : ''}${why.map((w) => `<div>${w}</div>`).join('')}</td></tr>`);
  }
  b.push('</table>');
  const id = r.identification;
  if (id) {
    b.push(`<h2>Identification (line ${id.line}): ${verdictHtml(id.verdict)}</h2>`, `<p class="math-scroll">${tex(`\\frac{\\partial ${latexName(id.fnName)}}{\\partial ${latexName(id.wrt)}} = ${id.claimed.latex}`, true)}</p>`, `<p class="note">${esc(decidedWords(id.comparison, true))}.</p>`);
    if (id.note) b.push(`<p class="note"><b>Note.</b> ${esc(id.note)}</p>`);
    if (id.verdict === 'wrong') b.push(`<p>matdiff's gradient: ${tex(id.gradient.latex)}</p>`, ...(id.diagnosis ? [`<p class="note"><b>${esc(kindsLabel(id.diagnosis))}</b>: ${esc(id.diagnosis.message)}</p>`] : []));
  }
  b.push(`<h2>Verdict: ${verdictHtml(r.verdict)}</h2>`);
  return page('Check of a chain of steps', b.join('\n'));
}

// ---- JSON -----------------------------------------------------------------------------------

function json(r: ClaimCheck | ChainCheck): string {
  return JSON.stringify(r, (_k, v) => (typeof v === 'function' ? undefined : v === Infinity ? 'Infinity' : typeof v === 'number' && Number.isNaN(v) ? null : v), 2) + '\n';
}

export function renderCheck(r: ClaimCheck | ChainCheck, format: CheckFormat = 'text'): string {
  if (!CHECK_FORMATS.includes(format)) throw new MatdiffError('parse', `unknown check report format \`${format}\``, { hint: `formats: ${CHECK_FORMATS.join(', ')}` });
  if (format === 'json') return json(r);
  if (r.kind === 'claim') return format === 'text' ? claimText(r) : format === 'md' ? claimMd(r) : format === 'latex' ? claimTex(r) : claimHtml(r);
  return format === 'text' ? chainText(r) : format === 'md' ? chainMd(r) : format === 'latex' ? chainTex(r) : chainHtml(r);
}


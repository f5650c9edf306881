// The report with LaTeX math: Markdown with $$ blocks (GitHub, Jupyter, Obsidian render them),
// and a standalone LaTeX document (amsmath, pdflatex-safe: every Unicode character in the words
// is written as LaTeX). The math strings are the ones the HTML report renders with KaTeX.
// User text (the function as typed, with its comments) is escaped for each format, whatever it
// holds: Markdown code spans fenced longer than any backtick run in them, every character
// Markdown, HTML or math delimiters would read escaped, LaTeX specials written as text, and
// invisible characters shown as <U+XXXX>.
import type { Prose, ReportView, RuleView, SectionView } from './view.js';
import { ruleItems } from './view.js';
import { visible } from '../errors.js';
import { greekWord } from '../parse/suggest.js';

/** the words of a Markdown line: characters Markdown (or its $ math, or HTML) would read as markup are escaped */
export const mdWords = (s: string) => visible(s.replace(/\r?\n/g, ' ')).replace(/([\\`*_[\]<>|#$&~!])/g, '\\$1');

/**
 * `s` as one Markdown code span, shown exactly: the fence is one backtick longer than the longest
 * run of backticks in `s`, so nothing inside can close it (and <, $ and & in a code span are
 * text). A line break would end it: a text with one is a fenced block instead (mdCodeBlock).
 */
export function mdCode(s: string): string {
  const t = visible(s);
  const fence = '`'.repeat(Math.max(0, ...(t.match(/`+/g) ?? []).map((r) => r.length)) + 1);
  const pad = t.startsWith('`') || t.endsWith('`') || (t.startsWith(' ') && t.endsWith(' ') && t.trim() !== '') ? ' ' : '';
  return `${fence}${pad}${t}${pad}${fence}`;
}

/** `s` as a fenced code block, its lines as they are (the fence longer than any backtick run in them) */
export function mdCodeBlock(s: string): string {
  const t = visible(s.replace(/\r\n/g, '\n'), '\n\t');
  const fence = '`'.repeat(Math.max(2, ...(t.match(/`+/g) ?? []).map((r) => r.length)) + 1);
  return `${fence}\n${t}\n${fence}`;
}

/** "Function: `…`" on one line, or the lines of a multi-line function in a block */
export const mdSource = (label: string, s: string): string => (/[\n\r]/.test(s.trim()) ? `${label}:\n\n${mdCodeBlock(s.trim())}` : `${label}: ${mdCode(s.trim())}`);
const mdProse = (p: Prose) => p.map((x) => (typeof x === 'string' ? mdWords(x) : `$${x.math}$`)).join('');

/** the chain (and the identification) as one aligned block, each line numbered */
export function chainLatex(s: SectionView, numbered = true): string {
  const rows = s.chain.map((l, i) => `${l.lhs} &= ${l.rhs}${numbered ? ` && \\text{(${i + 1})}` : ''}`);
  rows.push(`${s.result.lhs} &= ${s.result.rhs}${numbered ? ` && \\text{(${s.chain.length + 1})}` : ''}`);
  return `\\begin{aligned}\n${rows.join(' \\\\\n')}\n\\end{aligned}`;
}

export function setupLatex(s: SectionView): string {
  const rows: string[] = [];
  for (const x of s.setup) {
    rows.push(`${x.lhs} &= ${x.rhs} && ${x.dlhs !== undefined ? `\\Rightarrow\\quad ${x.dlhs} = ${x.drhs ?? ''}` : '\\text{(constant)}'}`);
    if (x.diag) rows.push(`${x.diag.lhs} &= ${x.diag.rhs} && \\Rightarrow\\quad ${x.dlhs} = ${x.diag.drhs}`);
  }
  return `\\begin{aligned}\n${rows.join(' \\\\\n')}\n\\end{aligned}`;
}

const allRules = (s: SectionView): RuleView[][] => [...s.chain.map((l) => [...l.rules]), [...s.result.rules]];

export function renderMarkdown(v: ReportView, titleMath: string): string {
  const out: string[] = [];
  out.push(`# Derivation of $${titleMath}$`, '', mdSource('Function', v.source), '', '## Variables', '', '| name | shape | facts |', '| --- | --- | --- |');
  for (const x of v.variables) out.push(`| $${x.name}$ | ${mdWords(x.shape)} | ${mdWords(x.facts)} |`);
  if (v.names.length) out.push('', `Names used below: ${v.names.map((n) => `$${n.name} = ${n.expr}$`).join(', ')}.`);
  for (const s of v.sections) {
    out.push('', `## Definitions and their differentials (with respect to $${s.wrtMath}$)`, '', '$$', setupLatex(s), '$$', '');
    for (const x of s.setup) {
      if (x.rules.length) out.push(`- $${x.dlhs ?? x.lhs}$: ${x.rules.map((r) => `${mdWords(r.name)} (${mdWords(r.source)})`).join(', ')}`);
    }
    out.push('', '## The chain', '', '$$', chainLatex(s), '$$', '');
    allRules(s).forEach((rules, i) => {
      const items = ruleItems(rules).map((it) => `${it.head.length ? `${mdProse(it.head)} by ` : ''}${it.rules.map((r) => `**${mdWords(r.name)}** (${mdCode(r.id)}, ${mdWords(r.source)}): ${mdWords(r.explain)}`).join(' And ')}`);
      out.push(`${i + 1}. ${items.join(' Then ')}`);
    });
    out.push('', '## Result', '');
    for (const f of s.forms) {
      out.push(`- **${mdWords(f.label)}**: $${s.result.lhs} = ${f.math}$, with factors ${f.factors.map((x) => `$${x.math}$ (${mdWords(x.shape)})`).join(', ')}`);
    }
    const diag = s.setup.filter((x) => x.diag).map((x) => `$${x.diag!.lhs} = ${x.diag!.rhs}$`);
    if (diag.length) out.push(`- where ${diag.join(', ')}`);
    out.push('', '## Convention', '', mdProse(s.convention), '', mdProse(s.why));
  }
  out.push('', '## Numeric check', '', mdProse(v.check), '');
  return out.join('\n');
}

// ---- the standalone LaTeX document ----------------------------------------------------------

/** Unicode in the words, written for pdflatex */
const UNICODE: Record<string, string> = {
  'σ': '$\\sigma$', 'Σ': '$\\Sigma$', '∂': '$\\partial$', '′': "$'$", '−': '$-$', '–': '--', '—': '---', '²': '$^2$', '³': '$^3$', 'ᵀ': '$^{\\top}$', '⁻': '$^{-}$', '¹': '$^1$', 'ⁿ': '$^n$',
  '∘': '$\\circ$', '⊘': '$\\oslash$', '⊗': '$\\otimes$', '𝟏': '$\\mathbf{1}$', '≠': '$\\neq$', '≤': '$\\le$', '≥': '$\\ge$', '×': '$\\times$', '‖': '$\\|$', '√': '$\\surd$',
  '⇒': '$\\Rightarrow$', '½': '$\\frac12$', '·': '$\\cdot$', '₁': '$_1$', 'ᵢ': '$_i$', 'ⱼ': '$_j$', 'ε': '$\\varepsilon$', '…': '\\dots{}', '“': '``', '”': "''", '’': "'",
};

const TEXT_SPECIALS: Record<string, string> = { '\\': '\\textbackslash{}', '~': '\\textasciitilde{}', '^': '\\textasciicircum{}', '<': '\\textless{}', '>': '\\textgreater{}', '|': '\\textbar{}' };

/**
 * Text for LaTeX, in ASCII: the specials (\\ { } $ & # % _ ^ ~, and < > |, which are other
 * glyphs in a text font) written as text, Unicode written as LaTeX (Greek letters as math), any
 * other character and any invisible one as <U+XXXX>, a line break as a space. `math` wraps math:
 * \\ensuremath in a document, $…$ inside \\text{} in math (KaTeX has no \\ensuremath).
 */
function texText(s: string, math: (m: string) => string): string {
  const esc = visible(s.replace(/\r?\n/g, ' ')).replace(/[\\{}$&#%_^~<>|]/g, (c) => TEXT_SPECIALS[c] ?? `\\${c}`);
  return [...esc.replace(/⁻¹/g, '\u0001')]
    .map((c) => {
      if (c === '\u0001') return math('^{-1}');
      const t = UNICODE[c];
      if (t !== undefined) return t.startsWith('$') ? math(t.slice(1, -1)) : t;
      const greek = greekWord(c);
      if (greek) return math(`\\${greek}`);
      return c.codePointAt(0)! > 126 ? `\\textless{}U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}\\textgreater{}` : c;
    })
    .join('');
}

export const latexWords = (s: string): string => texText(s, (m) => `\\ensuremath{${m}}`);

/** words inside \\text{…} in math (check reports put a line that does not parse there) */
export const latexTextInMath = (s: string): string => texText(s, (m) => `$${m}$`).replace(/`/g, '\\textquoteleft{}');

/** code in \\texttt, one \\texttt a line (a blank line would end the paragraph inside it) */
export const latexCode = (s: string): string =>
  s.trim().split(/\r?\n/).map((l) => `\\texttt{${latexWords(l)}}`).join('\\\\\n');

const texProse = (p: Prose) => p.map((x) => (typeof x === 'string' ? latexWords(x) : `$${x.math}$`)).join('');

export function renderLatex(v: ReportView, titleMath: string): string {
  const out: string[] = [];
  out.push(
    '\\documentclass[11pt]{article}',
    '\\usepackage{amsmath,amssymb}',
    '\\usepackage[margin=2.5cm]{geometry}',
    '\\usepackage{array}',
    '% made by matdiff report; every line below was checked numerically',
    '\\begin{document}',
    `\\section*{Derivation of $${titleMath}$}`,
    `Function: ${latexCode(v.source)}`,
    '',
    '\\subsection*{Variables}',
    '\\begin{tabular}{lll}',
    '\\textbf{name} & \\textbf{shape} & \\textbf{facts} \\\\',
    ...v.variables.map((x) => `$${x.name}$ & ${latexWords(x.shape)} & ${latexWords(x.facts)} \\\\`),
    '\\end{tabular}',
  );
  if (v.names.length) out.push('', `Names used below: ${v.names.map((n) => `$${n.name} = ${n.expr}$`).join(', ')}.`);
  for (const s of v.sections) {
    out.push('', `\\subsection*{Definitions and their differentials (with respect to $${s.wrtMath}$)}`, '\\[', setupLatex(s), '\\]');
    out.push('', '\\subsection*{The chain}', '\\[', chainLatex(s), '\\]', '\\begin{enumerate}');
    for (const rules of allRules(s)) {
      const items = ruleItems(rules).map((it) => `${it.head.length ? `${texProse(it.head)} by ` : ''}${it.rules.map((r) => `\\textbf{${latexWords(r.name)}} (\\texttt{${latexWords(r.id)}}, ${latexWords(r.source)}): ${latexWords(r.explain)}`).join(' And ')}`);
      out.push(`\\item ${items.join(' Then ')}`);
    }
    out.push('\\end{enumerate}', '', '\\subsection*{Result}', '\\begin{itemize}');
    for (const f of s.forms) out.push(`\\item \\textbf{${latexWords(f.label)}}: $${s.result.lhs} = ${f.math}$, with factors ${f.factors.map((x) => `$${x.math}$ (${latexWords(x.shape)})`).join(', ')}`);
    const diag = s.setup.filter((x) => x.diag).map((x) => `$${x.diag!.lhs} = ${x.diag!.rhs}$`);
    if (diag.length) out.push(`\\item where ${diag.join(', ')}`);
    out.push('\\end{itemize}', '', '\\subsection*{Convention}', texProse(s.convention), '', texProse(s.why));
  }
  out.push('', '\\subsection*{Numeric check}', texProse(v.check), '', '\\end{document}', '');
  return out.join('\n');
}

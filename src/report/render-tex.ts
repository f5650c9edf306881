// The report with LaTeX math: Markdown with $$ blocks (GitHub, Jupyter, Obsidian render them),
// and a standalone LaTeX document (amsmath, pdflatex-safe: every Unicode character in the words
// is written as LaTeX). The math strings are the ones the HTML report renders with KaTeX.
import type { Prose, ReportView, RuleView, SectionView } from './view.js';
import { ruleItems } from './view.js';

/** the words of a Markdown line: characters Markdown would read as markup are escaped */
const mdWords = (s: string) => s.replace(/([\\`*_[\]<>|#])/g, '\\$1');
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
  out.push(`# Derivation of $${titleMath}$`, '', `Function: \`${v.source}\``, '', '## Variables', '', '| name | shape | facts |', '| --- | --- | --- |');
  for (const x of v.variables) out.push(`| $${x.name}$ | ${x.shape} | ${x.facts} |`);
  if (v.names.length) out.push('', `Names used below: ${v.names.map((n) => `$${n.name} = ${n.expr}$`).join(', ')}.`);
  for (const s of v.sections) {
    out.push('', `## Definitions and their differentials (with respect to $${s.wrtMath}$)`, '', '$$', setupLatex(s), '$$', '');
    for (const x of s.setup) {
      if (x.rules.length) out.push(`- $${x.dlhs ?? x.lhs}$: ${x.rules.map((r) => `${mdWords(r.name)} (${mdWords(r.source)})`).join(', ')}`);
    }
    out.push('', '## The chain', '', '$$', chainLatex(s), '$$', '');
    allRules(s).forEach((rules, i) => {
      const items = ruleItems(rules).map((it) => `${it.head.length ? `${mdProse(it.head)} by ` : ''}${it.rules.map((r) => `**${mdWords(r.name)}** (\`${r.id}\`, ${mdWords(r.source)}): ${mdWords(r.explain)}`).join(' And ')}`);
      out.push(`${i + 1}. ${items.join(' Then ')}`);
    });
    out.push('', '## Result', '');
    for (const f of s.forms) {
      out.push(`- **${mdWords(f.label)}**: $${s.result.lhs} = ${f.math}$, with factors ${f.factors.map((x) => `$${x.math}$ (${x.shape})`).join(', ')}`);
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

export function latexWords(s: string): string {
  const esc = s.replace(/[\\{}$&#%_^~]/g, (c) => ({ '\\': '\\textbackslash{}', '~': '\\textasciitilde{}', '^': '\\textasciicircum{}' })[c] ?? `\\${c}`);
  return [...esc.replace(/⁻¹/g, '\u0001')]
    .map((c) => {
      if (c === '\u0001') return '\\ensuremath{^{-1}}';
      const t = UNICODE[c];
      if (t === undefined) return c.charCodeAt(0) > 126 ? '?' : c;
      return t.startsWith('$') ? `\\ensuremath{${t.slice(1, -1)}}` : t;
    })
    .join('');
}

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
    `Function: \\texttt{${latexWords(v.source)}}`,
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

// The report for a terminal: Unicode math (ᵀ, ∘, σ), the chain aligned on its = signs, each line
// followed by the rule it used. No LaTeX anywhere.
import type { Prose, ReportView, RuleView } from './view.js';
import { visible } from '../errors.js';

const width = (s: string) => [...s].length;
const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - width(s)));

export const proseText = (p: Prose): string => p.map((x) => (typeof x === 'string' ? x : x.math)).join('');

/** "Frobenius move (matrix product) [Matrix Cookbook (16)]; dv = dW x by the product rule [...]" */
export function rulesText(rules: readonly RuleView[]): string {
  const parts: string[] = [];
  const done = new Set<string>();
  for (const r of rules) {
    const sub = r.substituted;
    if (!sub) parts.push(`${r.name} [${r.source}]`);
    else if (!done.has(sub.name)) {
      done.add(sub.name);
      const same = rules.filter((x) => x.substituted?.name === sub.name);
      parts.push(`put in ${same[same.length - 1]!.substituted!.equation} (${same.map((x) => `${x.name} [${x.source}]`).join(', ')})`);
    }
  }
  return parts.join('; ');
}

function wrapText(s: string, indent: string, max = 96): string[] {
  const out: string[] = [];
  let line = '';
  for (const w of s.split(' ')) {
    if (line && width(indent + line + ' ' + w) > max) {
      out.push(indent + line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) out.push(indent + line);
  return out;
}

export function renderText(v: ReportView): string {
  const out: string[] = [];
  // the function as typed: its lines indented under the first, nothing in it obeyed by the terminal
  out.push(v.title, '='.repeat(width(v.title)), '', `function:  ${visible(v.source.trim().replace(/\r\n/g, '\n'), '\n\t').replace(/\n/g, '\n           ')}`, '');
  out.push('Variables');
  const nw = Math.max(...v.variables.map((x) => width(x.name)), 1);
  for (const x of v.variables) out.push(`  ${pad(x.name, nw)}  ${x.shape}${x.facts ? `, ${x.facts}` : ''}`);
  if (v.names.length) {
    out.push('', 'Names used below');
    for (const n of v.names) out.push(`  ${n.name} = ${n.expr}`);
  }
  for (const s of v.sections) {
    out.push('', `Definitions and their differentials (with respect to ${s.wrt})`);
    const lw = Math.max(...s.setup.map((x) => width(`${x.lhs} = ${x.rhs}`)), ...s.setup.map((x) => (x.diag ? width(`${x.diag.lhs} = ${x.diag.rhs}`) : 0)));
    for (const x of s.setup) {
      const left = pad(`${x.lhs} = ${x.rhs}`, lw);
      if (x.dlhs === undefined) out.push(`  ${left}    (constant: does not depend on ${s.wrt})`);
      else out.push(`  ${left}  ⇒  ${x.dlhs} = ${x.drhs ?? ''}`);
      if (x.diag) out.push(`  ${pad(`${x.diag.lhs} = ${x.diag.rhs}`, lw)}  ⇒  ${x.dlhs} = ${x.diag.drhs}`);
      if (x.rules.length) out.push(...wrapText(`by: ${rulesText(x.rules)}`, '      '));
    }
    out.push('', 'The chain');
    const lhsW = Math.max(...s.chain.map((l) => width(l.lhs)), width(s.result.lhs));
    for (const [i, l] of s.chain.entries()) {
      out.push(`  ${pad(i === 0 ? l.lhs : '', lhsW)} = ${l.rhs}`);
      out.push(...wrapText(`by: ${rulesText(l.rules)}`, ' '.repeat(lhsW + 7)));
    }
    out.push(`  ${pad(s.result.lhs, lhsW)} = ${s.result.rhs}`);
    out.push(...wrapText(`by: ${rulesText(s.result.rules)}`, ' '.repeat(lhsW + 7)));
    out.push('', `Result`);
    const fw = Math.max(...s.forms.map((f) => width(f.label)));
    const mw = Math.max(...s.forms.map((f) => width(f.math)));
    for (const f of s.forms) out.push(`  ${pad(f.label, fw)}   ${s.result.lhs} = ${pad(f.math, mw)}   factors: ${f.factors.map((x) => `${x.math} (${x.shape})`).join(' · ')}`);
    const diagDefs = s.setup.filter((x) => x.diag).map((x) => `${x.diag!.lhs} = ${x.diag!.rhs}`);
    if (diagDefs.length && s.forms.length > 1) out.push(`  where ${diagDefs.join(', ')}`);
    out.push('', 'Convention');
    out.push(...wrapText(proseText(s.convention), '  '));
    out.push(...wrapText(proseText(s.why), '  '));
  }
  out.push('', 'Numeric check');
  out.push(...wrapText(proseText(v.check), '  '));
  return out.join('\n') + '\n';
}

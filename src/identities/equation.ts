// A catalogue entry as one printed equation, for the docs and the reports: `d(A B) = dA B + A dB`.
import type { Identity } from './catalogue.js';
import { entryTerms, withDifferentials } from './terms.js';
import { ReportPrinter } from '../report/print.js';
import { PREC, type Style } from '../print/style.js';

/** The entry as one printed equation: `d(A B) = dA B + A dB`, `C : dXᵀ = Cᵀ : dX`. */
export function entryEquation(e: Identity, style: Exclude<Style, 'text'>): { lhs: string; rhs: string } {
  const t = entryTerms(e);
  const p = new ReportPrinter(style);
  const rhs = p.show(withDifferentials(t.rhs));
  if (t.lhs) return { lhs: p.show(withDifferentials(t.lhs)), rhs };
  const f = p.printed(t.fn!);
  const d = style === 'latex' ? '\\mathrm{d}' : 'd';
  const arg = f.prec >= PREC.atom ? (style === 'latex' ? `\\,${f.s}` : ` ${f.s}`) : style === 'latex' ? `\\left(${f.s}\\right)` : `(${f.s})`;
  return { lhs: d + arg, rhs };
}

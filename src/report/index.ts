// report(derivation, format), also `derivation.report(format)`: the derivation a teacher writes,
// every line named, cited and checked.
//   text   Unicode for a terminal          md     Markdown with $$ LaTeX
//   latex  a standalone LaTeX document     html   one self-contained page, math by KaTeX
//   json   the steps as data
import { installReporter, REPORT_FORMATS, type Derivation, type ReportFormat } from '../engine/derive.js';
import { MatdiffError } from '../errors.js';
import { latexName } from '../print/names.js';
import { buildReport, type Report } from './model.js';
import { buildView } from './view.js';
import { renderText } from './render-text.js';
import { renderMarkdown, renderLatex } from './render-tex.js';
import { renderHtml } from './render-html.js';
import { renderJson } from './render-json.js';
import { jacobianReport } from './jacobian.js';
import { Jacobian, installJacobianReporter } from '../engine/jacobian.js';

export { REPORT_FORMATS, type ReportFormat };

export { buildReport, type Report };

const titleLatex = (r: Report) => r.sections.map((s) => `\\frac{\\partial ${latexName(s.fnName)}}{\\partial ${latexName(s.wrt)}}`).join(',\\ ');

/** Render a built report in one format. */
export function renderReport(r: Report, format: ReportFormat): string {
  switch (format) {
    case 'text':
      return renderText(buildView(r, 'unicode'));
    case 'md':
      return renderMarkdown(buildView(r, 'latex'), titleLatex(r));
    case 'latex':
      return renderLatex(buildView(r, 'latex'), titleLatex(r));
    case 'html':
      return renderHtml(buildView(r, 'latex'), titleLatex(r));
    case 'json':
      return renderJson(r);
  }
  throw new MatdiffError('parse', `unknown report format \`${String(format)}\``, { hint: `formats: ${REPORT_FORMATS.join(', ')}` });
}

/**
 * The report of a derivation, a Jacobian or a Hessian in one format (what `derivation.report(format)`
 * and `jacobian(...).report(format)` return).
 */
export function report(d: Derivation | Jacobian, format: ReportFormat = 'text'): string {
  return d instanceof Jacobian ? jacobianReport(d, format) : renderReport(buildReport(d), format);
}

// `derivation.report(format)` is this function: the engine cannot import the report layer (it is
// the layer below), so the report layer installs itself in the engine's hook when it is loaded.
installReporter(report);
installJacobianReporter(jacobianReport);

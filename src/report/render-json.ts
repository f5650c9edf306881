// The report as data for programs: every step with its rule ids, the line before and after it
// (matdiff syntax, Unicode and LaTeX), and each line's numeric check; `trace` lists the engine's
// steps that made the line (src/engine/trace.ts), each rule by id (the simplifier's included)
// with the subterm it touched.
import type { Term } from '../core/term.js';
import type { Report } from './model.js';
import { ReportPrinter } from './print.js';
import type { Verdict } from '../identities/verify.js';
import type { TraceStep } from '../engine/trace.js';

const checkJson = (v: Verdict) => ({ ok: v.ok, method: v.method, trials: v.trials, maxRelError: v.maxRelError });

export function renderJson(r: Report): string {
  const printers = { text: new ReportPrinter('text', r.names), unicode: new ReportPrinter('unicode', r.names), latex: new ReportPrinter('latex', r.names) };
  const all = (t: Term) => ({ text: printers.text.show(t), unicode: printers.unicode.show(t), latex: printers.latex.show(t) });
  const bare = new ReportPrinter('text');
  // a touched subterm as the engine had it (before simplification it may be past the printing limit)
  const touched = (t: Term): string | null => {
    try {
      return printers.text.show(t);
    } catch {
      return null;
    }
  };
  const trace = (steps: readonly TraceStep[]) => steps.map((x) => ({ rule: x.rule, touched: touched(x.touched), ...(x.about ? { about: x.about } : {}) }));
  return (
    JSON.stringify(
      {
        function: r.source,
        name: r.fnName,
        convention: 'the gradient has the shape of the variable',
        variables: r.variables.map((v) => ({ name: v.name, shape: [v.shape.rows, v.shape.cols], facts: v.facts })),
        names: [...r.names].map(([t, n]) => ({ name: n, expr: bare.show(t) })),
        gradients: r.sections.map((s) => ({
          wrt: s.wrt,
          shape: [s.wrtShape.rows, s.wrtShape.cols],
          setup: s.setup.map((x) => ({
            name: x.name,
            expr: all(x.local),
            constant: !x.active,
            differential: x.differential ? all(x.differential) : null,
            diagForm: x.diagForm ? all(x.diagForm) : null,
            diagNames: x.diagNames.map((d) => ({ name: d.name.name, of: d.of.name })),
            rules: x.rules.map((rr) => rr.id),
            trace: trace(x.steps),
          })),
          steps: s.lines.map((l, i) => ({
            rules: l.rules.map((rr) => ({ id: rr.id, name: rr.entry.name, source: rr.entry.source, ...(rr.substituted ? { substituted: rr.substituted } : {}) })),
            before: i === 0 ? { text: `d(${s.fnName})`, unicode: `d${s.fnName}`, latex: `\\mathrm{d}${s.fnName}` } : all(s.lines[i - 1]!.term),
            after: all(l.term),
            trace: trace(l.steps),
            check: checkJson(l.check),
          })),
          gradient: all(s.gradient),
          forms: s.forms.map((f) => ({ label: f.label, ...all(f.term), factors: f.factors.map((x) => ({ ...all(x.term), shape: [x.shape.rows, x.shape.cols] })), check: checkJson(f.check) })),
          transpose:
            s.transpose.kind === 'moved'
              ? { kind: 'moved', product: all(s.transpose.product), left: s.transpose.left ? all(s.transpose.left) : null, right: s.transpose.right ? all(s.transpose.right) : null }
              : s.transpose.kind === 'symmetric'
                ? { kind: 'symmetric', factors: s.transpose.factors.map(all) }
                : { kind: s.transpose.kind },
        })),
        check: { claims: r.check.claims, method: r.check.method, maxRelError: r.check.maxRelError, sizes: r.check.sizes },
        engineCheck: r.engineChecks,
      },
      null,
      2,
    ) + '\n'
  );
}

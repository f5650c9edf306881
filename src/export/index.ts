// Code export (issue 14): a derivation's function and gradients, or a Jacobian's or Hessian's
// action, as a module in JavaScript, TypeScript, NumPy or PyTorch that computes exactly what
// matdiff derived. `exportCode(result, lang)` is the entry; loading this module also installs it
// as `derivation.code(lang)` and `jacobian.code(lang)` (the engine does not import this layer).
import { Derivation, installCoder } from '../engine/derive.js';
import { Jacobian, installJacobianCoder } from '../engine/jacobian.js';
import { MatdiffError } from '../errors.js';
import { nearest } from '../parse/suggest.js';
import { problemOf } from './plan.js';
import { exportJs } from './js.js';
import { exportPython } from './python.js';
import { CODE_LANGS, type CodeLang, type CodeOptions } from './types.js';

export { CODE_LANGS, type CodeLang, type CodeOptions } from './types.js';
export { VERSION } from './version.js';

/**
 * The source of a module that computes `result` in `lang`: for a derivation, `f` and `fAndG` (the
 * value and every gradient) with `checkGradient`; for a Jacobian, `f` and `jvp` with `checkJvp`;
 * for a Hessian, `f`, `fAndG`, `hvp`, `checkGradient` and `checkHvp` (Python: `check_gradient`,
 * `check_jvp`, `check_hvp`). An operator the exporter cannot write is a MatdiffError('unsupported').
 */
export function exportCode(result: Derivation | Jacobian, lang: CodeLang, opts: CodeOptions = {}): string {
  if (!(result instanceof Derivation) && !(result instanceof Jacobian)) {
    throw new MatdiffError('unsupported', 'exportCode takes the result of derive(), jacobian() or hessian()');
  }
  if (!CODE_LANGS.includes(lang)) {
    const near = nearest(String(lang), CODE_LANGS);
    throw new MatdiffError('parse', `unknown language \`${String(lang)}\` for code export`, { hint: `${near ? `did you mean \`${near}\`? ` : ''}languages: ${CODE_LANGS.join(', ')}` });
  }
  const p = problemOf(result);
  return lang === 'js' || lang === 'ts' ? exportJs(p, lang === 'ts', opts) : exportPython(p, lang, opts);
}

installCoder(exportCode);
installJacobianCoder(exportCode);

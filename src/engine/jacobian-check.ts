// The numeric check of a Jacobian (and of a Hessian, the Jacobian of the gradient), reduced to the
// gradient check every derivation already has: for a random constant C shaped like F,
//   d(C : F) = C : J[dX] = (Jᵀ vec C) : vec dX,  so  ∂(C : F)/∂X = unvec(Jᵀ vec C),
// and C is one more variable the check draws at random (exact rationals where F is rational,
// floats with finite differences otherwise). What is checked is the printed text parsed back,
// so the string a user copies is the one verified; where it parses to another term than the
// engine's (it should not), that term is checked too.
import { mk, type Term } from '../core/term.js';
import * as b from '../core/build.js';
import { isColumn, isRow, isScalarShape } from '../core/shape.js';
import { parseProgram } from '../parse/parser.js';
import { elaborate, KNOWN_FUNCTIONS, type Elaborated } from '../parse/elaborate.js';
import { declarationsOf } from '../parse/declarations.js';
import { canon } from '../simplify/canon.js';
import { checkGradient, type CheckOptions, type CheckResult } from '../check/check.js';
import { vecOf } from './linear-map.js';

/** numerator: J[i, j] = ∂fᵢ/∂xⱼ; denominator: its transpose (the gradient convention) */
export type Layout = 'numerator' | 'denominator';

export interface JacobianClaim {
  readonly el: Elaborated;
  /** the variable */
  readonly x: Term;
  /** the function whose Jacobian it is (for a Hessian: the gradient) */
  readonly f: Term;
  /** the engine's term, in numerator layout */
  readonly numerator: Term;
  /** the printed result, in its layout */
  readonly text: string;
  readonly layout: Layout;
  readonly hessian: boolean;
}


/** the gradient of C : F that a Jacobian J (numerator layout) claims, shaped like x */
function claimedGradient(J: Term, x: Term, C: Term | undefined): Term {
  const v = C ? b.mul(b.transpose(J), vecOf(C)) : b.transpose(J);
  if (isColumn(x.shape)) return v;
  if (isRow(x.shape)) return b.transpose(v);
  return mk('unvec', [v], { shape: x.shape });
}

export function checkJacobian(c: JacobianClaim, opts: CheckOptions): CheckResult {
  const taken = new Set(c.el.vars.keys());
  let cname = c.hessian ? 'V' : 'C';
  for (let i = 2; taken.has(cname); i++) cname = `${c.hessian ? 'V' : 'C'}${i}`;
  const C = isScalarShape(c.f.shape) ? undefined : b.variable(cname, c.f.shape);
  const phi = C ? b.frob(C, c.f) : c.f;
  const vars = new Map(c.el.vars);
  if (C) vars.set(cname, C);
  const read = elaborate(parseProgram(c.text, { knownFunctions: KNOWN_FUNCTIONS }), declarationsOf(c.el.vars), '').fn;
  const printed = c.layout === 'numerator' ? read : b.transpose(read);
  const result = checkGradient(phi, c.x.name!, claimedGradient(printed, c.x, C), vars, opts);
  if (!result.ok || canon(printed) === canon(c.numerator)) return result;
  const engine = checkGradient(phi, c.x.name!, claimedGradient(c.numerator, c.x, C), vars, opts);
  return engine.ok ? result : { ...engine, failure: `the engine's term (its printed form passed): ${engine.failure}` };
}

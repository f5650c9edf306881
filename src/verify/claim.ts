// Judge a claimed gradient: `check(expr, { wrt, vars, claim })`. The claim is read in the
// function's setting (its variables and definitions), the true gradient comes from derive(), and
// the two are compared by src/verify/equal.ts. A wrong claim gets a counterexample at small
// integer values and, where the catalogue of mistakes explains it, a diagnosis.
import type { Term } from '../core/term.js';
import { isScalarShape, sameShape, showShape } from '../core/shape.js';
import { MatdiffError } from '../errors.js';
import { derive, type Derivation } from '../engine/derive.js';
import { toLatex, toText, toUnicode } from '../print/print.js';
import { gradientsOfFunction, read, settingOf, type Setting } from '../engine/setting.js';
import { compare, witnessOf, type Comparison } from './equal.js';
import { counterexample, type Counterexample } from './counterexample.js';
import { diagnose, type Diagnosis } from './diagnose.js';
import { leavesOf, type Leaves } from './points.js';
import { projectGradient, structureOf, type Structure } from '../engine/structure.js';

/** why a claim that is not itself symmetric (diagonal) is still right for a symmetric (diagonal) variable */
function structureNote(s: Structure, X: string, f: string): string {
  if (s === 'symmetric') {
    return `The claim G is not symmetric, but ${X} is declared symmetric: d${X} is symmetric too, so G : d${X} = ½(G + Gᵀ) : d${X}, and ½(G + Gᵀ) equals the gradient. The claim gives the right d${f} for every symmetric d${X}; matdiff writes the gradient as that symmetric matrix.`;
  }
  return `The claim G is not diagonal, but ${X} is declared diagonal: d${X} is diagonal too, so G : d${X} = (I ∘ G) : d${X}, and I ∘ G equals the gradient. The claim gives the right d${f} for every diagonal d${X}; matdiff writes the gradient as that diagonal matrix.`;
}

/**
 * correct: equal for every value (as decided by src/verify/equal.ts); wrong: a point where they
 * differ was found (the counterexample); undecided: neither could be shown — the points tried
 * could not separate the pieces of a piecewise function, or rounding error of terms that cancel
 * was larger than the tolerance at too many of them (`comparison.undecided` says which).
 */
export type Verdict = 'correct' | 'wrong' | 'undecided';

export const verdictOf = (c: Comparison): Verdict => (c.equal ? 'correct' : c.undecided ? 'undecided' : 'wrong');

/**
 * A claimed gradient against the true one (both with the definitions put in): the rule a claim
 * and a chain's identification `G : dW` share. The claim must have a value wherever the gradient
 * has one; for a symmetric (diagonal) variable only the claim's symmetric part (diagonal) counts,
 * and a claim right only there is correct with a note.
 */
export function judgeGradient(claim: Term, truth: Term, variable: Term, fnName: string, leaves: Leaves, seed?: number): { comparison: Comparison; note?: string } {
  if (!sameShape(claim.shape, truth.shape)) return { comparison: { equal: false, method: 'symbolic', points: 0 } };
  const comparison = compare(claim, truth, leaves, { seed, firstDefinedWhereSecond: true });
  // a symmetric (or diagonal) variable: its differential sees only the claim's symmetric part
  // (its diagonal), so a claim whose part agrees gives the right df for every allowed dX
  const structure = structureOf(variable);
  if (structure && !comparison.equal) {
    const part = compare(projectGradient(claim, structure), truth, leaves, { seed });
    if (part.equal) return { comparison: part, note: structureNote(structure, variable.name!, fnName) };
    // the claim differs as a matrix, but whether its part does could not be decided
    if (part.undecided) return { comparison: part };
    // its part differs: wrong; where the claim itself was undecided, the point where its part
    // differs shows the claim differing too (the truth is of the variable's kind)
    return { comparison: comparison.undecided ? part : comparison };
  }
  return { comparison };
}

/** A term in every style a report prints. */
export interface Shown {
  readonly text: string;
  readonly unicode: string;
  readonly latex: string;
  readonly shape: string;
}

export const shown = (t: Term): Shown => ({ text: toText(t), unicode: toUnicode(t), latex: toLatex(t), shape: showShape(t.shape) });

export interface ClaimCheck {
  readonly kind: 'claim';
  readonly verdict: Verdict;
  /** true when the claim is correct */
  readonly ok: boolean;
  /** the function as given, its name, the variable, the declarations */
  readonly source: string;
  readonly fnName: string;
  readonly wrt: string;
  readonly vars: string;
  readonly variables: readonly { readonly name: string; readonly shape: string; readonly facts: readonly string[] }[];
  /** the claim as written, and read (definitions put in) */
  readonly claimSource: string;
  readonly claim: Shown;
  /** matdiff's gradient; `pretty` names shared subterms */
  readonly gradient: Shown & { readonly pretty: string; readonly where: readonly string[] };
  /** how the verdict was reached */
  readonly comparison: Comparison;
  /** said beside a correct verdict: the claim is right only as seen by a symmetric (diagonal) dX */
  readonly note?: string;
  /** why the verdict is undecided */
  readonly undecided?: string;
  readonly diagnosis?: Diagnosis;
  readonly counterexample?: Counterexample;
  /** the check as a report: text (Unicode), md, latex (a standalone document), html or json */
  report(format?: CheckFormat): string;
}

export type CheckFormat = 'text' | 'md' | 'latex' | 'html' | 'json';

export interface ClaimOptions {
  wrt: string;
  vars?: string;
  claim: string;
  /** the seed of the random points */
  seed?: number;
}

/** The gradient of `f` with respect to every variable, for the "wrong variable" diagnosis. */
export function allGradients(f: Term, vars: ReadonlyMap<string, Term>): (name: string) => Term | undefined {
  let grads: Map<string, Term> | undefined;
  return (name) => {
    try {
      grads ??= gradientsOfFunction(f, vars, [...vars.keys()]);
      return grads.get(name);
    } catch {
      return undefined;
    }
  };
}

/** Judge `claim` as ∂f/∂wrt. Throws MatdiffError for bad input (unknown names, shape clashes). */
export function checkClaim(expr: string, opts: ClaimOptions, render: (c: ClaimCheck, f: CheckFormat) => string): ClaimCheck {
  const vars = opts.vars ?? '';
  const wrt = opts.wrt.trim();
  if (!wrt) throw new MatdiffError('unknown-name', 'give the variable the claim is the gradient for: --wrt W');
  let d: Derivation;
  try {
    d = derive(expr, { wrt, vars });
  } catch (e) {
    // undeclared names are column vectors and matrices by convention; row vectors must be declared
    if (e instanceof MatdiffError && e.kind === 'not-scalar' && !e.hint) {
      throw new MatdiffError(e.kind, e.message, { source: e.source, span: e.span, hint: 'undeclared names follow the conventions (a–g scalars, h–z column vectors, A–Z matrices): declare row vectors and other shapes with --vars, as seed 001 does: --vars "y: 1 x N onehot; z: 1 x N"' });
    }
    throw e;
  }
  // the claim is read in the setting derive() elaborated: one reading of the function
  const st: Setting = settingOf(d, vars);
  const g = d.gradient;
  const claimed = read(st, opts.claim, { what: 'the claim' });
  const truth = g.term;
  const f = d.fn;
  const leaves: Leaves = { vars: st.el.vars, diffs: leavesOf(claimed.term, truth).diffs };
  const { comparison, note } = judgeGradient(claimed.term, truth, st.el.vars.get(wrt)!, d.elaborated.fnName, leaves, opts.seed);
  if (comparison.points === 0 && comparison.method !== 'symbolic' && !comparison.undecided) {
    throw new MatdiffError('check', 'no point was found where both the claim and the gradient are defined, so the claim cannot be judged');
  }
  let verdict: Verdict = verdictOf(comparison);
  let diagnosis: Diagnosis | undefined;
  let cex: Counterexample | undefined;
  if (verdict === 'wrong') {
    cex = counterexample(claimed.term, truth, leaves, undefined, witnessOf(comparison), f);
    // wrong is said only with a point that shows it (or shapes that cannot match)
    const visible = cex !== undefined || !sameShape(claimed.term.shape, truth.shape);
    if (visible) diagnosis = diagnose({ claim: claimed.term, truth, wrt, fnName: d.elaborated.fnName, variable: st.el.vars.get(wrt)!, vars: st.el.vars, gradientOf: allGradients(f, st.el.vars), leaves });
    else verdict = 'undecided';
  }
  const p = g.pretty('text');
  const result: ClaimCheck = {
    kind: 'claim',
    verdict,
    ok: verdict === 'correct',
    ...(verdict === 'undecided' ? { undecided: comparison.undecided ?? 'the comparison found the terms to differ, but no point could be found that shows it' } : {}),
    source: expr,
    fnName: d.elaborated.fnName,
    wrt,
    vars,
    variables: [...st.el.vars.values()].map((v) => ({ name: v.name!, shape: isScalarShape(v.shape) ? 'scalar' : `${v.shape.rows}×${v.shape.cols}`, facts: [...(v.data.facts ?? [])] })),
    claimSource: opts.claim,
    claim: shown(claimed.local),
    gradient: { ...shown(truth), pretty: p.expr, where: p.defs.map((x) => `${x.name} = ${x.expr}`) },
    comparison,
    ...(note ? { note } : {}),
    diagnosis,
    counterexample: cex,
    report: (format: CheckFormat = 'text') => render(result, format),
  };
  return result;
}

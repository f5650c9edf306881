// The identification and the fix search of a chain. The identification: the G of a last line
// `G : dW` (or of a line `dE/dW = G`) confirmed against matdiff's own gradient, with the same
// identification and judgement as `check --claim`. The fix: for the first wrong step, the rule
// that would have made it right — the differential of the definition it substituted
// (ds = (s − s∘²) ∘ dv), or the adjoints that move the differential out of a Frobenius product —
// with the catalogue entries it used. Both ask the engine for its differential and identification
// (src/engine/setting.ts, gradientsOf in src/engine/derive.ts).
import type { Term } from '../core/term.js';
import * as b from '../core/build.js';
import { MatdiffError } from '../errors.js';
import { gradientsOf } from '../engine/derive.js';
import { StepLog, type Step } from '../engine/steps.js';
import { CATALOGUE } from '../identities/catalogue.js';
import { replace } from '../engine/rewrite.js';
import { definitionDifferential, gradientsOfFunction, type Parsed, type Setting } from '../engine/setting.js';
import { witnessOf } from './equal.js';
import { counterexample } from './counterexample.js';
import { diagnose, type Diagnosis } from './diagnose.js';
import { leavesOf, type Leaves } from './points.js';
import { allGradients, judgeGradient, shown, verdictOf, type Verdict } from './claim.js';
import type { Side } from './chain-read.js';
import type { Fix, IdentificationCheck, RuleRef } from './chain-types.js';

const ruleRef = (id: string): RuleRef | undefined => {
  const e = CATALOGUE.get(id);
  if (!e) return undefined;
  const equation = e.lhs !== undefined ? `${e.lhs} = ${e.rhs}` : e.fn !== undefined ? `d(${e.fn}) = ${e.rhs}` : undefined;
  return { id, name: e.name, source: e.source, equation };
};
const refs = (steps: readonly Step[]): RuleRef[] => {
  const ids = [...new Set(steps.map((s) => s.rule))].filter((id) => id !== 'adj.sum' && id !== 'd.sum');
  return ids.map(ruleRef).filter((r): r is RuleRef => r !== undefined);
};

/** `G : dX` summands of a line (expanded): the differential of each variable and its G */
function frobForm(t: Term): Map<string, Term> | undefined {
  const parts = t.op === 'add' ? t.args : [t];
  const out = new Map<string, Term[]>();
  for (const p of parts) {
    if (p.op !== 'frob') return undefined;
    const [a, c] = p.args as [Term, Term];
    const [g, d] = c.op === 'dvar' && !a.hasDiff ? [a, c] : a.op === 'dvar' && !c.hasDiff ? [c, a] : [undefined, undefined];
    if (!g || !d) return undefined;
    out.set(d.name!, [...(out.get(d.name!) ?? []), g]);
  }
  return new Map([...out].map(([n, gs]) => [n, gs.length === 1 ? gs[0]! : b.add(...gs)]));
}

export function fixFor(st: Setting, prev: Parsed, cur: Parsed, leaves: Leaves): { fix?: Fix; diagnosis?: Diagnosis } {
  // a definition's differential was put in
  const gone = prev.diffs.filter((n) => st.el.defs.has(n) && !cur.diffs.includes(n));
  if (gone.length) {
    // the differential of each definition in terms of the names it is defined from (ds = (s − s∘²) ∘ dv)
    const subs = gone.map((n) => ({ n, ld: definitionDifferential(st, n) })).filter((x) => x.ld);
    if (subs.length) {
      const map = new Map<Term, Term>(subs.map(({ n, ld }) => [b.dvar(n, st.el.defs.get(n)!.shape), ld!.d]));
      const fixed = replace(prev.local, map);
      return {
        fix: {
          words: `put in ${subs.map(({ n, ld }) => `d${n} = ${shown(ld!.d).unicode}`).join(' and ')}`,
          rules: subs.flatMap(({ ld }) => refs(ld!.steps)),
          line: shown(fixed),
        },
      };
    }
  }
  // the differential was moved out of a Frobenius product
  const form = frobForm(cur.local);
  const inPrev = [...leavesOf(prev.local).diffs.keys()];
  if (form && inPrev.length === form.size && inPrev.every((n) => form.has(n))) {
    try {
      const log = new StepLog();
      // the identification derive() and claims use (a symmetric dX sees ½(G + Gᵀ))
      const asVar = (n: string): Term => st.el.vars.get(n) ?? b.variable(n, st.el.defs.get(n)!.shape);
      const right = gradientsOf(prev.local, new Map(inPrev.map((n) => [n, asVar(n)])), inPrev, log);
      const fixedParts = [...form.keys()].map((n) => b.frob(right.get(n)!, b.dvar(n, asVar(n).shape)));
      const fixedLine = fixedParts.length === 1 ? fixedParts[0]! : b.add(...fixedParts);
      let diagnosis: Diagnosis | undefined;
      if (form.size === 1) {
        const [n, g] = [...form][0]!;
        const truth = right.get(n)!;
        const lv: Leaves = { vars: new Map([...leaves.vars, ...leavesOf(g, truth).vars]), diffs: leaves.diffs };
        const v = st.el.vars.get(n) ?? b.variable(n, truth.shape);
        diagnosis = diagnose({ claim: g, truth, wrt: n, fnName: '(line)', variable: v, vars: new Map([...st.el.vars, [n, v]]), gradientOf: () => undefined, leaves: lv });
      }
      return { fix: { words: `move the differential out with ${refs(log.steps).map((r) => r.name).join(', ') || 'the adjoint rules'}`, rules: refs(log.steps), line: shown(fixedLine) }, diagnosis };
    } catch {
      /* no adjoint for some operator: no rule to offer */
    }
  }
  return {};
}

/**
 * The identification of a chain: a last line G : dW, or a line dE/dW = G (read here, by the
 * chain's `readSide`, once the steps are judged), judged against ∂E/∂W; undefined when the chain
 * ends in neither or names no function.
 */
export function judgeIdentification(
  st: Setting,
  chainSides: readonly Side[],
  parsed: readonly (Parsed | MatdiffError)[],
  claimSide: Side | undefined,
  readSide: (s: Side) => Parsed | MatdiffError,
  vnames: ReadonlySet<string>,
  seed: number | undefined,
): IdentificationCheck | undefined {
  let identification: IdentificationCheck | undefined;
  const head = chainSides[0];
  const fnName = head && /^d([\p{L}_][\p{L}\p{N}_]*)$/u.exec(head.text.trim())?.[1];
  const fnTerm = fnName ? st.el.defs.get(fnName) : undefined;
  const lastParsed = parsed[parsed.length - 1];
  let claimedG: { g: Term; wrt: string; line: number; local?: Term } | undefined;
  if (claimSide) {
    const p = readSide(claimSide);
    if (p instanceof MatdiffError) throw p;
    claimedG = { g: p.term, wrt: claimSide.gradientOf!.wrt, line: claimSide.line, local: p.local };
  } else if (lastParsed && !(lastParsed instanceof MatdiffError)) {
    const form = frobForm(lastParsed.term);
    const local = frobForm(lastParsed.local);
    if (form && form.size === 1) {
      const [wrt, g] = [...form][0]!;
      if (vnames.has(wrt)) claimedG = { g, wrt, line: chainSides[chainSides.length - 1]!.line, local: local?.get(wrt) };
    }
  }
  const fnOfClaim = claimSide ? st.el.defs.get(claimSide.gradientOf!.fn) ?? fnTerm : fnTerm;
  if (claimedG && fnOfClaim && vnames.has(claimedG.wrt)) {
    const name = claimSide?.gradientOf?.fn ?? fnName!;
    const v = st.el.vars.get(claimedG.wrt)!;
    // the same identification and the same judgement as `check --claim`
    const truth = gradientsOfFunction(fnOfClaim, st.el.vars, [claimedG.wrt]).get(claimedG.wrt)!;
    const lv: Leaves = { vars: st.el.vars, diffs: new Map() };
    const { comparison, note } = judgeGradient(claimedG.g, truth, v, name, lv, seed);
    const cex = verdictOf(comparison) === 'wrong' ? counterexample(claimedG.g, truth, lv, undefined, witnessOf(comparison), fnOfClaim) : undefined;
    const verdict: Verdict = comparison.equal ? 'correct' : cex || comparison.points === 0 ? 'wrong' : 'undecided';
    identification = {
      fnName: name,
      wrt: claimedG.wrt,
      claimed: shown(claimedG.local ?? claimedG.g),
      gradient: shown(truth),
      line: claimedG.line,
      verdict,
      comparison,
      ...(note ? { note } : {}),
      diagnosis: verdict === 'wrong' ? diagnose({ claim: claimedG.g, truth, wrt: claimedG.wrt, fnName: name, variable: v, vars: st.el.vars, gradientOf: allGradients(fnOfClaim, st.el.vars), leaves: lv }) : undefined,
      counterexample: cex,
    };
  }
  return identification;
}

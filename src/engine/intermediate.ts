// Gradients and Jacobians with respect to an intermediate (seed 001's ∂L/∂z for z = W*x + b): the
// graph is cut at that name. The statement that defines it is taken out and the name becomes a
// variable of the same shape, declared; every later use of the name sees that variable. What lies
// below the cut (W, x, b) is held fixed, which is what ∂L/∂z means in backpropagation. The cut is
// made on the program, so the derivation, its check and its report are those of the cut program
// (its source reads `L = …` with z declared), and nothing downstream needs to know.
import type { Declaration, Program } from '../parse/ast.js';
import { declarationOf } from '../parse/declarations.js';
import type { Elaborated } from '../parse/elaborate.js';
import { MatdiffError } from '../errors.js';
import { leafNames, type Term } from '../core/term.js';

/** the intermediates among `names` (defined by a statement, not variables) */
export const intermediates = (el: Elaborated, names: readonly string[]): string[] => names.filter((n) => !el.vars.has(n) && el.defs.has(n));

export interface CutProgram {
  /** the program without the statements that defined the cut names */
  readonly source: string;
  /** the declarations: the user's, every variable's shape as the whole program gave it, and the cut names */
  readonly decls: Declaration[];
}

/** The program cut at the intermediates `names` (see above). */
export function cutProgram(program: Program, el: Elaborated, decls: readonly Declaration[], names: readonly string[]): CutProgram {
  const cut = new Set(intermediates(el, names));
  const last = program.statements[program.statements.length - 1]!;
  if (last.name !== undefined && cut.has(last.name)) {
    throw new MatdiffError('unknown-name', `\`${last.name}\` is the function itself: its derivative with respect to itself is the identity`, {
      hint: `differentiate with respect to a variable or an earlier definition: ${[...el.vars.keys(), ...[...el.defs.keys()].filter((n) => n !== last.name)].join(', ')}`,
    });
  }
  const src = (s: Program['statements'][number]) => program.source.slice(s.expr.span.start, s.expr.span.end);
  const kept = program.statements.filter((s) => s.name === undefined || !cut.has(s.name));
  const source = kept.map((s) => (s.name !== undefined ? `${s.name} = ${src(s)}` : src(s))).join('; ');
  const declared = new Set(decls.map((d) => d.name));
  const out: Declaration[] = [...decls];
  // the shapes the whole program gave: the statement taken out may have been what fixed them
  for (const v of el.vars.values()) if (!declared.has(v.name!)) out.push(declarationOf(v.name!, v.shape, v.data.facts ?? []));
  for (const name of cut) {
    const t = el.defs.get(name)!;
    out.push(declarationOf(name, t.shape));
  }
  return { source, decls: out };
}

/** the names of the variables a term uses */
export const usedVariables = (t: Term): Set<string> => leafNames(t, (u) => u.op === 'var');

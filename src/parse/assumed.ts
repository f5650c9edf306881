// What a result says about the names the user did not declare: the shape each was given and why
// (the letter convention, or the use that decided: `b is n×1 (inferred from its use in A*x - b)`),
// with the declarations that would say it explicitly. Computed by the elaborator
// (src/parse/elaborate.ts, `Elaborated.conventions`), printed by `matdiff derive` and carried by
// the Derivation (src/engine/derive.ts), which also adds it to a not-a-scalar error.
import type { Term } from '../core/term.js';
import { type Shape, isScalarShape, showShape } from '../core/shape.js';
import { quote, type Ctx } from './elab-context.js';
import { letterConvention, type Kind } from './conventions.js';

export interface Assumed {
  readonly name: string;
  readonly shape: Shape;
  /** `letter convention: a–g are scalars`, `inferred from its use in A*x - b` */
  readonly why: string;
}

const kindOf = (s: Shape): Kind | 'row' => (isScalarShape(s) ? 'scalar' : s.cols === '1' ? 'vector' : s.rows === '1' ? 'row' : 'matrix');

/** every undeclared variable of an elaboration, with its shape and why it has it */
export function assumedShapes(c: Ctx, vars: ReadonlyMap<string, Term>): Assumed[] {
  const out: Assumed[] = [];
  for (const [name, v] of vars) {
    if (c.declared.has(name)) continue;
    const decided = c.decisions.get(name);
    const conv = letterConvention(name);
    let why: string;
    if (decided) why = `inferred from its use in ${decided.use}`;
    else if (kindOf(v.shape) === conv.kind) why = `letter convention: ${conv.rule}`;
    else {
      // a use fixed a dimension the convention left open (t*x makes x 1×1)
      const s = c.shapes.get(name);
      const origin = s && [s.rows, s.cols].map((d) => c.u.originOf(d)).find((o) => o !== undefined);
      why = origin ? `inferred from its use in ${quote(c, origin.node)}` : 'inferred from its use';
    }
    out.push({ name, shape: v.shape, why });
  }
  return out;
}

/** the declaration that gives a name this shape: `b: n`, `a: scalar`, `A: n x m` */
export function declarationOf(a: Pick<Assumed, 'name' | 'shape'>): string {
  const s = a.shape;
  if (isScalarShape(s)) return `${a.name}: scalar`;
  if (s.cols === '1') return `${a.name}: ${s.rows}`;
  return `${a.name}: ${s.rows} x ${s.cols}`;
}

const shapeWords = (s: Shape) => (isScalarShape(s) ? 'a scalar' : showShape(s));

/**
 * One line for a result: `b is n×1 (inferred from its use in A*x - b); a is a scalar (letter
 * convention: a–g are scalars) — declare with --vars "b: n; a: scalar" to change`. Empty when
 * every name was declared.
 */
export function assumedLine(list: readonly Assumed[]): string {
  if (list.length === 0) return '';
  const said = list.map((a) => `${a.name} is ${shapeWords(a.shape)} (${a.why})`).join('; ');
  return `${said} — declare with --vars "${list.map(declarationOf).join('; ')}" to change`;
}

/**
 * For an error that the function is not a scalar: the undeclared names taken as scalars by the
 * letter convention (the usual cause: a'*X*b with a, b declared nowhere), and how to declare them.
 */
export function notScalarNote(list: readonly Assumed[]): string | undefined {
  const scalars = list.filter((a) => isScalarShape(a.shape) && a.why.startsWith('letter convention'));
  if (scalars.length === 0) return undefined;
  const names = scalars.map((a) => a.name);
  const rules = [...new Set(scalars.map((a) => a.why.replace('letter convention: ', '')))].join('; ');
  const list_ = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  const dims = ['n', 'm', 'k', 'p', 'q', 'r'];
  return `${list_} ${names.length === 1 ? 'was' : 'were'} taken as ${names.length === 1 ? 'a scalar' : 'scalars'} by the letter convention (${rules}); if ${names.length === 1 ? 'it is a vector, declare it' : 'they are vectors, declare them'}: --vars "${names.map((n, i) => `${n}: ${dims[i % dims.length]}`).join('; ')}"`;
}

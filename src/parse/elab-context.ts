// What both passes of elaboration share: the state of one elaboration (the source, the unifier,
// the shapes of names so far) and the way a mistake in it is reported, with a caret under the
// operator. Kept apart so that shape inference, term building and the limits on sizes each
// report alike without importing one another.
import type { Ast, Declaration } from './ast.js';
import { MatdiffError, type Span } from '../errors.js';
import { ShapeClash, type Shape } from '../core/shape.js';
import { FUNCTIONS } from '../ops/index.js';
import type { Unifier } from './unify.js';

/** Calls whose arguments are dimensions, not expressions. */
export const DIM_CALLS = new Set(['ones', 'zeros', 'I', 'eye']);
export const KNOWN_FUNCTIONS: readonly string[] = [...FUNCTIONS.keys(), ...DIM_CALLS];

export interface Ctx {
  source: string;
  u: Unifier;
  /** shapes of names during pass 1 */
  shapes: Map<string, Shape>;
  declared: Map<string, Declaration>;
  /** which names are variables (not definitions) */
  varNames: Set<string>;
}

export const text = (c: Ctx, s: Span) => c.source.slice(s.start, s.end);

export function clash(c: Ctx, e: unknown, op: string, node: Ast, operands: readonly Ast[]): never {
  if (e instanceof ShapeClash) {
    const names = operands.map((o) => text(c, o.span));
    // dimensions still being inferred show as what they are known to equal, else as `?`
    const explained = e.explain(names).replace(/\?\d+/g, (d) => c.u.find(d).replace(/\?\d+/g, '?'));
    throw new MatdiffError('shape', `shape clash at \`${op}\` in \`${text(c, node.span)}\`: ${explained}`, {
      source: c.source,
      span: node.kind === 'binary' ? node.opSpan : node.span,
      hint: explained.includes('?') ? 'a `?` dimension is not fixed by anything: undeclared names a–g are scalars, h–z column vectors, A–Z matrices (declare them with --vars)' : undefined,
    });
  }
  throw e;
}

/** `text` of a node, shortened for a message */
export function quote(c: Ctx, node: Ast): string {
  const s = text(c, node.span);
  return s.length > 60 ? `${s.slice(0, 40)}…${s.slice(-12)}` : s;
}

export const where = (node: Ast): Span => (node.kind === 'binary' ? node.opSpan : node.span);

export function limit(c: Ctx, span: Span, message: string, hint: string): never {
  throw new MatdiffError('limit', message, { source: c.source, span, hint });
}

// What both passes of elaboration share: the state of one elaboration (the source, the unifier,
// the shapes of names so far) and the way a mistake in it is reported, with a caret under the
// operator. Kept apart so that shape inference, term building and the limits on sizes each
// report alike without importing one another.
import type { Ast, Declaration } from './ast.js';
import { MatdiffError, type Span } from '../errors.js';
import { ShapeClash, type Shape } from '../core/shape.js';
import { FUNCTIONS } from '../ops/index.js';
import type { Unifier } from './unify.js';
import { letterConvention, type Decision } from './conventions.js';

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
  /** where a use overrode the letter convention: in earlier rounds, or (exponents) in this one */
  decisions: Map<string, Decision>;
  /** scalar-convention names a use of this round decided otherwise: the shapes are worked out again */
  fresh: Map<string, Decision>;
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
      hint: conventionNote(c, operands) ?? (explained.includes('?') ? GENERIC_HINT : undefined),
    });
  }
  throw e;
}

const GENERIC_HINT = 'a `?` dimension is not fixed by anything: undeclared names a–g are scalars, h–z column vectors, A–Z matrices (declare them with --vars)';

function namesIn(node: Ast, out: Set<string>): Set<string> {
  if (node.kind === 'name') out.add(node.name);
  else if (node.kind === 'call') node.args.forEach((a) => namesIn(a, out));
  else if (node.kind === 'binary') (namesIn(node.left, out), namesIn(node.right, out));
  else if (node.kind === 'neg' || node.kind === 'transpose') namesIn(node.arg, out);
  return out;
}

const PLACEHOLDER_DIMS = ['n', 'm', 'k', 'p', 'q', 'r'];
const and = (xs: readonly string[]) => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);

/**
 * What the letter convention, or a use, made of the undeclared names in `nodes`, and how to declare
 * them: the words an error involving them adds (`a and b were taken as scalars by the letter
 * convention (a–g are scalars); declare them: --vars "a: n; b: m"`). Undefined when every name
 * there is declared or defined.
 */
export function conventionNote(c: Ctx, nodes: readonly Ast[]): string | undefined {
  const names = [...nodes.reduce((s, n) => namesIn(n, s), new Set<string>())].filter((n) => c.varNames.has(n) && !c.declared.has(n) && c.shapes.has(n));
  if (names.length === 0) return undefined;
  const said: string[] = [];
  const byRule = new Map<string, string[]>();
  for (const n of names) {
    const d = c.decisions.get(n);
    if (d?.as === 'like') said.push(`${n} was taken to have the shape of the other side in ${d.use} (an undeclared a–g name added to a vector or matrix)`);
    else if (d) said.push(`${n} was taken as ${kindNow(c, n)} from its use in ${d.use}`);
    else {
      const conv = letterConvention(n);
      const key = `${conv.kind}\u0000${conv.rule}`;
      byRule.set(key, [...(byRule.get(key) ?? []), n]);
    }
  }
  const scalars: string[] = [];
  for (const [key, ns] of byRule) {
    const [kind, rule] = key.split('\u0000') as [string, string];
    if (kind === 'scalar') scalars.push(...ns);
    const plural = ns.length > 1;
    const what = kind === 'scalar' ? (plural ? 'scalars' : 'a scalar') : kind === 'vector' ? (plural ? 'column vectors' : 'a column vector') : plural ? 'matrices' : 'a matrix';
    said.push(`${and(ns)} ${plural ? 'were' : 'was'} taken as ${what} by the letter convention (${rule})`);
  }
  const example = scalars.length
    ? `declare ${scalars.length > 1 ? 'them' : 'it'} if not: --vars "${scalars.map((n, i) => `${n}: ${PLACEHOLDER_DIMS[i % PLACEHOLDER_DIMS.length]}`).join('; ')}"`
    : 'declare the names with --vars to give them other shapes';
  return `${said.join('; ')}; ${example}`;
}

/** the kind a name has now, in words */
function kindNow(c: Ctx, name: string): string {
  const s = c.shapes.get(name)!;
  const rows = c.u.find(s.rows);
  const cols = c.u.find(s.cols);
  if (rows === '1' && cols === '1') return 'a scalar';
  if (cols === '1') return 'a column vector';
  if (rows === '1') return 'a row vector';
  return 'a matrix';
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

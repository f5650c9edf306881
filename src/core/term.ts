// Terms are immutable, interned values: building the same structure twice returns the same
// object, so structural equality is identity (===) and every pass can memoize on `id`.
import { Fraction } from './fraction.js';
import { type Shape, type ShapeCtx, strictShapes, type Dim } from './shape.js';

/** how deep a user's function may nest (through definitions too) before matdiff refuses it */
export const MAX_TERM_DEPTH = 1500;

/**
 * What a declaration says of a variable beyond its shape. `onehot` and `prob` make entries sum to
 * 1 along an axis: each column of a matrix or a column vector (𝟏ᵀY = 𝟏ᵀ), a row vector as a whole;
 * `onehot-rows` and `prob-rows` (declared `onehot rows`, `prob rows`) each row of a matrix (Y𝟏 = 𝟏).
 * A one-hot column or row has a single 1, the rest 0; a prob one positive entries (so `prob`
 * implies `positive`). The axis is read off the shape by src/core/facts.ts.
 */
export type Fact = 'symmetric' | 'spd' | 'diagonal' | 'positive' | 'onehot' | 'onehot-rows' | 'prob' | 'prob-rows';
export const FACTS: readonly Fact[] = ['symmetric', 'spd', 'diagonal', 'positive', 'onehot', 'onehot-rows', 'prob', 'prob-rows'];

export interface TermData {
  readonly name?: string; // var, dvar
  readonly value?: Fraction; // num
  readonly facts?: readonly Fact[]; // var (sorted)
  readonly shape?: Shape; // leaves whose shape is not derived from arguments
  readonly dims?: readonly Dim[]; // the dimension arguments a shape alone does not keep (commutation(m, n))
}

/** Hook set by the printer so that `String(term)` prints matdiff syntax without an import cycle. */
let textPrinter: (t: Term) => string = (t) => `<${t.op}#${t.id}>`;
export function setTextPrinter(p: (t: Term) => string): void {
  textPrinter = p;
}

export class Term {
  constructor(
    readonly id: number,
    readonly op: string,
    readonly args: readonly Term[],
    readonly shape: Shape,
    readonly data: TermData,
    /** the term contains a differential leaf (dvar) */
    readonly hasDiff: boolean,
    /** structural hash, independent of the order terms were created in */
    readonly hash: number,
    /** height of the term tree (leaves are 1): recursive passes are safe below MAX_TERM_DEPTH */
    readonly depth: number,
  ) {
    Object.freeze(this);
  }
  get name(): string | undefined {
    return this.data.name;
  }
  get value(): Fraction | undefined {
    return this.data.value;
  }
  /** the variable declares f, or a fact that implies it (a prob variable's entries are positive) */
  hasFact(f: Fact): boolean {
    const fs = this.data.facts;
    if (!fs) return false;
    return fs.includes(f) || (f === 'positive' && (fs.includes('prob') || fs.includes('prob-rows')));
  }
  toString(): string {
    return textPrinter(this);
  }
}

/**
 * The operator registry of the core layer. What term construction needs to know of an operator is
 * its shape rule; the rest of an operator's record (differential, adjoint, evaluation, printing)
 * lives in src/ops/. The records import this layer's constructors (src/core/build.ts), so this
 * layer cannot import them: src/ops/index.ts, the operator table, registers every record's shape
 * rule here when it is loaded, and every entry (src/index.ts, the command, the scripts) imports
 * it before building a term.
 */
export type ShapeRule = (args: readonly Shape[], ctx: ShapeCtx, data: TermData) => Shape;
const shapeRules = new Map<string, ShapeRule>();
export function registerShapeRule(op: string, rule: ShapeRule): void {
  shapeRules.set(op, rule);
}

const table = new Map<string, Term>();
let nextId = 1;

function hashString(s: string, h = 0x811c9dc5): number {
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function dataKey(d: TermData): string {
  const parts: string[] = [];
  if (d.name !== undefined) parts.push(`n=${d.name}`);
  if (d.value !== undefined) parts.push(`v=${d.value.toFraction()}`);
  if (d.facts && d.facts.length) parts.push(`f=${d.facts.join(',')}`);
  if (d.shape) parts.push(`s=${d.shape.rows}x${d.shape.cols}`);
  if (d.dims) parts.push(`d=${d.dims.join(',')}`);
  return parts.join(';');
}

/**
 * The one way to make a term: checks the shape with the operator's rule (throws ShapeClash),
 * then returns the interned instance.
 */
export function mk(op: string, args: readonly Term[], data: TermData = {}): Term {
  const dk = dataKey(data);
  const key = `${op}(${args.map((a) => a.id).join(',')})${dk}`;
  const found = table.get(key);
  if (found) return found;
  const rule = shapeRules.get(op);
  if (!rule) {
    throw new Error(
      shapeRules.size === 0
        ? `matdiff internal: no operator is registered (building '${op}'); import src/ops/index.ts, or the public entry src/index.ts, first`
        : `matdiff internal: no operator '${op}'`,
    );
  }
  const sh = rule(
    args.map((a) => a.shape),
    strictShapes,
    data,
  );
  const frozenShape = Object.freeze({ rows: sh.rows, cols: sh.cols });
  let h = hashString(op + '|' + dk);
  for (const a of args) h = Math.imul(h ^ a.hash, 0x9e3779b1) >>> 0;
  const hasDiff = op === 'dvar' || args.some((a) => a.hasDiff);
  const frozenData = Object.freeze({ ...data });
  const depth = 1 + args.reduce((m, a) => Math.max(m, a.depth), 0);
  const t = new Term(nextId++, op, Object.freeze([...args]), frozenShape, frozenData, hasDiff, h, depth);
  table.set(key, t);
  return t;
}

export function dimsOf(t: Term): Dim[] {
  return [t.shape.rows, t.shape.cols];
}

export const frac = (n: number | string, d?: number): Fraction => (d === undefined ? new Fraction(n) : new Fraction(n as number, d));

/** the names of the leaves of t that `keep` selects (variables, differentials), each subterm visited once */
export function leafNames(t: Term, keep: (leaf: Term) => boolean): Set<string> {
  const names = new Set<string>();
  const seen = new Set<Term>();
  const stack = [t];
  while (stack.length) {
    const u = stack.pop()!;
    if (seen.has(u)) continue;
    seen.add(u);
    if (u.name !== undefined && keep(u)) names.add(u.name);
    stack.push(...u.args);
  }
  return names;
}

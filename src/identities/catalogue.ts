// The identity catalogue: every rule matdiff uses, as data in matdiff syntax (identities/*.json).
// This module is the one place that reads those files; the reports take each step's words and
// source from here, docs/identities.md is generated from here, and test/identities.test.ts checks
// every entry numerically. One source of truth for ids, explanations and sources.
import { CATALOGUE_FILES } from './files.js';

/** One identity. Either an equality `lhs = rhs`, or a differential rule `d fn = rhs` (fn + wrt). */
export interface Identity {
  /** stable id; the engine's steps carry it (`d.product`, `adj.hadamard`, `simplify`) */
  readonly id: string;
  /** a short name for a step line: "product rule" */
  readonly name: string;
  /** the catalogue file it lives in: `differentials`, `adjoints`, ... */
  readonly family: string;
  /** left side of an equality (matdiff syntax) */
  readonly lhs?: string;
  /** for a differential rule: the function whose differential `rhs` is */
  readonly fn?: string;
  /** for a differential rule: the variables that vary; `dX` in rhs is the differential of X */
  readonly wrt?: readonly string[];
  /** right side (matdiff syntax); names dX stand for differentials */
  readonly rhs: string;
  /** declarations, with facts: `A: n x k; X: k x m; B: m x p` */
  readonly vars: string;
  /** when it holds, in words ("X invertible"), where that is not already in `vars` */
  readonly when?: string;
  /** one line in plain words */
  readonly explain: string;
  /** "Matrix Cookbook (37)", "Magnus–Neudecker ch. 8" or "definition" */
  readonly source: string;
  /**
   * `"simplify": true`: the engine applies this equality as a rewrite lhs → rhs after the
   * canonical form (src/simplify/rules.ts); its variables are pattern variables, their shapes and
   * facts the guards. Only for an equality (`lhs`), never with `reference`.
   */
  readonly simplify?: boolean;
  /** `"reference": true`: documented and checked, but applied by no part of the engine */
  readonly reference?: boolean;
}

export interface Family {
  readonly family: string;
  readonly title: string;
  readonly about: string;
  readonly entries: readonly Identity[];
}

const SOURCE = /^(Matrix Cookbook \(\d+\)(, \(\d+\))*|Magnus–Neudecker ch\. \d+|definition)$/;
const ID = /^[a-z][a-zA-Z0-9-]*(\.[a-zA-Z][a-zA-Z0-9-]*)*$/;

function fail(file: string, what: string): never {
  throw new Error(`identities/${file}: ${what}`);
}

function str(file: string, id: string, o: Record<string, unknown>, key: string, required: boolean): string | undefined {
  const v = o[key];
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'string' || v.trim() === '') fail(file, `entry ${id}: \`${key}\` must be a non-empty string`);
  return v;
}

/** Validate one raw entry: the shape of the data is checked here, its truth by the test. */
function toIdentity(file: string, family: string, raw: unknown): Identity {
  if (typeof raw !== 'object' || raw === null) fail(file, 'an entry is not an object');
  const o = raw as Record<string, unknown>;
  const id = str(file, '?', o, 'id', true)!;
  if (!ID.test(id)) fail(file, `id \`${id}\` is not of the form family.name`);
  const known = new Set(['id', 'name', 'lhs', 'fn', 'wrt', 'rhs', 'vars', 'when', 'explain', 'source', 'simplify', 'reference']);
  for (const k of Object.keys(o)) if (!known.has(k)) fail(file, `entry ${id}: unknown field \`${k}\``);
  const lhs = str(file, id, o, 'lhs', false);
  const fn = str(file, id, o, 'fn', false);
  const wrtText = str(file, id, o, 'wrt', false);
  if ((lhs === undefined) === (fn === undefined)) fail(file, `entry ${id}: give either \`lhs\` (an equality) or \`fn\` and \`wrt\` (a differential rule)`);
  if ((fn === undefined) !== (wrtText === undefined)) fail(file, `entry ${id}: \`fn\` and \`wrt\` go together`);
  const source = str(file, id, o, 'source', true)!;
  if (!SOURCE.test(source)) fail(file, `entry ${id}: source \`${source}\` must read "Matrix Cookbook (NN)", "Magnus–Neudecker ch. N" or "definition"`);
  const explain = str(file, id, o, 'explain', true)!;
  for (const k of ['simplify', 'reference']) if (o[k] !== undefined && o[k] !== true) fail(file, `entry ${id}: \`${k}\` is either absent or true`);
  if (o.simplify && o.reference) fail(file, `entry ${id}: an entry the engine applies (\`simplify\`) is not reference only`);
  if (o.simplify && lhs === undefined) fail(file, `entry ${id}: a simplification rule is an equality (\`lhs\`)`);
  if (explain.includes('\n')) fail(file, `entry ${id}: the explanation is one line`);
  return {
    id,
    name: str(file, id, o, 'name', true)!,
    family,
    lhs,
    fn,
    wrt: wrtText?.split(/[\s,]+/).filter(Boolean),
    rhs: str(file, id, o, 'rhs', true)!,
    vars: str(file, id, o, 'vars', true)!,
    when: str(file, id, o, 'when', false),
    explain,
    source,
    ...(o.simplify ? { simplify: true } : {}),
    ...(o.reference ? { reference: true } : {}),
  };
}

/** the order the families are read and documented in; other files follow alphabetically */
const ORDER = ['differentials', 'adjoints', 'method', 'trace', 'transpose', 'hadamard-diag', 'inverse-det', 'elementwise'];
const rank = (f: string) => {
  const k = ORDER.indexOf(f.replace(/\.json$/, ''));
  return k < 0 ? ORDER.length : k;
};

/** Validate the catalogue's files (their names and parsed contents) into families, in ORDER. */
export function load(files: Readonly<Record<string, unknown>>): Family[] {
  const names = Object.keys(files).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const seen = new Map<string, string>();
  return names.map((file) => {
    const d = files[file] as { title?: unknown; about?: unknown; entries?: unknown };
    if (typeof d.title !== 'string' || typeof d.about !== 'string' || !Array.isArray(d.entries)) fail(file, 'expected { "title", "about", "entries": [...] }');
    const family = file.replace(/\.json$/, '');
    const entries = d.entries.map((e) => toIdentity(file, family, e));
    for (const e of entries) {
      const other = seen.get(e.id);
      if (other) fail(file, `id \`${e.id}\` is already used in identities/${other}`);
      seen.set(e.id, file);
    }
    return { family, title: d.title, about: d.about, entries };
  });
}

/** The catalogue, by family, in file order. */
export const FAMILIES: readonly Family[] = load(CATALOGUE_FILES);

/** Every entry by id. */
export const CATALOGUE: ReadonlyMap<string, Identity> = new Map(FAMILIES.flatMap((f) => f.entries.map((e) => [e.id, e] as [string, Identity])));

/** The entry for a rule id; a rule without an entry is an error (the test keeps this from happening). */
export function identity(id: string): Identity {
  const e = CATALOGUE.get(id);
  if (!e) throw new Error(`matdiff internal: rule \`${id}\` has no entry in identities/`);
  return e;
}

/** How a step names its rule: "product rule (Matrix Cookbook (37))". */
export function citation(id: string): string {
  const e = identity(id);
  return `${e.name} (${e.source})`;
}

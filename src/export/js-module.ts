// The names, inputs and workspace of one exported JavaScript (TypeScript) module: every identifier
// is claimed here (the user's names first), the dimensions and variables are read and guarded,
// and the intermediate arrays the bodies store are collected into one workspace.
import type { Term } from '../core/term.js';
import { isScalarShape, type Dim, type Shape } from '../core/shape.js';
import type { JsBody, ModuleContext } from './js-lower.js';
import { HELPER_NAMES } from './js-runtime.js';
import { atom, type Expr, P, times } from './js-expr.js';
import { JS_RESERVED, Namer, literal } from './names.js';
import type { Problem, Variable } from './plan.js';
import { NodeNames } from './node-names.js';

const MODULE_NAMES = ['f', 'fAndG', 'jvp', 'hvp', 'checkGradient', 'checkJvp', 'checkHvp', 'workspace', 'cache', 'Vars', 'Dims', 'Gradient', 'Result', 'Workspace', 'CheckOptions', 'vars', 'dims', 'out'];

const isIdentifier = (s: string) => /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(s) && !JS_RESERVED.includes(s);
/** `vars.W`, or `vars["α"]` for a name that is no plain identifier */
export const member = (obj: string, key: string, optional = false): string => (isIdentifier(key) ? `${obj}${optional ? '?.' : '.'}${key}` : `${obj}${optional ? '?.' : ''}[${literal(key)}]`);
export const objectKey = (key: string): string => (isIdentifier(key) ? key : literal(key));

/** the words of a shape in a size message: `n×m, row-major`, `n×1, a column vector` */
export function shapeText(s: Shape): string {
  if (s.cols === '1') return `${s.rows}×1, a column vector`;
  if (s.rows === '1') return `1×${s.cols}, a row vector`;
  return `${s.rows}×${s.cols}, row-major`;
}

export class JsModule implements ModuleContext {
  private readonly namer = new Namer([...JS_RESERVED, ...HELPER_NAMES, ...MODULE_NAMES]);
  readonly inputs = new Map<string, string>();
  private readonly dims = new Map<string, string>();
  private readonly names: NodeNames;
  readonly buffers = new Map<string, Expr>();
  private readonly scratches = new Map<string, string>();
  readonly helpers = new Set<string>();
  readonly loop: ModuleContext['loop'];
  readonly direction?: string;
  readonly param?: string;

  constructor(readonly p: Problem, readonly ts: boolean) {
    for (const v of p.vars) this.inputs.set(v.name, this.namer.claim(v.name));
    for (const d of p.dims) this.dims.set(d, this.namer.claim(d));
    // the user's names for intermediates, in the program's order, before any generated name
    this.names = new NodeNames(this.namer, p.userNames, this.inputs);
    this.names.claimUserNames();
    if (p.action) {
      this.param = this.namer.claim('v');
      this.direction = this.namer.claim(p.action.direction.name);
      this.inputs.set(p.action.direction.name, this.direction);
    }
    const c = (s: string) => this.namer.claim(s);
    this.loop = { i: c('i'), j: c('j'), k: c('k'), acc: c('acc'), aik: c('aik'), ws: c('ws') };
  }
  claim(base: string): string {
    return this.namer.claim(base);
  }
  nodeName(t: Term): string {
    return this.names.name(t);
  }
  inputName(t: Term): string {
    return this.names.input(t);
  }
  userNamed(t: Term): boolean {
    return this.p.userNames.has(t);
  }
  dim(d: Dim): Expr {
    const parts = d.split('*').map((f) => (/^\d+$/.test(f) ? f : this.dims.get(f)!));
    return parts.length === 1 ? atom(parts[0]!) : { e: parts.join(' * '), p: P.mul };
  }
  buffer(name: string, size: Expr): void {
    this.buffers.set(name, size);
  }
  scratch(t: Term, base: string, size: Expr): string {
    const key = `${t.id}:${base}`;
    let name = this.scratches.get(key);
    if (!name) {
      name = this.namer.claim(`${this.nodeName(t)}_${base}`);
      this.scratches.set(key, name);
      this.buffers.set(name, size);
    }
    return name;
  }
  use(helper: string): void {
    this.helpers.add(helper);
  }
  t(type: string): string {
    return this.ts ? `: ${type}` : '';
  }
  /** the number of entries of a value of shape s: rows × columns, in that order */
  size(s: Shape): Expr {
    return times(this.dim(s.rows), this.dim(s.cols));
  }
  /** name node t (a result's own name) */
  setName(t: Term, name: string): void {
    this.names.set(t, name);
  }
  /** `readArray(vars?.W, 'W', n * m, 'n*m', 'n×m, row-major')` */
  readCall(value: string, label: string, s: Shape): string {
    this.use('readArray');
    const text = s.cols === '1' ? s.rows : s.rows === '1' ? s.cols : `${s.rows}*${s.cols}`;
    return `readArray(${value}, ${literal(label)}, ${this.size(s).e}, ${literal(text)}, ${literal(shapeText(s))})`;
  }
  /** the lines that read the dimensions and the variables */
  prologue(): string[] {
    const lines: string[] = [];
    for (const [d, local] of this.dims) {
      this.use('readDim');
      lines.push(`const ${local} = readDim(${member('dims', d, true)}, ${literal(d)});`);
    }
    for (const v of this.p.vars) lines.push(`const ${this.inputs.get(v.name)} = ${this.readInput(v, member('vars', v.name, true), v.name)};`);
    return lines;
  }
  readInput(v: Variable, value: string, label: string): string {
    if (isScalarShape(v.term.shape)) {
      this.use('readScalar');
      return `readScalar(${value}, ${literal(label)})`;
    }
    return this.readCall(value, label, v.term.shape);
  }
  /** `const ws = workspace(n, m);` where a body stores arrays */
  workspaceLine(body: JsBody): string[] {
    const used = body.lines.some((l) => l.includes(`${this.loop.ws}.`));
    return used ? [`const ${this.loop.ws} = workspace(${[...this.dims.values()].join(', ')});`] : [];
  }
  /** the workspace: intermediate arrays, kept between calls, made again when a dimension changes */
  workspaceSource(): string[] {
    if (this.buffers.size === 0) return [];
    const dims = [...this.dims.values()];
    const t = (x: string) => this.t(x);
    const lines: string[] = [];
    if (this.ts) {
      lines.push('interface Workspace {', ...dims.map((d) => `  readonly ${d}: number;`), ...[...this.buffers.keys()].map((b) => `  readonly ${b}: Float64Array;`), '}', '');
    }
    lines.push('/** the intermediate arrays, kept between calls and made again when a dimension changes */');
    lines.push(`let cache${t('Workspace | undefined')};`);
    lines.push(`function workspace(${dims.map((d) => `${d}${t('number')}`).join(', ')})${t('Workspace')} {`);
    const stale = dims.length ? ` || ${dims.map((d) => `cache.${d} !== ${d}`).join(' || ')}` : '';
    lines.push(`  if (cache === undefined${stale}) {`);
    lines.push('    cache = {');
    for (const d of dims) lines.push(`      ${d},`);
    for (const [name, size] of this.buffers) lines.push(`      ${name}: new Float64Array(${size.e}),`);
    lines.push('    };');
    lines.push('  }');
    lines.push('  return cache;');
    lines.push('}');
    return lines;
  }
}


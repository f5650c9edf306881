// The whole state of the playground page, and its form in the URL hash, so that a link reproduces
// the page: `#fn=<function>&vars=<declarations>&wrt=<name>&what=gradient|jacobian|hessian&claim=<answer>`
// (URLSearchParams encoding: `+` for a space, %XX for the rest). An absent key takes its default;
// an unknown `what` is a gradient. docs/playground.md describes the format.

export const WHATS = ['gradient', 'jacobian', 'hessian'] as const;
export type What = (typeof WHATS)[number];

export interface State {
  /** the function, matdiff syntax (definitions then the function, `;` or new lines) */
  fn: string;
  /** declarations: `W: n x m; x: m; y: n` */
  vars: string;
  /** the variable to differentiate with respect to ('' = the page picks one) */
  wrt: string;
  what: What;
  /** "Your answer": a claimed gradient, or a chain of steps (lines after the first begin with `=`) */
  claim: string;
}

export const EMPTY: State = { fn: '', vars: '', wrt: '', what: 'gradient', claim: '' };

const KEYS: Record<keyof State, string> = { fn: 'fn', vars: 'vars', wrt: 'wrt', what: 'what', claim: 'claim' };

/** the hash (with its `#`) for a state; empty fields are left out */
export function toHash(s: State): string {
  const p = new URLSearchParams();
  for (const k of Object.keys(KEYS) as (keyof State)[]) {
    const v = s[k];
    if (v !== '' && !(k === 'what' && v === 'gradient')) p.set(KEYS[k], v);
  }
  const q = p.toString();
  return q ? `#${q}` : '';
}

/** the state a hash describes (`#` optional); undefined when it names none of the keys */
export function fromHash(hash: string): State | undefined {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  if (!Object.values(KEYS).some((k) => p.has(k))) return undefined;
  const what = p.get(KEYS.what) ?? 'gradient';
  return {
    fn: p.get(KEYS.fn) ?? '',
    vars: p.get(KEYS.vars) ?? '',
    wrt: (p.get(KEYS.wrt) ?? '').trim(),
    what: (WHATS as readonly string[]).includes(what) ? (what as What) : 'gradient',
    claim: p.get(KEYS.claim) ?? '',
  };
}

/** A chain of steps, not a single claim: some line after the first begins with `=`. */
export function isChain(answer: string): boolean {
  return answer
    .split(/\r?\n/)
    .slice(1)
    .some((l) => l.trim().startsWith('='));
}

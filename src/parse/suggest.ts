// "Did you mean": the nearest known name by edit distance (with transpositions), offered only
// when it is close enough to be a plausible typo.
export function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** functions of other tools (numpy, MATLAB) and how matdiff writes them */
const FOREIGN_FUNCTIONS: Record<string, string> = {
  transpose: "write X' (or Xᵀ) for the transpose",
  dot: "write a'*b for the dot product of vectors (A:B for matrices)",
  inner: "write a'*b for the inner product of vectors (A:B for matrices)",
  vdot: "write a'*b for the dot product of vectors (A:B for matrices)",
  matmul: 'write A*B for the matrix product',
  outer: "write a*b' for the outer product",
  multiply: 'write A.*B for the elementwise product',
  divide: 'write A./B for elementwise division',
  power: 'write x.^p for the elementwise power (X^k is the matrix power)',
  square: 'write x.^2 for the elementwise square',
  pinv: "matdiff has no pseudo-inverse: write inv(X'*X)*X' for a full-column-rank X",
  solve: 'write inv(A)*b',
};

/** how matdiff writes a function of numpy or MATLAB that it does not have under that name */
export const foreignFunction = (name: string): string | undefined => (Object.hasOwn(FOREIGN_FUNCTIONS, name) ? FOREIGN_FUNCTIONS[name] : undefined);

export function nearest(name: string, candidates: readonly string[]): string | undefined {
  const limit = Math.max(1, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestD = Infinity;
  // a look-alike letter (Greek Α for A) is the nearest miss of all
  const folded = [...name].map((ch) => lookalike(ch) ?? ch).join('');
  for (const c of candidates) {
    const d = folded !== name && folded === c ? 0.25 : Math.min(distance(name, c), distance(name.toLowerCase(), c.toLowerCase()) + 0.5);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return bestD <= limit ? best : undefined;
}

// ---- characters: names, look-alikes, scripts ------------------------------------------------
// matdiff reads names in one script, and refuses a letter that looks like a Latin one but is
// not (Greek Α, Cyrillic а, fullwidth Ａ): `Α` and `A` would otherwise be two names that print
// the same, and a wrong answer (2Αx for 2Ax) would look right.

/** `U+0391` */
export const codePoint = (ch: string): string => `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

const GREEK_LETTERS = ['ALPHA', 'BETA', 'GAMMA', 'DELTA', 'EPSILON', 'ZETA', 'ETA', 'THETA', 'IOTA', 'KAPPA', 'LAMDA', 'MU', 'NU', 'XI', 'OMICRON', 'PI', 'RHO', 'FINAL SIGMA', 'SIGMA', 'TAU', 'UPSILON', 'PHI', 'CHI', 'PSI', 'OMEGA'];
const CYRILLIC_LETTERS = ['A', 'BE', 'VE', 'GHE', 'DE', 'IE', 'ZHE', 'ZE', 'I', 'SHORT I', 'KA', 'EL', 'EM', 'EN', 'O', 'PE', 'ER', 'ES', 'TE', 'U', 'EF', 'HA', 'TSE', 'CHE', 'SHA', 'SHCHA', 'HARD SIGN', 'YERU', 'SOFT SIGN', 'E', 'YU', 'YA'];
const SUPER_DIGITS = '⁰¹²³⁴⁵⁶⁷⁸⁹';
const SUB_DIGITS = '₀₁₂₃₄₅₆₇₈₉';
const DIGIT_WORDS = ['ZERO', 'ONE', 'TWO', 'THREE', 'FOUR', 'FIVE', 'SIX', 'SEVEN', 'EIGHT', 'NINE'];

/** the Unicode names of the characters matdiff talks about (invisible ones, look-alikes, super- and subscripts) */
const NAMES: Record<number, string> = {
  0x00: 'NULL', 0x07: 'BELL', 0x08: 'BACKSPACE', 0x09: 'CHARACTER TABULATION', 0x0a: 'LINE FEED', 0x0b: 'LINE TABULATION', 0x0c: 'FORM FEED', 0x0d: 'CARRIAGE RETURN', 0x1b: 'ESCAPE', 0x7f: 'DELETE',
  0x85: 'NEXT LINE', 0x9b: 'CONTROL SEQUENCE INTRODUCER', 0xa0: 'NO-BREAK SPACE', 0xad: 'SOFT HYPHEN', 0xb5: 'MICRO SIGN', 0x34f: 'COMBINING GRAPHEME JOINER', 0x61c: 'ARABIC LETTER MARK',
  0x115f: 'HANGUL CHOSEONG FILLER', 0x1160: 'HANGUL JUNGSEONG FILLER', 0x17b4: 'KHMER VOWEL INHERENT AQ', 0x17b5: 'KHMER VOWEL INHERENT AA', 0x180e: 'MONGOLIAN VOWEL SEPARATOR',
  0x2000: 'EN QUAD', 0x2001: 'EM QUAD', 0x2002: 'EN SPACE', 0x2003: 'EM SPACE', 0x2004: 'THREE-PER-EM SPACE', 0x2005: 'FOUR-PER-EM SPACE', 0x2006: 'SIX-PER-EM SPACE', 0x2007: 'FIGURE SPACE', 0x2008: 'PUNCTUATION SPACE', 0x2009: 'THIN SPACE', 0x200a: 'HAIR SPACE',
  0x200b: 'ZERO WIDTH SPACE', 0x200c: 'ZERO WIDTH NON-JOINER', 0x200d: 'ZERO WIDTH JOINER', 0x200e: 'LEFT-TO-RIGHT MARK', 0x200f: 'RIGHT-TO-LEFT MARK', 0x2028: 'LINE SEPARATOR', 0x2029: 'PARAGRAPH SEPARATOR',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING', 0x202b: 'RIGHT-TO-LEFT EMBEDDING', 0x202c: 'POP DIRECTIONAL FORMATTING', 0x202d: 'LEFT-TO-RIGHT OVERRIDE', 0x202e: 'RIGHT-TO-LEFT OVERRIDE', 0x202f: 'NARROW NO-BREAK SPACE', 0x205f: 'MEDIUM MATHEMATICAL SPACE',
  0x2060: 'WORD JOINER', 0x2061: 'FUNCTION APPLICATION', 0x2062: 'INVISIBLE TIMES', 0x2063: 'INVISIBLE SEPARATOR', 0x2064: 'INVISIBLE PLUS', 0x2066: 'LEFT-TO-RIGHT ISOLATE', 0x2067: 'RIGHT-TO-LEFT ISOLATE', 0x2068: 'FIRST STRONG ISOLATE', 0x2069: 'POP DIRECTIONAL ISOLATE',
  0x2800: 'BRAILLE PATTERN BLANK', 0x3000: 'IDEOGRAPHIC SPACE', 0x3164: 'HANGUL FILLER', 0xfeff: 'ZERO WIDTH NO-BREAK SPACE', 0xffa0: 'HALFWIDTH HANGUL FILLER', 0xfffc: 'OBJECT REPLACEMENT CHARACTER', 0xfffd: 'REPLACEMENT CHARACTER',
  0x207a: 'SUPERSCRIPT PLUS SIGN', 0x207b: 'SUPERSCRIPT MINUS', 0x207c: 'SUPERSCRIPT EQUALS SIGN', 0x207d: 'SUPERSCRIPT LEFT PARENTHESIS', 0x207e: 'SUPERSCRIPT RIGHT PARENTHESIS', 0x207f: 'SUPERSCRIPT LATIN SMALL LETTER N', 0x2071: 'SUPERSCRIPT LATIN SMALL LETTER I',
  0x208a: 'SUBSCRIPT PLUS SIGN', 0x208b: 'SUBSCRIPT MINUS', 0x1d40: 'MODIFIER LETTER CAPITAL T', 0x1d62: 'LATIN SUBSCRIPT SMALL LETTER I', 0x2c7c: 'LATIN SUBSCRIPT SMALL LETTER J',
  0x3f2: 'GREEK LUNATE SIGMA SYMBOL', 0x3f9: 'GREEK CAPITAL LUNATE SIGMA SYMBOL', 0x3f3: 'GREEK LETTER YOT', 0x37f: 'GREEK CAPITAL LETTER YOT',
  0x405: 'CYRILLIC CAPITAL LETTER DZE', 0x406: 'CYRILLIC CAPITAL LETTER BYELORUSSIAN-UKRAINIAN I', 0x408: 'CYRILLIC CAPITAL LETTER JE', 0x455: 'CYRILLIC SMALL LETTER DZE', 0x456: 'CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I', 0x458: 'CYRILLIC SMALL LETTER JE',
  0x4ae: 'CYRILLIC CAPITAL LETTER STRAIGHT U', 0x4ba: 'CYRILLIC CAPITAL LETTER SHHA', 0x4bb: 'CYRILLIC SMALL LETTER SHHA', 0x4c0: 'CYRILLIC LETTER PALOCHKA', 0x4cf: 'CYRILLIC SMALL LETTER PALOCHKA', 0x501: 'CYRILLIC SMALL LETTER KOMI DE',
  0x51a: 'CYRILLIC CAPITAL LETTER QA', 0x51b: 'CYRILLIC SMALL LETTER QA', 0x51c: 'CYRILLIC CAPITAL LETTER WE', 0x51d: 'CYRILLIC SMALL LETTER WE',
  0x300: 'COMBINING GRAVE ACCENT', 0x301: 'COMBINING ACUTE ACCENT', 0x302: 'COMBINING CIRCUMFLEX ACCENT', 0x303: 'COMBINING TILDE', 0x304: 'COMBINING MACRON', 0x305: 'COMBINING OVERLINE', 0x307: 'COMBINING DOT ABOVE', 0x308: 'COMBINING DIAERESIS', 0x20d7: 'COMBINING RIGHT ARROW ABOVE',
  0x2113: 'SCRIPT SMALL L', 0x210e: 'PLANCK CONSTANT', 0x2217: 'ASTERISK OPERATOR',
};

/** the Unicode name of a character, where matdiff knows it */
export function charName(ch: string): string | undefined {
  const cp = ch.codePointAt(0) ?? 0;
  const known = NAMES[cp];
  if (known) return known;
  if (cp < 0x20 || (cp >= 0x80 && cp < 0xa0)) return undefined;
  if (cp >= 0x41 && cp <= 0x5a) return `LATIN CAPITAL LETTER ${ch}`;
  if (cp >= 0x61 && cp <= 0x7a) return `LATIN SMALL LETTER ${ch.toUpperCase()}`;
  if (cp >= 0xff21 && cp <= 0xff3a) return `FULLWIDTH LATIN CAPITAL LETTER ${String.fromCharCode(cp - 0xff21 + 65)}`;
  if (cp >= 0xff41 && cp <= 0xff5a) return `FULLWIDTH LATIN SMALL LETTER ${String.fromCharCode(cp - 0xff41 + 65)}`;
  if (cp >= 0xff10 && cp <= 0xff19) return `FULLWIDTH DIGIT ${DIGIT_WORDS[cp - 0xff10]}`;
  if (SUPER_DIGITS.includes(ch)) return `SUPERSCRIPT ${DIGIT_WORDS[SUPER_DIGITS.indexOf(ch)]}`;
  if (SUB_DIGITS.includes(ch)) return `SUBSCRIPT ${DIGIT_WORDS[SUB_DIGITS.indexOf(ch)]}`;
  if (cp >= 0x391 && cp <= 0x3a9 && cp !== 0x3a2) return `GREEK CAPITAL LETTER ${GREEK_LETTERS[cp - 0x391]}`;
  if (cp >= 0x3b1 && cp <= 0x3c9) return `GREEK SMALL LETTER ${GREEK_LETTERS[cp - 0x3b1]}`;
  if (cp >= 0x410 && cp <= 0x42f) return `CYRILLIC CAPITAL LETTER ${CYRILLIC_LETTERS[cp - 0x410]}`;
  if (cp >= 0x430 && cp <= 0x44f) return `CYRILLIC SMALL LETTER ${CYRILLIC_LETTERS[cp - 0x430]}`;
  return undefined;
}

/** `U+0391 GREEK CAPITAL LETTER ALPHA` (or just the code point) */
export const describeChar = (ch: string): string => {
  const n = charName(ch);
  return n ? `${codePoint(ch)} ${n}` : codePoint(ch);
};

/** Greek and Cyrillic letters that look like a Latin letter, and the letter they look like */
const LOOKALIKE: Record<string, string> = {
  Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Υ: 'Y', Χ: 'X', ο: 'o', ν: 'v', ϲ: 'c', Ϲ: 'C', ϳ: 'j', Ϳ: 'J',
  А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', Х: 'X', Ѕ: 'S', І: 'I', Ј: 'J', Ү: 'Y', Ӏ: 'I', Ԛ: 'Q', Ԝ: 'W', Һ: 'h',
  а: 'a', е: 'e', о: 'o', р: 'p', с: 'c', у: 'y', х: 'x', ѕ: 's', і: 'i', ј: 'j', һ: 'h', ԛ: 'q', ԝ: 'w', ӏ: 'l', ԁ: 'd',
};

/** letters whose compatibility form differs but that mathematics writes on purpose: ℓ, ϵ, ϑ, ϕ, ϖ, ϱ, ϰ, ϐ */
const MATH_VARIANTS = 'ℓϵϑϕϖϱϰϐ';

/**
 * The ASCII character (or Greek letter) `ch` is easily mistaken for, if it is a look-alike of one:
 * Greek Α → A, Cyrillic а → a, fullwidth Ａ → A, mathematical bold 𝐀 → A, µ (micro) → μ.
 */
export function lookalike(ch: string): string | undefined {
  if (LOOKALIKE[ch]) return LOOKALIKE[ch];
  // letters and digits only: ᵀ, ² and ₁ are super- and subscripts, which the lexer reads itself
  if (MATH_VARIANTS.includes(ch) || /^[\x00-\x7f]$/.test(ch) || !/^(?!\p{Lm})[\p{L}\p{Nd}]$/u.test(ch)) return undefined;
  const k = ch.normalize('NFKC');
  if (k !== ch && (/^[\x21-\x7e]+$/.test(k) || /^\p{Script=Greek}$/u.test(k))) return k;
  return undefined;
}

export type Script = 'Latin' | 'Greek' | 'Cyrillic' | 'other';

/** the script of a letter (undefined for digits, `_` and letters of no one script) */
export function scriptOf(ch: string): Script | undefined {
  if (/\p{Script=Latin}/u.test(ch)) return 'Latin';
  if (/\p{Script=Greek}/u.test(ch)) return 'Greek';
  if (/\p{Script=Cyrillic}/u.test(ch)) return 'Cyrillic';
  if (/\p{L}/u.test(ch) && !/\p{Script=Common}|\p{Script=Inherited}/u.test(ch)) return 'other';
  return undefined;
}

const GREEK_WORDS: Record<string, string> = {
  α: 'alpha', β: 'beta', γ: 'gamma', δ: 'delta', ε: 'epsilon', ζ: 'zeta', η: 'eta', θ: 'theta', ι: 'iota', κ: 'kappa', λ: 'lambda', μ: 'mu', ν: 'nu', ξ: 'xi', π: 'pi', ρ: 'rho', σ: 'sigma', τ: 'tau', υ: 'upsilon', φ: 'phi', χ: 'chi', ψ: 'psi', ω: 'omega',
  Γ: 'Gamma', Δ: 'Delta', Θ: 'Theta', Λ: 'Lambda', Ξ: 'Xi', Π: 'Pi', Σ: 'Sigma', Φ: 'Phi', Ψ: 'Psi', Ω: 'Omega',
};

/** the name a Greek letter is written as in ASCII (`alpha` for α), which matdiff prints as the letter */
export const greekWord = (ch: string): string | undefined => GREEK_WORDS[ch];

export const SUPERSCRIPT_DIGITS = SUPER_DIGITS;
export const SUBSCRIPT_DIGITS = SUB_DIGITS;

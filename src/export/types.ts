// The languages matdiff writes code in, and the options of `exportCode` (src/export/index.ts).
// A leaf module: the engine's thin `code()` methods import these types without importing the
// export layer itself (which sits above the engine).

/** js: an ES module; ts: the same with types; numpy, torch: a Python module */
export type CodeLang = 'js' | 'ts' | 'numpy' | 'torch';

export const CODE_LANGS: readonly CodeLang[] = ['js', 'ts', 'numpy', 'torch'];

export interface CodeOptions {
  /**
   * the command line that made the file, for its header (`matdiff export "…" --wrt W --lang js`);
   * without it the header names the API call
   */
  readonly command?: string;
}

// matdiff's version, written into the header of every exported file. The core reads no file at
// run time, so it is a constant here; test/export.test.ts keeps it equal to package.json's.
export const VERSION = '0.1.0';

/**
 * Built-ins captured before pdfjs-dist's legacy build is evaluated (import this module
 * first). That build bundles core-js, which on Node 20 replaces some built-ins,
 * process-wide, with spec polyfills much slower than V8's own: Array.prototype.push alone
 * was 8% of all import CPU time, and JSON.parse/stringify are used on every document.
 */
export const NATIVES = {
  push: Array.prototype.push,
  parse: JSON.parse,
  stringify: JSON.stringify,
};

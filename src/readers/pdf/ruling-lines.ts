/**
 * Ruling lines (table cell borders) from a page's operator list. Word and LibreOffice
 * draw borders either as thin filled rectangles or as stroked line segments; both are
 * returned as axis-aligned rules in top-down page coordinates. Clipping paths
 * (constructPath + endPath) are ignored. Larger filled shapes in a colour other than
 * white (cell shading: RAG cells, header rows) are returned as boxes with `fill` set.
 */
import { OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Rule } from './types.js';

type M = [number, number, number, number, number, number];

const mul = (m: M, n: M): M => [
  m[0] * n[0] + m[2] * n[1],
  m[1] * n[0] + m[3] * n[1],
  m[0] * n[2] + m[2] * n[3],
  m[1] * n[2] + m[3] * n[3],
  m[0] * n[4] + m[2] * n[5] + m[4],
  m[1] * n[4] + m[3] * n[5] + m[5],
];

const apply = (m: M, x: number, y: number): [number, number] => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];

/** Thickness below which a filled rectangle is a rule. */
const THIN = 2.5;
/** Shortest rule kept. */
const MIN_LEN = 4;
const MAX_RULES = 5000;
/** Most shaded boxes kept per page (charts and pictures can draw thousands of shapes). */
const MAX_FILLS = 2000;

const FILLS = new Set<number>([OPS.fill, OPS.eoFill]);
const STROKES = new Set<number>([OPS.stroke, OPS.closeStroke, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);

export function extractRules(ops: { fnArray: number[]; argsArray: unknown[][] }, viewport: number[]): Rule[] {
  const rules: Rule[] = [];
  const stack: Array<[M, string]> = [];
  let ctm = viewport.slice(0, 6) as M;
  let fill = '000000';
  let fills = 0;
  const push = (x1: number, y1: number, x2: number, y2: number) => {
    const [a, b] = apply(ctm, x1, y1);
    const [c, d] = apply(ctm, x2, y2);
    const w = Math.abs(c - a);
    const h = Math.abs(d - b);
    if (h <= THIN && w >= MIN_LEN) rules.push({ x1: Math.min(a, c), x2: Math.max(a, c), y1: (b + d) / 2, y2: (b + d) / 2 });
    else if (w <= THIN && h >= MIN_LEN) rules.push({ x1: (a + c) / 2, x2: (a + c) / 2, y1: Math.min(b, d), y2: Math.max(b, d) });
  };
  const { fnArray, argsArray } = ops;
  for (let i = 0; i < fnArray.length && rules.length < MAX_RULES; i++) {
    const fn = fnArray[i];
    if (fn === OPS.save) stack.push([ctm, fill]);
    else if (fn === OPS.restore) [ctm, fill] = stack.pop() ?? [ctm, fill];
    else if (fn === OPS.setFillRGBColor) fill = hexOf(argsArray[i]) ?? fill;
    else if (fn === OPS.transform) ctm = mul(ctm, argsArray[i] as unknown as M);
    else if (fn === OPS.constructPath) {
      const [paintOp, data, minMax] = argsArray[i] as [number, (Float32Array | null)[], ArrayLike<number> | null];
      if (FILLS.has(paintOp) && minMax) {
        // A thin filled shape: the rule is its bounding box's centre line.
        const [a, b] = apply(ctm, minMax[0], minMax[1]);
        const [c, d] = apply(ctm, minMax[2], minMax[3]);
        const w = Math.abs(c - a);
        const h = Math.abs(d - b);
        const xm = (a + c) / 2;
        const ym = (b + d) / 2;
        if (h <= THIN && w >= MIN_LEN) rules.push({ x1: Math.min(a, c), x2: Math.max(a, c), y1: ym, y2: ym });
        else if (w <= THIN && h >= MIN_LEN) rules.push({ x1: xm, x2: xm, y1: Math.min(b, d), y2: Math.max(b, d) });
        else if (w > THIN && h > THIN && fill !== 'FFFFFF' && fills < MAX_FILLS && (data?.[0]?.length ?? 0) <= 16) {
          // A shaded box (at most a rectangle's worth of path: moveTo, 3-4 lineTo, close).
          fills++;
          rules.push({ x1: Math.min(a, c), x2: Math.max(a, c), y1: Math.min(b, d), y2: Math.max(b, d), fill });
        }
      } else if (STROKES.has(paintOp) && data?.[0]) {
        strokeSegments(data[0], push);
      }
    }
  }
  return rules;
}

/** pdfjs hands colours as "#rrggbb" (it converts gray and CMYK to RGB); older builds as [r, g, b]. */
function hexOf(args: unknown[] | undefined): string | null {
  const v = args?.[0];
  if (typeof v === 'string' && /^#[0-9a-f]{6}$/i.test(v)) return v.slice(1).toUpperCase();
  if (args && args.length >= 3 && args.slice(0, 3).every((n) => typeof n === 'number')) {
    return (args.slice(0, 3) as number[]).map((n) => Math.round(n <= 1 ? n * 255 : n).toString(16).padStart(2, '0')).join('').toUpperCase();
  }
  return null;
}

/** Axis-aligned straight segments of a pdfjs path buffer (DrawOPS: 0 moveTo, 1 lineTo, 2 curveTo, 3 quad, 4 close). */
function strokeSegments(buf: Float32Array, push: (x1: number, y1: number, x2: number, y2: number) => void): void {
  let x = 0;
  let y = 0;
  let sx = 0;
  let sy = 0;
  for (let k = 0; k < buf.length; ) {
    const op = buf[k];
    if (op === 0) {
      x = sx = buf[k + 1];
      y = sy = buf[k + 2];
      k += 3;
    } else if (op === 1) {
      push(x, y, buf[k + 1], buf[k + 2]);
      x = buf[k + 1];
      y = buf[k + 2];
      k += 3;
    } else if (op === 2) {
      x = buf[k + 5];
      y = buf[k + 6];
      k += 7;
    } else if (op === 3) {
      x = buf[k + 3];
      y = buf[k + 4];
      k += 5;
    } else if (op === 4) {
      push(x, y, sx, sy);
      x = sx;
      y = sy;
      k += 1;
    } else break;
  }
}

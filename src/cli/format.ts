/** Rendering query results: an aligned text table, JSON or CSV. */
export type OutputFormat = 'table' | 'json' | 'csv';

export function render(rows: Record<string, unknown>[], format: OutputFormat, opts: { maxWidth?: number } = {}): string {
  if (format === 'json') return JSON.stringify(rows, null, 2);
  if (format === 'csv') return toCsv(rows);
  return toTable(rows, opts.maxWidth ?? 60);
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function toCsv(rows: Record<string, unknown>[]): string {
  if (rows.length === 0) return '';
  const cols = Object.keys(rows[0]!);
  const esc = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return [cols.join(','), ...rows.map((r) => cols.map((c) => esc(cellText(r[c]))).join(','))].join('\n');
}

export function toTable(rows: Record<string, unknown>[], maxWidth: number): string {
  if (rows.length === 0) return '(no rows)';
  const cols = Object.keys(rows[0]!);
  const clip = (s: string) => {
    const one = s.replace(/\s+/g, ' ');
    return one.length > maxWidth ? one.slice(0, maxWidth - 1) + '…' : one;
  };
  const cells = rows.map((r) => cols.map((c) => clip(cellText(r[c]))));
  const widths = cols.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)));
  const line = (vals: string[]) => vals.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(cols), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line), `(${rows.length} row${rows.length === 1 ? '' : 's'})`].join('\n');
}

/** Rows rendered on stdout, as every query command prints them. */
export function printRows(rows: Record<string, unknown>[], format: OutputFormat): void {
  process.stdout.write(render(rows, format) + '\n');
}

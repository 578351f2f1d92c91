import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { schemaText } from '../src/cli.js';
import { fixture, ROOT } from './helpers.js';
import { DocumentSchema } from '../src/model/document.js';
import { join } from 'node:path';
import { readdirSync } from 'node:fs';

describe('JSON Schema', () => {
  it('the committed schema is what the zod model generates (run `ofsted schema` after changing the model)', async () => {
    const committed = readFileSync(join(ROOT, 'schemas', 'document.schema.json'), 'utf8');
    expect(committed).toBe(await schemaText());
  });

  it('every golden file satisfies the zod model', () => {
    const dir = fixture('expected');
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const r = DocumentSchema.safeParse(JSON.parse(readFileSync(join(dir, f), 'utf8')));
      expect(r.success, `${f}: ${r.success ? '' : r.error.message}`).toBe(true);
    }
  });
});

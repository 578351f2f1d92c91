import type { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT } from '../options.js';

/** The document JSON schema, as `ofsted schema` writes it. */
export async function schemaText(): Promise<string> {
  const { documentJsonSchema } = await import('../../model/document.js');
  return JSON.stringify(documentJsonSchema(), null, 2) + '\n';
}

/** `ofsted schema`: schemas/document.schema.json from the zod model. */
export function addSchemaCommand(program: Command): void {
  program
    .command('schema')
    .description('write schemas/document.schema.json from the zod model')
    .option('--out <file>', 'output file', join(ROOT, 'schemas', 'document.schema.json'))
    .action(async (o) => {
      const text = await schemaText();
      mkdirSync(dirname(o.out), { recursive: true });
      writeFileSync(o.out, text);
      process.stdout.write(`wrote ${o.out}\n`);
    });
}

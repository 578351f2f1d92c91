import type { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { documentJsonSchema } from '../../model/document.js';
import { ROOT } from '../options.js';

/** The document JSON schema, as `ofsted schema` writes it. */
export function schemaText(): string {
  return JSON.stringify(documentJsonSchema(), null, 2) + '\n';
}

/** `ofsted schema`: schemas/document.schema.json from the zod model. */
export function addSchemaCommand(program: Command): void {
  program
    .command('schema')
    .description('write schemas/document.schema.json from the zod model')
    .option('--out <file>', 'output file', join(ROOT, 'schemas', 'document.schema.json'))
    .action((o) => {
      mkdirSync(dirname(o.out), { recursive: true });
      writeFileSync(o.out, schemaText());
      process.stdout.write(`wrote ${o.out}\n`);
    });
}

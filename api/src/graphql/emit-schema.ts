/**
 * Writes `schema/schema.graphql` from the resolvers (sorted, stable). Run by `npm run schema`;
 * CI regenerates it and fails when the committed file differs.
 */
import { fileURLToPath } from 'node:url';
import { emitSchemaDefinitionFile } from 'type-graphql';
import { buildAppSchema } from './schema.ts';

export const SCHEMA_FILE = fileURLToPath(new URL('../../../schema/schema.graphql', import.meta.url));

// Emitting executes nothing, so no resolver instance or event bus is needed.
const idle = (): never => {
  throw new Error('schema emission runs no operation');
};
const schema = await buildAppSchema({ get: idle }, { publish: idle, subscribe: idle });
await emitSchemaDefinitionFile(SCHEMA_FILE, schema, { sortedSchema: true });
process.stdout.write(`wrote ${SCHEMA_FILE}\n`);

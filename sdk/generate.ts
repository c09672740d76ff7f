// `npm run sdk:generate`: writes the SDK's copy of the OpenAPI document and the TypeScript types
// generated from it (openapi-typescript). Both are checked in, and sdk/src/schema.test.ts fails
// when either differs from what the server's schemas generate now: the SDK cannot drift.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { openApiDocument } from '@/lib/api-v1/openapi';
import { generatedFiles } from './generated-files';

const root = import.meta.dirname;
for (const [file, text] of Object.entries(await generatedFiles(openApiDocument()))) {
  writeFileSync(path.join(root, file), text);
  console.log(`wrote sdk/${file}`);
}

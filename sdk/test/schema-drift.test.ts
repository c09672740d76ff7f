// The SDK's checked-in OpenAPI document and types are what the server's schemas generate now:
// a field added to a collection, or a parameter to a route, fails here until
// `npm run sdk:generate` is run and its output committed.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '@/lib/api-v1/openapi';
import { generatedFiles } from '../generated-files';

describe('the SDK is generated from the server’s OpenAPI document', () => {
  it('has the current document and types checked in (else run npm run sdk:generate)', async () => {
    const files = await generatedFiles(openApiDocument());
    for (const [file, text] of Object.entries(files)) {
      expect(readFileSync(path.join(import.meta.dirname, '..', file), 'utf8'), `sdk/${file} is stale: run npm run sdk:generate`).toBe(text);
    }
  });
});

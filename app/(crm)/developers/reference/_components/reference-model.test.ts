import { describe, expect, it } from 'vitest';
import { openApiDocument } from '@/lib/api-v1/openapi';
import { referenceOf, typeText } from './reference-model';

describe('API reference model (read from the real OpenAPI document)', () => {
  const view = referenceOf(openApiDocument());

  it('groups operations by resource, with full paths and the scope each needs', () => {
    const contacts = view.tags.find((t) => t.tag === 'contacts');
    expect(contacts?.operations.map((o) => `${o.method} ${o.path}`)).toEqual([
      'GET /api/v1/contacts',
      'POST /api/v1/contacts',
      'POST /api/v1/contacts/bulk',
      'GET /api/v1/contacts/{id}',
      'PATCH /api/v1/contacts/{id}',
      'DELETE /api/v1/contacts/{id}',
    ]);
    expect(contacts?.operations.map((o) => o.scope)).toEqual(['contacts:read', 'contacts:write', 'contacts:write', 'contacts:read', 'contacts:write', 'contacts:write']);
  });

  it('lists parameters with where they go, whether required and their type', () => {
    const list = view.tags.flatMap((t) => t.operations).find((o) => o.id === 'listContacts')!;
    expect(list.parameters.find((p) => p.name === 'limit')).toMatchObject({ in: 'query', required: false, type: 'integer (1 to 1000), default 100' });
    const get = view.tags.flatMap((t) => t.operations).find((o) => o.id === 'getContact')!;
    expect(get.parameters[0]).toMatchObject({ name: 'id', in: 'path', required: true, description: 'The record id.' });
  });

  it('resolves a request body to its named schema and fields', () => {
    const create = view.tags.flatMap((t) => t.operations).find((o) => o.id === 'createContact')!;
    expect(create.body?.type).toBe('ContactCreate');
    expect(create.body?.fields.find((f) => f.name === 'lastName')).toMatchObject({ required: true, type: 'string (at most 200 characters)' });
    expect(create.body?.fields.find((f) => f.name === 'email')?.type).toBe('string (at most 320 characters) or null');
    expect(create.responses.map((r) => r.status)).toContain('201');
    expect(create.responses.find((r) => r.status === '201')?.body).toBe('Contact (application/json)');
  });

  it('lists every named schema with its fields', () => {
    expect(view.schemas.map((s) => s.name)).toContain('Problem');
    expect(view.schemas.find((s) => s.name === 'ContactPage')?.fields.map((f) => f.name)).toEqual(['data', 'nextCursor']);
  });

  it('words types', () => {
    expect(typeText({ type: 'array', items: { $ref: '#/components/schemas/Contact' }, maxItems: 1000, minItems: 1 })).toBe('array of Contact (1 to 1000 items)');
    expect(typeText({ type: 'string', enum: ['a', 'b'] })).toBe('one of a, b');
    expect(typeText(undefined)).toBe('any');
  });
});

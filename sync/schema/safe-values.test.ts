import { describe, expect, it } from 'vitest';
import { activities, contacts, deals, pipelines } from './collections';
import { findJsonProblem, isRealInstant, isSafeText, jsonTree, maxDepth } from './safe-values';
import { z } from 'zod';

const at = '2026-11-22T09:00:00.000Z';
const contact = { id: '01937c4e-7d2a-7000-8000-000000000001', firstName: 'Ada', lastName: 'Lovelace', email: null, phone: null, title: null, companyId: null, ownerId: null, createdAt: at, updatedAt: at, _deleted: false };
const issuesOf = (r: { success: boolean; error?: z.ZodError }) => (r.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);

describe('safe text', () => {
  it('refuses NUL and unpaired surrogates, keeps real pairs', () => {
    expect(isSafeText('Ada')).toBe(true);
    expect(isSafeText('smile 😀')).toBe(true);
    expect(isSafeText('a\u0000b')).toBe(false);
    expect(isSafeText('\ud800')).toBe(false);
    expect(isSafeText('x\ud83dy')).toBe(false);
    expect(isSafeText('\ude00x')).toBe(false);
    expect(isSafeText('\ude00\ud83d')).toBe(false);
  });

  it('every text field of a record refuses them, naming the field (the phone runs this before queueing)', () => {
    expect(issuesOf(contacts.wireSchema.safeParse({ ...contact, firstName: 'A\u0000' }))).toEqual([expect.stringMatching(/^firstName: must not contain NUL/)]);
    expect(issuesOf(contacts.wireSchema.safeParse({ ...contact, email: 'x\ud800@y' }))).toEqual([expect.stringMatching(/^email: must not contain/)]);
    const stages = [{ id: 's\u0000', name: 'Lead', probability: 10 }];
    expect(issuesOf(pipelines.wireSchema.safeParse({ id: contact.id, name: 'P', position: 0, stages, createdAt: at, updatedAt: at, _deleted: false }))).toEqual([
      expect.stringMatching(/^stages\.0\.id: must not contain/),
    ]);
    expect(contacts.wireSchema.safeParse(contact).success).toBe(true);
  });
});

describe('dates and times', () => {
  it('timestamps must be real instants in years 0001-9999', () => {
    expect(isRealInstant(at)).toBe(true);
    for (const bad of ['2026-13-01T00:00:00.000Z', '0000-01-01T00:00:00.000Z', '2026-02-30T00:00:00.000Z', '2026-01-01T24:00:00.000Z', '2026-01-01T23:60:00.000Z']) {
      expect(isRealInstant(bad)).toBe(false);
      expect(issuesOf(contacts.wireSchema.safeParse({ ...contact, updatedAt: bad }))).toEqual([expect.stringMatching(/^updatedAt: is not a real date/)]);
    }
    expect(activities.fields.dueAt.zod.safeParse('0000-06-01T00:00:00.000Z').success).toBe(false);
  });

  it('days must exist', () => {
    expect(deals.fields.closeDate.zod.safeParse('2026-02-28').success).toBe(true);
    for (const bad of ['2026-13-01', '0000-01-01', '2026-02-30']) expect(deals.fields.closeDate.zod.safeParse(bad).success).toBe(false);
  });
});

describe('JSON bounds', () => {
  it('finds depth, text and number problems without recursion', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(findJsonProblem(deep, 64)?.message).toMatch(/deeper than 64/);
    expect(findJsonProblem({ a: { 'k\u0000': 1 } })).toEqual({ path: ['a', 'k\u0000'], message: expect.stringMatching(/^key must not contain/) });
    expect(findJsonProblem({ a: [1, Number.POSITIVE_INFINITY] })?.path).toEqual(['a', 1]);
    expect(findJsonProblem({ a: [1, { b: 'ok' }] })).toBeNull();
  });

  it('jsonTree and maxDepth refuse before a recursive schema runs', () => {
    let deep: unknown = {};
    for (let i = 0; i < 10_000; i++) deep = { c: deep };
    expect(issuesOf(z.object({ input: jsonTree(8) }).safeParse({ input: deep }))[0]).toMatch(/^input(\.c)*: nests deeper than 8/);
    type T = { c?: T };
    const rec: z.ZodType<T> = z.object({ get c() { return rec.optional(); } });
    expect(() => rec.safeParse(deep)).toThrow(RangeError); // what the bound protects against
    expect(issuesOf(maxDepth(rec, 10, 'too deep').safeParse(deep))).toEqual([': too deep']);
  });
});

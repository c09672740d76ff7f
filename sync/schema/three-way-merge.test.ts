import { describe, expect, it } from 'vitest';
import { threeWayMerge, type Doc } from './three-way-merge';

const fields = ['id', 'name', 'email', 'phone', 'stages', 'updatedAt'];
const base: Doc = { id: 'r1', name: 'Ada', email: 'a@x.test', phone: '1', stages: [{ id: 's', n: 1 }], updatedAt: '2026-01-01T00:00:00.000Z', _deleted: false };

describe('threeWayMerge', () => {
  it('keeps a field changed on one side only, from either side', () => {
    const local = { ...base, email: 'local@x.test', updatedAt: '2026-01-03T00:00:00.000Z' };
    const server = { ...base, phone: '2', updatedAt: '2026-01-02T00:00:00.000Z' };
    const { merged, conflicts } = threeWayMerge(fields, base, server, local);
    expect(merged).toEqual({ ...base, email: 'local@x.test', phone: '2', updatedAt: '2026-01-03T00:00:00.000Z' });
    expect(conflicts).toEqual([]);
  });

  it('a field changed on both sides: the server wins and the local value is a conflict', () => {
    const local = { ...base, name: 'Local', email: 'mine@x.test' };
    const server = { ...base, name: 'Server' };
    const { merged, conflicts } = threeWayMerge(fields, base, server, local);
    expect(merged.name).toBe('Server');
    expect(merged.email).toBe('mine@x.test');
    expect(conflicts).toEqual([{ kind: 'field', field: 'name', localValue: 'Local', serverValue: 'Server' }]);
  });

  it('the same change on both sides is no conflict; nested JSON compares by value, not key order', () => {
    const local = { ...base, name: 'Same', stages: [{ n: 2, id: 's' }] };
    const server = { ...base, name: 'Same', stages: [{ id: 's', n: 2 }] };
    expect(threeWayMerge(fields, base, server, local).conflicts).toEqual([]);
  });

  it('a server deletion wins over a local edit, keeping the local version as a conflict', () => {
    const local = { ...base, name: 'Edited' };
    const server = { ...base, _deleted: true };
    const { merged, conflicts } = threeWayMerge(fields, base, server, local);
    expect(merged._deleted).toBe(true);
    expect(conflicts).toEqual([{ kind: 'deleted-on-server', field: '*', localValue: local, serverValue: null }]);
  });

  it('a local deletion loses to server edits and is reported; without server edits it stands', () => {
    const server = { ...base, name: 'Renamed' };
    const r = threeWayMerge(fields, base, server, { ...base, _deleted: true });
    expect(r.merged).toEqual(server);
    expect(r.conflicts[0]?.kind).toBe('delete-overridden');
    const untouched = threeWayMerge(fields, base, { ...base, updatedAt: '2026-02-01T00:00:00.000Z' }, { ...base, _deleted: true });
    expect(untouched.merged._deleted).toBe(true);
    expect(untouched.conflicts).toEqual([]);
  });

  it('a record created here whose id exists on the server: differing fields are conflicts', () => {
    const server = { ...base, name: 'Server' };
    const local = { ...base, name: 'Local' };
    const r = threeWayMerge(fields, undefined, server, local);
    expect(r.merged.name).toBe('Server');
    expect(r.conflicts.map((c) => c.field)).toEqual(['name']);
  });
});

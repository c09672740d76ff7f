import { describe, expect, it } from 'vitest';
import { ROLES } from '@/lib/auth/roles';
import { COLLECTIONS } from '@/sync/schema/collections';
import type { CollectionDef } from '@/sync/schema/define-collection';
import { createRefusal, editRefusal, refusalOf } from './record-rules';

const contacts = COLLECTIONS.contacts as unknown as CollectionDef;
const pipelines = COLLECTIONS.pipelines as unknown as CollectionDef;
const me = '00000000-0000-7000-8000-000000000001';
const other = '00000000-0000-7000-8000-000000000002';
const doc = (ownerId: string | null, extra: object = {}) => ({ id: 'c1', ownerId, _deleted: false, ...extra });

describe('record rules (the same on the phone and the server)', () => {
  it('each role: create, edit own, edit unowned, edit another’s, give away, delete another’s', () => {
    const table = Object.fromEntries(
      ROLES.map((role) => {
        const actor = { userId: me, role };
        return [
          role,
          [
            refusalOf(actor, contacts, null, doc(me)),
            refusalOf(actor, contacts, doc(me), doc(me, { x: 1 })),
            refusalOf(actor, contacts, doc(null), doc(null, { x: 1 })),
            refusalOf(actor, contacts, doc(other), doc(other, { x: 1 })),
            refusalOf(actor, contacts, doc(me), doc(other)),
            refusalOf(actor, contacts, doc(other), doc(other, { _deleted: true })),
          ].map((r) => (r === null ? 'ok' : 'no')),
        ];
      }),
    );
    expect(table).toEqual({
      owner: ['ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
      admin: ['ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
      manager: ['ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
      rep: ['ok', 'ok', 'ok', 'no', 'no', 'no'],
      auditor: ['no', 'no', 'no', 'no', 'no', 'no'],
    });
  });

  it('says why, in words for the person', () => {
    const rep = { userId: me, role: 'rep' as const };
    expect(editRefusal(rep, contacts, doc(other))).toBe('Only its owner or a manager can change this contact: it belongs to someone else.');
    expect(refusalOf(rep, contacts, doc(other), doc(other, { _deleted: true }))).toBe('Only its owner or a manager can delete this contact: it belongs to someone else.');
    expect(refusalOf(rep, contacts, doc(me), doc(other))).toBe('You can only own contacts yourself: a manager can give this contact to someone else.');
    expect(createRefusal({ userId: me, role: 'auditor' }, contacts)).toBe('Your role (auditor) can read records but not create them.');
    expect(editRefusal({ userId: me, role: 'auditor' }, contacts, doc(me))).toBe('Your role (auditor) can read records but not change them.');
    expect(createRefusal({ userId: me, role: 'manager' }, pipelines)).toBe('Only owners and admins can change pipelines.');
    expect(createRefusal({ userId: me, role: 'admin' }, pipelines)).toBeNull();
  });

  it('a deleted record brought back counts as new', () => {
    expect(refusalOf({ userId: me, role: 'rep' }, contacts, doc(other, { _deleted: true }), doc(me))).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { can, canWriteRecord, ROLES } from './roles';

describe('role model', () => {
  it('auditors read and see the audit log but never write', () => {
    expect(can('auditor', 'records:read')).toBe(true);
    expect(can('auditor', 'audit:read')).toBe(true);
    expect(can('auditor', 'records:create')).toBe(false);
    expect(canWriteRecord({ userId: 'u', role: 'auditor' }, 'u')).toBe(false);
    expect(canWriteRecord({ userId: 'u', role: 'auditor' }, null)).toBe(false);
  });

  it('reps change their own and unowned records only', () => {
    const rep = { userId: 'me', role: 'rep' as const };
    expect(canWriteRecord(rep, 'me')).toBe(true);
    expect(canWriteRecord(rep, null)).toBe(true);
    expect(canWriteRecord(rep, 'someone-else')).toBe(false);
  });

  it('only owners and admins manage members and settings', () => {
    expect(ROLES.filter((r) => can(r, 'members:manage'))).toEqual(['owner', 'admin']);
    expect(ROLES.filter((r) => can(r, 'settings:manage'))).toEqual(['owner', 'admin']);
  });

  it('only owners and admins make privacy requests (export or erase a contact)', () => {
    expect(ROLES.filter((r) => can(r, 'privacy:manage'))).toEqual(['owner', 'admin']);
  });

  it('signing the audit head is its own permission: owners, admins and auditors, never managers or reps', () => {
    expect(ROLES.filter((r) => can(r, 'audit:sign'))).toEqual(['owner', 'admin', 'auditor']);
  });

  it('managers change anyone’s records', () => {
    expect(canWriteRecord({ userId: 'm', role: 'manager' }, 'rep-1')).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { completeSignupSchema } from './create-organization';
import { acceptInviteSchema } from './invites';

const token = 'A'.repeat(43);
const issues = (r: { error?: { issues: { path: PropertyKey[]; message: string }[] } }) => (r.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);

describe('names people type at sign-up and on invites', () => {
  it('refuse NUL and lone surrogates (a users.name or tenants.name insert would fail: 500), naming the field', () => {
    expect(issues(completeSignupSchema.safeParse({ token, organizationName: 'Acme\u0000' }))).toEqual(['organizationName: must not contain NUL characters or unpaired UTF-16 surrogates']);
    expect(issues(completeSignupSchema.safeParse({ token, organizationName: 'Acme', name: '\ud800Ada' }))).toEqual(['name: must not contain NUL characters or unpaired UTF-16 surrogates']);
    expect(issues(acceptInviteSchema.safeParse({ token, name: 'Ada\u0000' }))).toEqual(['name: must not contain NUL characters or unpaired UTF-16 surrogates']);
    expect(completeSignupSchema.safeParse({ token, organizationName: 'Acme 😀', name: 'Ada' }).success).toBe(true);
  });
});

'use client';

import { useState, type FormEvent } from 'react';
import { OPTIONAL_MFA_ROLES } from '@/lib/tenancy/mfa-policy';
import type { Role } from '@/lib/auth/roles';
import { sendJson } from '../auth/api';
import { buttonClass, FormMessage } from '../auth/field';
import { Checkbox } from '../ui/checkbox';

/** Which roles must use two-factor authentication (owners and admins always do). */
export function MfaPolicyForm({ initial }: { initial: Role[] }) {
  const [message, setMessage] = useState<{ text: string; tone: 'danger' | 'success' }>();
  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const res = await sendJson('/api/admin/settings', { mfaRequiredRoles: f.getAll('roles').map(String) }, 'PUT');
    setMessage(res.ok ? { text: 'Saved.', tone: 'success' } : { text: res.message ?? 'Failed.', tone: 'danger' });
  }
  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-3">
      <fieldset className="flex flex-col gap-2">
        <legend className="text-xl font-semibold">Two-factor authentication</legend>
        <p>Owners and admins always use it. Also require it for:</p>
        {OPTIONAL_MFA_ROLES.map((r) => (
          // The ui Checkbox makes the whole labelled row the 44 px target (WCAG 2.5.5).
          <Checkbox key={r} name="roles" value={r} defaultSelected={initial.includes(r)}>
            {r}
          </Checkbox>
        ))}
      </fieldset>
      <FormMessage message={message?.text} tone={message?.tone} />
      <button type="submit" className={buttonClass}>
        Save
      </button>
    </form>
  );
}

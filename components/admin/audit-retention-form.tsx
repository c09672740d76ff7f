'use client';

import { useState, type FormEvent } from 'react';
import { auditRetentionInput, RETENTION_MAX_DAYS, RETENTION_MIN_DAYS } from '@/lib/tenancy/security-settings';
import { sendJson } from '../auth/api';
import { buttonClass, Field, FormMessage } from '../auth/field';

/** How long the audit log keeps entries; empty keeps them for ever. */
export function AuditRetentionForm({ initial }: { initial: number | null }) {
  const [error, setError] = useState<string>();
  const [message, setMessage] = useState<{ text: string; tone: 'danger' | 'success' }>();

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const raw = String(new FormData(e.currentTarget).get('days') ?? '').trim();
    const parsed = auditRetentionInput.safeParse({ days: raw === '' ? null : Number(raw) });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? 'Enter a number of days.');
      setMessage({ text: 'Not saved: fix the number of days.', tone: 'danger' });
      return;
    }
    setError(undefined);
    const res = await sendJson('/api/admin/settings/audit-retention', parsed.data, 'PUT');
    setMessage(res.ok ? { text: parsed.data.days === null ? 'Saved. Entries are kept for ever.' : `Saved. Entries older than ${parsed.data.days} days are removed daily.`, tone: 'success' } : { text: res.message ?? 'Not saved.', tone: 'danger' });
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-3" noValidate>
      <h2 className="text-xl font-semibold">Audit log retention</h2>
      <Field
        id="retention-days"
        name="days"
        label="Keep audit entries for (days)"
        hint={`Between ${RETENTION_MIN_DAYS} and ${RETENTION_MAX_DAYS}. Leave empty to keep them for ever. Older entries are removed by a daily job; the chain stays verifiable.`}
        inputMode="numeric"
        defaultValue={initial ?? ''}
        error={error}
      />
      <FormMessage message={message?.text} tone={message?.tone} />
      <button type="submit" className={buttonClass}>
        Save retention
      </button>
    </form>
  );
}

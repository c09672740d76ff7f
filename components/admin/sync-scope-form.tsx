'use client';

import { useState, type FormEvent } from 'react';
import { SYNC_SCOPE_LABELS, SYNC_SCOPES, syncScopeSchema, type SyncScope } from '@/sync/schema/sync-scope';
import { sendJson } from '../auth/api';
import { buttonClass, FormMessage } from '../auth/field';
import { RadioGroup } from '../ui/radio-group';

const OPTIONS = SYNC_SCOPES.map((s) => ({ id: s, label: SYNC_SCOPE_LABELS[s].label }));
const LOADS: Record<SyncScope, string> = { all: 'the whole organization', team: 'its team’s records', territory: 'its territories’ records', own: 'its own records' };

/** What each phone holds offline: the whole organization, or each person's team's, territories' or own records. */
export function SyncScopeForm({ initial }: { initial: SyncScope }) {
  const [scope, setScope] = useState<SyncScope>(initial);
  const [message, setMessage] = useState<{ text: string; tone: 'danger' | 'success' }>();
  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const res = await sendJson('/api/admin/settings/sync-scope', { scope }, 'PUT');
    setMessage(res.ok ? { text: `Saved. Every phone now loads ${LOADS[scope]} again.`, tone: 'success' } : { text: res.message ?? 'Not saved.', tone: 'danger' });
  }
  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-3">
      <h2 className="text-xl font-semibold">What phones hold offline</h2>
      <RadioGroup
        name="scope"
        label="Each phone holds"
        description={SYNC_SCOPE_LABELS[scope].hint}
        options={OPTIONS}
        value={scope}
        onChange={(v) => setScope(syncScopeSchema.parse(v))}
      />
      <FormMessage message={message?.text} tone={message?.tone} />
      <button type="submit" className={buttonClass}>
        Save what phones hold
      </button>
    </form>
  );
}

'use client';

import { useState } from 'react';
import { Form } from 'react-aria-components';
import { Button } from '@/components/ui/button';
import { Checkbox } from '@/components/ui/checkbox';
import { DateField, dayValue } from '@/components/ui/date-field';
import { Dialog, DialogTrigger } from '@/components/ui/dialog';
import { TextField } from '@/components/ui/text-field';
import { showToast } from '@/components/ui/toast-store';
import { clearDraft, draftKey, loadDraft, saveDraft } from './drafts';
import { dueAtOnDay, formatDay } from './format';
import { currentPosition } from './geolocation';
import type { Activity } from './record-types';
import { createRecord } from './record-writes';
import { useSyncDb } from './use-sync-db';

export interface ActivityLink {
  contactId: string | null;
  companyId: string | null;
  dealId: string | null;
}

type QuickKind = Activity['kind'];

const ACTIONS: readonly { kind: QuickKind; label: string; subject: (about: string) => string }[] = [
  { kind: 'call', label: 'Log a call', subject: (about) => `Call with ${about}` },
  { kind: 'visit', label: 'Log a visit', subject: (about) => `Visit to ${about}` },
  { kind: 'note', label: 'Add a note', subject: (about) => `Note about ${about}` },
  { kind: 'task', label: 'Add a task', subject: (about) => `Follow up with ${about}` },
];

/**
 * One tap to record a call, a visit or a note against a contact, company or deal, or to plan
 * a task about it (due on a day; it shows on the record's timeline and in its author's tasks).
 */
export function QuickActions({ link, about, recordId }: { link: ActivityLink; about: string; recordId: string }) {
  return (
    <div className="flex flex-wrap gap-2">
      {ACTIONS.map((a) => (
        <DialogTrigger key={a.kind}>
          <Button variant="primary">{a.label}</Button>
          <Dialog title={`${a.label}: ${about}`} closeLabel="Close without saving">
            {(close) => <QuickActionForm kind={a.kind} defaultSubject={a.subject(about)} link={link} recordId={recordId} onDone={close} />}
          </Dialog>
        </DialogTrigger>
      ))}
    </div>
  );
}

function QuickActionForm({ kind, defaultSubject, link, recordId, onDone }: { kind: QuickKind; defaultSubject: string; link: ActivityLink; recordId: string; onDone: () => void }) {
  const state = useSyncDb();
  const key = draftKey(`quick-${kind}`, recordId);
  const [values, setValues] = useState(() => loadDraft(key)?.values ?? { subject: defaultSubject, body: '', due: '' });
  const [withLocation, setWithLocation] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [dueError, setDueError] = useState<string | null>(null);
  const task = kind === 'task';
  const [saving, setSaving] = useState(false);

  function change(name: 'subject' | 'body' | 'due', value: string) {
    setValues((prev) => {
      const next = { ...prev, [name]: value };
      saveDraft(key, next);
      return next;
    });
  }

  async function save() {
    if (state.status !== 'ready') return;
    const subject = (values.subject ?? '').trim();
    setError(subject ? null : 'Subject is required.');
    setDueError(task && !values.due ? 'Due date is required.' : null);
    if (!subject || (task && !values.due)) return;
    setSaving(true);
    const position = kind === 'visit' && withLocation ? await currentPosition() : null;
    const now = new Date().toISOString();
    try {
      await createRecord(state.handle.db, 'activities', {
        kind,
        subject,
        body: (values.body ?? '').trim() || null,
        // A task is planned (due, not done); the rest happened now.
        dueAt: task ? dueAtOnDay(values.due!) : null,
        done: !task,
        occurredAt: task ? null : now,
        ...link,
        ownerId: state.handle.userId,
        latitude: position?.latitude ?? null,
        longitude: position?.longitude ?? null,
      });
    } catch (err) {
      // The record rules refuse it on this phone (an auditor logging a call): say why.
      setError((err as Error).message);
      setSaving(false);
      return;
    }
    clearDraft(key);
    setSaving(false);
    const where = kind === 'visit' && withLocation ? (position ? ' with your location' : '; your location was not available') : '';
    showToast(task ? `Added task: ${subject}, due ${formatDay(values.due!)}.` : `Saved: ${subject}${where}.`, 'success');
    onDone();
  }

  return (
    <Form
      className="flex flex-col gap-3"
      validationBehavior="aria"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <TextField label="Subject" isRequired value={values.subject ?? ''} onChange={(v) => change('subject', v)} errorMessage={error ?? undefined} isInvalid={Boolean(error)} autoFocus />
      {task ? (
        <DateField label="Due date" isRequired value={dayValue(values.due)} onChange={(v) => change('due', v ? v.toString() : '')} errorMessage={dueError ?? undefined} isInvalid={Boolean(dueError)} />
      ) : null}
      <TextField label="Notes" multiline value={values.body ?? ''} onChange={(v) => change('body', v)} />
      {kind === 'visit' ? (
        <Checkbox isSelected={withLocation} onChange={setWithLocation}>
          Record where I am (asks for your location)
        </Checkbox>
      ) : null}
      <div className="flex flex-wrap justify-end gap-2">
        <Button type="submit" variant="primary" isDisabled={saving || state.status !== 'ready'}>
          {saving ? 'Saving…' : 'Save'}
        </Button>
      </div>
    </Form>
  );
}


'use client';

import { useState } from 'react';
import { Form } from 'react-aria-components';
import { Button } from '@/components/ui/button';
import { DateField, dayValue } from '@/components/ui/date-field';
import { TextField } from '@/components/ui/text-field';
import { showToast } from '@/components/ui/toast-store';
import { clearDraft, draftKey, loadDraft, saveDraft } from '@/components/records/drafts';
import { dueAtOnDay } from '@/components/records/format';
import { createRecord } from '@/components/records/record-writes';
import { useSyncDb } from '@/components/records/use-sync-db';

const KEY = draftKey('task', null);

/** A task of the signed-in person's; `onAdded` gets its id, so the list can show it first. */
export function NewTaskForm({ onAdded }: { onAdded?: (id: string) => void }) {
  const state = useSyncDb();
  const [values, setValues] = useState(() => (typeof window === 'undefined' ? null : loadDraft(KEY)?.values) ?? { subject: '', due: '' });
  const [errors, setErrors] = useState<{ subject?: string; due?: string }>({});

  function change(name: 'subject' | 'due', value: string) {
    setValues((prev) => {
      const next = { ...prev, [name]: value };
      saveDraft(KEY, next);
      return next;
    });
  }

  async function add() {
    const subject = (values.subject ?? '').trim();
    const found = { subject: subject ? undefined : 'Task is required.', due: values.due ? undefined : 'Due date is required.' };
    setErrors(found);
    if (found.subject || found.due || state.status !== 'ready') return;
    const dueAt = dueAtOnDay(values.due!);
    let id: string;
    try {
      ({ id } = await createRecord(state.handle.db, 'activities', {
        kind: 'task',
        subject,
        body: null,
        dueAt,
        done: false,
        occurredAt: null,
        contactId: null,
        companyId: null,
        dealId: null,
        ownerId: state.handle.userId,
        latitude: null,
        longitude: null,
      }));
    } catch (err) {
      // The record rules refuse it on this phone (an auditor adding a task): say why.
      showToast((err as Error).message, 'error');
      return;
    }
    clearDraft(KEY);
    setValues({ subject: '', due: '' });
    onAdded?.(id);
    showToast(`Added task: ${subject}.`, 'success');
  }

  const due = dayValue(values.due);
  return (
    <Form
      className="flex flex-col gap-3"
      validationBehavior="aria"
      onSubmit={(e) => {
        e.preventDefault();
        void add();
      }}
    >
      <TextField label="Task" isRequired value={values.subject ?? ''} onChange={(v) => change('subject', v)} errorMessage={errors.subject} isInvalid={Boolean(errors.subject)} autoFocus />
      <DateField label="Due date" isRequired value={due} onChange={(v) => change('due', v ? v.toString() : '')} errorMessage={errors.due} isInvalid={Boolean(errors.due)} />
      <div className="flex justify-end">
        <Button type="submit" variant="primary">
          Add task
        </Button>
      </div>
    </Form>
  );
}

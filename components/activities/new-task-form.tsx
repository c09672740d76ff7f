'use client';

import { parseDate, type DateValue } from '@internationalized/date';
import { useState } from 'react';
import { Form } from 'react-aria-components';
import { Button } from '@/components/ui/button';
import { DateField } from '@/components/ui/date-field';
import { TextField } from '@/components/ui/text-field';
import { showToast } from '@/components/ui/toast-store';
import { clearDraft, draftKey, loadDraft, saveDraft } from '@/components/records/drafts';
import { createRecord } from '@/components/records/record-writes';
import { useSyncDb } from '@/components/records/use-sync-db';

const KEY = draftKey('task', null);
/** Tasks without a time are due at the end of the working day. */
const DUE_HOUR = 17;

export function NewTaskForm() {
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
    const [y, m, d] = (values.due ?? '').split('-').map(Number);
    const dueAt = new Date(y!, m! - 1, d!, DUE_HOUR).toISOString();
    try {
      await createRecord(state.handle.db, 'activities', {
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
      });
    } catch (err) {
      // The record rules refuse it on this phone (an auditor adding a task): say why.
      showToast((err as Error).message, 'error');
      return;
    }
    clearDraft(KEY);
    setValues({ subject: '', due: '' });
    showToast(`Added task: ${subject}.`, 'success');
  }

  let due: DateValue | null = null;
  try {
    due = values.due ? parseDate(values.due) : null;
  } catch {
    due = null;
  }
  return (
    <Form
      className="flex flex-col gap-3 sm:flex-row sm:flex-wrap sm:items-start"
      validationBehavior="aria"
      onSubmit={(e) => {
        e.preventDefault();
        void add();
      }}
    >
      <TextField label="Task" isRequired value={values.subject ?? ''} onChange={(v) => change('subject', v)} errorMessage={errors.subject} isInvalid={Boolean(errors.subject)} className="sm:min-w-64" />
      <DateField label="Due date" isRequired value={due} onChange={(v) => change('due', v ? v.toString() : '')} errorMessage={errors.due} isInvalid={Boolean(errors.due)} />
      <Button type="submit" variant="primary" className="sm:mt-7">
        Add task
      </Button>
    </Form>
  );
}

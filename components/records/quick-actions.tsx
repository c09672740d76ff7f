'use client';

import { useState } from 'react';
import { Form, Link as AriaLink } from 'react-aria-components';
import { ListTodo, Mail, MapPin, Phone, PhoneIncoming, StickyNote, type LucideIcon } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Checkbox } from '@/components/ui/checkbox';
import { DateField, dayValue } from '@/components/ui/date-field';
import { Dialog, DialogTrigger } from '@/components/ui/dialog';
import { focusRing, target } from '@/components/ui/styles';
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

const ACTIONS: readonly { kind: QuickKind; label: string; icon: LucideIcon; subject: (about: string) => string }[] = [
  { kind: 'call', label: 'Log a call', icon: PhoneIncoming, subject: (about) => `Call with ${about}` },
  { kind: 'visit', label: 'Log a visit', icon: MapPin, subject: (about) => `Visit to ${about}` },
  { kind: 'note', label: 'Add a note', icon: StickyNote, subject: (about) => `Note about ${about}` },
  { kind: 'task', label: 'Add a task', icon: ListTodo, subject: (about) => `Follow up with ${about}` },
];

/**
 * One bar's look, shared by its links and buttons: on a phone an icon over a short label, in a
 * bar fixed above the tab bar; on desktop a row of buttons under the record's highlights.
 */
const onPhone = 'max-lg:flex-col max-lg:gap-0.5 max-lg:px-0.5 max-lg:text-xs max-lg:leading-tight max-lg:text-center';
const item = `${target} ${focusRing} ${onPhone} inline-flex items-center justify-center rounded-md font-semibold lg:gap-2 lg:border-2 lg:border-border lg:px-4`;
/** The design system's button (hydration-aware), reshaped the same way. */
const itemButton = `${onPhone} lg:border-border lg:bg-bg`;
const icon = 'h-5 w-5 shrink-0';

/**
 * What a rep does from a record, within thumb reach on a phone: call or email the person (when
 * the record has a number or address), and one tap to record a call, a visit or a note, or to
 * plan a task about it (due on a day; it shows on the record's timeline and in its author's
 * tasks). Each visible label starts the control's name, so voice control can say what it sees.
 */
export function QuickActions({ link, about, recordId, phone, email }: { link: ActivityLink; about: string; recordId: string; phone?: string | null; email?: string | null }) {
  // Fixed on a phone: the shell's room at the end of main (for the tab bar and what floats on it) keeps the page's last lines above it.
  return (
    <div
      role="group"
      aria-label="Quick actions"
      data-bottom-bar=""
      data-quick-actions=""
      className="flex gap-2 max-lg:fixed max-lg:inset-x-0 max-lg:bottom-[calc(var(--tab-bar-height)+env(safe-area-inset-bottom))] max-lg:z-30 max-lg:grid max-lg:auto-cols-fr max-lg:grid-flow-col max-lg:gap-0.5 max-lg:border-t max-lg:border-border max-lg:bg-raised max-lg:px-1 max-lg:py-1 max-lg:shadow-[0_-2px_8px_rgb(0_0_0/0.12)] lg:flex-wrap"
    >
      {phone ? (
        <AriaLink href={`tel:${phone.replace(/[^\d+]/g, '')}`} aria-label={`Call ${phone}`} className={`${item} text-link`}>
          <Phone aria-hidden="true" className={icon} />
          Call
        </AriaLink>
      ) : null}
      {email ? (
        <AriaLink href={`mailto:${email}`} aria-label={`Email ${email}`} className={`${item} text-link`}>
          <Mail aria-hidden="true" className={icon} />
          Email
        </AriaLink>
      ) : null}
      {ACTIONS.map((a) => (
        <DialogTrigger key={a.kind}>
          <Button variant="quiet" className={itemButton}>
            <a.icon aria-hidden="true" className={icon} />
            {a.label}
          </Button>
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


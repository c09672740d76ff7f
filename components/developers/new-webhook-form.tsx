'use client';

import { useRef, useState, type FormEvent } from 'react';
import { Form } from 'react-aria-components';
import { Button } from '@/components/ui/button';
import { Checkbox } from '@/components/ui/checkbox';
import { focusAfterRender } from '@/components/ui/focus-after-render';
import { fieldDescription, fieldError, fieldLabel } from '@/components/ui/styles';
import { TextField } from '@/components/ui/text-field';
import { showToast } from '@/components/ui/toast-store';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '@/lib/webhooks/event-types';
import { COLLECTION_NAMES } from '@/sync/schema/collections';
import { ApiError, createWebhook, type WebhookSubscription } from './api';
import { CheckboxGrid } from './checkbox-grid';
import { ErrorSummary, focusField } from './error-summary';
import { fieldProblems, webhookUrlProblem } from './form-problems';
import { RECORD_ACTIONS, RESOURCE_LABELS, RUN_EVENTS } from './labels';

const FIELDS = ['url', 'eventTypes', 'description'] as const;
type Field = (typeof FIELDS)[number];
type Errors = Partial<Record<Field | 'form', string>>;

/** Longest description (the server's schema). */
const DESCRIPTION_MAX = 200;

const ROWS = COLLECTION_NAMES.map((c) => ({ id: c, label: RESOURCE_LABELS[c] }));

function check(url: string, events: readonly WebhookEventType[], description: string): Errors {
  const errors: Errors = {};
  const urlProblem = webhookUrlProblem(url);
  if (urlProblem) errors.url = urlProblem;
  if (events.length === 0) errors.eventTypes = 'Choose at least one event to send.';
  if (description.trim().length > DESCRIPTION_MAX) errors.description = `Shorten the description to ${DESCRIPTION_MAX} characters at most.`;
  return errors;
}

/**
 * Subscribes an address to events: its URL, the events as a grid of record type × created,
 * updated, deleted plus the workflow run events, and an optional description. The browser
 * checks what it can; the server checks the address itself (https, no private or local
 * network) and its answer is shown under the field.
 */
export function NewWebhookForm({ onCreated }: { onCreated: (created: { subscription: WebhookSubscription; secret: string }) => void }) {
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<WebhookEventType[]>([]);
  const [description, setDescription] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [tried, setTried] = useState(false);
  const [saving, setSaving] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
  const form = useRef<HTMLFormElement>(null);

  function toggle(type: WebhookEventType, selected: boolean) {
    // Kept in the server's order, so the list reads the same way everywhere.
    const next = WEBHOOK_EVENT_TYPES.filter((t) => (t === type ? selected : events.includes(t)));
    setEvents(next);
    if (tried) setErrors(check(url, next, description));
  }

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const found = check(url, events, description);
    setErrors(found);
    setTried(true);
    if (Object.keys(found).length) {
      focusAfterRender(() => summary.current);
      return;
    }
    setSaving(true);
    try {
      const created = await createWebhook({ url: url.trim(), eventTypes: events, description: description.trim() || null });
      setUrl('');
      setEvents([]);
      setDescription('');
      setTried(false);
      onCreated(created);
    } catch (err) {
      if (err instanceof ApiError && err.issues.length) {
        setErrors(fieldProblems(err.issues, FIELDS));
        focusAfterRender(() => summary.current);
      } else {
        showToast(`The webhook was not made: ${(err as Error).message}`, 'error');
      }
    } finally {
      setSaving(false);
    }
  }

  const problems = [...FIELDS, 'form' as const].flatMap((f) => (errors[f] ? [{ field: f === 'form' ? 'url' : f, message: errors[f]! }] : []));
  return (
    <div className="flex flex-col gap-stack">
      <ErrorSummary id="new-webhook-errors" ref={summary} problems={problems} onGoTo={(field) => focusField(form.current, field)} />
      <Form ref={form} onSubmit={submit} validationBehavior="aria" aria-labelledby="new-webhook-heading" className="flex flex-col gap-stack">
        <div data-field="url" className="max-w-xl">
          <TextField
            name="url"
            type="url"
            label="Endpoint address"
            isRequired
            value={url}
            onChange={(v) => {
              setUrl(v);
              if (tried) setErrors(check(v, events, description));
            }}
            autoComplete="url"
            description="Where the events are sent, starting with https://. Addresses in private or local networks are refused."
            errorMessage={errors.url}
            isInvalid={Boolean(errors.url)}
          />
        </div>
        <fieldset data-field="eventTypes" aria-describedby={errors.eventTypes ? 'new-webhook-events-error' : undefined} className="flex min-w-0 flex-col gap-2">
          <legend className={fieldLabel}>
            Events <span className="font-normal text-muted">(required)</span>
          </legend>
          <p className={fieldDescription}>Each event is sent once it has happened, from phones, the API, imports and workflows alike.</p>
          <CheckboxGrid
            caption="Record events"
            rowHeader="Records"
            rows={ROWS}
            columns={RECORD_ACTIONS}
            isSelected={(c, action) => events.includes(`${c}.${action}` as WebhookEventType)}
            onChange={(c, action, selected) => toggle(`${c}.${action}` as WebhookEventType, selected)}
            isInvalid={Boolean(errors.eventTypes)}
            errorId="new-webhook-events-error"
          />
          <div role="group" aria-labelledby="run-events-label" className="flex flex-col">
            <p id="run-events-label" className="font-semibold">
              Workflow runs
            </p>
            {RUN_EVENTS.map((r) => (
              <Checkbox
                key={r.id}
                isSelected={events.includes(r.id)}
                onChange={(selected) => toggle(r.id, selected)}
                isInvalid={Boolean(errors.eventTypes)}
                aria-describedby={errors.eventTypes ? 'new-webhook-events-error' : undefined}
              >
                {r.label}
              </Checkbox>
            ))}
          </div>
          {errors.eventTypes ? (
            <p id="new-webhook-events-error" className={fieldError}>
              {errors.eventTypes}
            </p>
          ) : null}
        </fieldset>
        <div data-field="description" className="max-w-xl">
          <TextField
            name="description"
            label="Description"
            value={description}
            onChange={(v) => {
              setDescription(v);
              if (tried) setErrors(check(url, events, v));
            }}
            maxLength={DESCRIPTION_MAX}
            autoComplete="off"
            description="Optional. What receives the events, for example “Marketing tool”."
            errorMessage={errors.description}
            isInvalid={Boolean(errors.description)}
          />
        </div>
        <div>
          <Button type="submit" variant="primary" isPending={saving}>
            {saving ? 'Creating webhook…' : 'Create webhook'}
          </Button>
        </div>
      </Form>
    </div>
  );
}

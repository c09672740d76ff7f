'use client';
import { useState } from 'react';
import { SecretForm } from '@/components/auth/secret-form';
import type { Recipient, Step, Trigger } from '@/lib/workflows/definition';
import { COLLECTIONS, fieldSpec, type Collection } from '@/lib/workflows/record-fields';
import { STEP_LABELS } from '@/lib/workflows/edit-definition';
import { api } from './api';
import { ConditionEditor, Field, FieldSelect, ValueInput, buttonClass, inputClass } from './fields-ui';
import { HookSettings } from './hook-settings';
import { focusAfterRender } from '@/components/ui/focus-after-render';
import { Checkbox } from '@/components/ui/checkbox';

export type Person = { id: string; name: string; email: string; role: string };
export type Secret = { id: string; name: string };

function RecipientSelect({ id, value, onChange, people, hasRecord }: { id: string; value: Recipient; onChange: (r: Recipient) => void; people: Person[]; hasRecord: boolean }) {
  const current = value.type === 'user' ? `user:${value.userId}` : value.type;
  return (
    <select
      id={id}
      className={inputClass}
      value={current}
      onChange={(e) => {
        const v = e.target.value;
        onChange(v.startsWith('user:') ? { type: 'user', userId: v.slice(5) } : ({ type: v } as Recipient));
      }}
    >
      {hasRecord ? <option value="record_owner">The record&apos;s owner</option> : null}
      <option value="workflow_owner">The workflow&apos;s owner</option>
      {people.map((p) => (
        <option key={p.id} value={`user:${p.id}`}>
          {p.name} ({p.role})
        </option>
      ))}
    </select>
  );
}

const UNITS = [
  { label: 'minutes', seconds: 60 },
  { label: 'hours', seconds: 3600 },
  { label: 'days', seconds: 86400 },
];

/** Side-panel form of one step; every change is one edit (undoable, autosaved). */
export function StepForm({ step, collection, people, secrets, onChange, onSecretCreated }: {
  step: Step;
  collection: Collection | undefined;
  people: Person[];
  secrets: Secret[];
  onChange: (s: Step) => void;
  onSecretCreated: (s: Secret) => void;
}) {
  const [secretName, setSecretName] = useState('');
  const [secretValue, setSecretValue] = useState('');
  const [secretError, setSecretError] = useState('');
  return (
    // It holds a signing-secret field: never a GET (components/auth/secret-form.tsx).
    <SecretForm label={`Settings of ${step.name}`} className="" onSubmit={(e) => e.preventDefault()}>
      <p className="mb-2 text-muted">{STEP_LABELS[step.type]}</p>
      <Field label="Step name">{(id) => <input id={id} className={inputClass} value={step.name} onChange={(e) => onChange({ ...step, name: e.target.value })} />}</Field>
      {step.type === 'condition' && collection ? (
        <ConditionEditor legend="If" collection={collection} group={step.group} onChange={(group) => onChange({ ...step, group })} />
      ) : null}
      {step.type === 'update_record' && collection ? (
        <fieldset className="mb-3 rounded border border-border p-2">
          <legend className="px-1 font-medium">Set fields</legend>
          <ol className="space-y-2">
            {step.set.map((item, i) => (
              <li key={i} className="grid grid-cols-1 gap-1 sm:grid-cols-3">
                <FieldSelect label={`Field ${i + 1}`} collection={collection} value={item.field} onChange={(field) => onChange({ ...step, set: step.set.map((x, j) => (j === i ? { field, value: null } : x)) })} />
                <ValueInput label={`Value ${i + 1}`} field={item.field} emptyLabel={item.field === 'ownerId' ? '(no owner)' : undefined} type={fieldSpec(collection, item.field)?.type} value={item.value} onChange={(value) => onChange({ ...step, set: step.set.map((x, j) => (j === i ? { ...x, value } : x)) })} />
                <button type="button" className={buttonClass} onClick={() => onChange({ ...step, set: step.set.filter((_, j) => j !== i) })}>
                  Remove field {i + 1}
                </button>
              </li>
            ))}
          </ol>
          <button type="button" className={`${buttonClass} mt-2`} onClick={() => onChange({ ...step, set: [...step.set, { field: '', value: null }] })}>
            Add field
          </button>
        </fieldset>
      ) : null}
      {step.type === 'create_record' ? (
        <>
          <Field label="Create a">
            {(id) => (
              <select id={id} className={inputClass} value={step.kind} onChange={(e) => onChange({ ...step, kind: e.target.value as 'task' | 'note', dueInHours: e.target.value === 'task' ? (step.dueInHours ?? 24) : undefined })}>
                <option value="task">task</option>
                <option value="note">note</option>
              </select>
            )}
          </Field>
          <Field label="Subject" hint="Placeholders: {{record.name}}, {{workflow.name}}">
            {(id, d) => <input id={id} aria-describedby={d} className={inputClass} value={step.subject} onChange={(e) => onChange({ ...step, subject: e.target.value })} />}
          </Field>
          <Field label="Details">{(id) => <textarea id={id} className={inputClass} value={step.body ?? ''} onChange={(e) => onChange({ ...step, body: e.target.value || undefined })} />}</Field>
          {step.kind === 'task' ? (
            <Field label="Due after (hours)">
              {(id) => <input id={id} type="number" min={0} className={inputClass} value={step.dueInHours ?? 0} onChange={(e) => onChange({ ...step, dueInHours: Math.max(0, Math.round(Number(e.target.value) || 0)) })} />}
            </Field>
          ) : null}
          <Field label="For">{(id) => <RecipientSelect id={id} value={step.assignee} onChange={(assignee) => onChange({ ...step, assignee })} people={people} hasRecord={!!collection} />}</Field>
        </>
      ) : null}
      {step.type === 'assign_owner' ? (
        <fieldset className="mb-3 rounded border border-border p-2">
          <legend className="px-1 font-medium">Team (takes turns)</legend>
          {people.map((p) => (
            <Checkbox key={p.id} isSelected={step.userIds.includes(p.id)} onChange={(checked) => onChange({ ...step, userIds: checked ? [...step.userIds, p.id] : step.userIds.filter((u) => u !== p.id) })}>
              {p.name} ({p.role})
            </Checkbox>
          ))}
        </fieldset>
      ) : null}
      {step.type === 'wait' ? (
        <>
          <Field label="Wait">
            {(id) => (
              <select
                id={id}
                className={inputClass}
                value={step.wait.mode}
                onChange={(e) => onChange({ ...step, wait: e.target.value === 'duration' ? { mode: 'duration', seconds: 86400 } : { mode: 'until_field', field: '', offsetSeconds: 0 } })}
              >
                <option value="duration">for a duration</option>
                {collection ? <option value="until_field">until a date on the record</option> : null}
              </select>
            )}
          </Field>
          {step.wait.mode === 'duration' ? (
            <DurationInput seconds={step.wait.seconds} onChange={(seconds) => onChange({ ...step, wait: { mode: 'duration', seconds } })} />
          ) : collection ? (
            <>
              <Field label="Date field">
                {(id) => <FieldSelect id={id} collection={collection} value={step.wait.mode === 'until_field' ? step.wait.field : ''} filter={(k) => k === 'date' || k === 'datetime'} onChange={(field) => step.wait.mode === 'until_field' && onChange({ ...step, wait: { ...step.wait, field } })} />}
              </Field>
              <Field label="Offset (hours, negative = before)">
                {(id) => <input id={id} type="number" className={inputClass} value={step.wait.mode === 'until_field' ? step.wait.offsetSeconds / 3600 : 0} onChange={(e) => step.wait.mode === 'until_field' && onChange({ ...step, wait: { ...step.wait, offsetSeconds: Math.round((Number(e.target.value) || 0) * 3600) } })} />}
              </Field>
            </>
          ) : null}
        </>
      ) : null}
      {step.type === 'webhook' ? (
        <>
          <Field label="URL">{(id) => <input id={id} type="url" className={inputClass} value={step.url} onChange={(e) => onChange({ ...step, url: e.target.value })} />}</Field>
          <Field label="Signing secret" hint="The request carries an HMAC-SHA256 signature in the x-crm-signature header.">
            {(id, d) => (
              <select id={id} aria-describedby={d} className={inputClass} value={step.secretId ?? ''} onChange={(e) => onChange({ ...step, secretId: e.target.value || undefined })}>
                <option value="">(choose a secret)</option>
                {secrets.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <details className="mb-3">
            <summary className="min-h-target cursor-pointer py-2">New signing secret</summary>
            <Field label="Secret name">{(id) => <input id={id} className={inputClass} value={secretName} onChange={(e) => setSecretName(e.target.value)} />}</Field>
            <Field label="Secret value (at least 16 characters)">{(id) => <input id={id} type="password" autoComplete="off" className={inputClass} value={secretValue} onChange={(e) => setSecretValue(e.target.value)} />}</Field>
            {secretError ? <p role="alert" className="text-danger">{secretError}</p> : null}
            <button
              type="button"
              className={buttonClass}
              onClick={async () => {
                try {
                  const { secret } = await api<{ secret: Secret }>('/api/workflows/secrets', { method: 'POST', body: { name: secretName, value: secretValue } });
                  onSecretCreated(secret);
                  onChange({ ...step, secretId: secret.id });
                  setSecretName('');
                  setSecretValue('');
                  setSecretError('');
                } catch (err) {
                  setSecretError((err as Error).message);
                }
              }}
            >
              Save secret
            </button>
          </details>
          <Field label="Body (JSON template)" hint='JSON; placeholders go where values go, quoted ("{{record.name}}") or bare ({{record.amountCents}}). A placeholder that is a whole value keeps its type (number, text, true/false); inside longer text it is filled in as text. Empty sends workflowId, runId and the record.'>
            {(id, d) => <textarea id={id} aria-describedby={d} className={inputClass} value={step.body ?? ''} onChange={(e) => onChange({ ...step, body: e.target.value || undefined })} />}
          </Field>
          <Field label="Timeout (seconds)">
            {(id) => <input id={id} type="number" min={0.1} max={60} step={0.1} className={inputClass} value={step.timeoutMs / 1000} onChange={(e) => onChange({ ...step, timeoutMs: Math.min(60_000, Math.max(100, Math.round((Number(e.target.value) || 10) * 1000))) })} />}
          </Field>
        </>
      ) : null}
      {step.type === 'notify' ? (
        <>
          <Field label="Notify">{(id) => <RecipientSelect id={id} value={step.recipient} onChange={(recipient) => onChange({ ...step, recipient })} people={people} hasRecord={!!collection} />}</Field>
          <Field label="Message">{(id) => <textarea id={id} className={inputClass} value={step.message} onChange={(e) => onChange({ ...step, message: e.target.value })} />}</Field>
        </>
      ) : null}
    </SecretForm>
  );
}

function DurationInput({ seconds, onChange }: { seconds: number; onChange: (s: number) => void }) {
  const unit = [...UNITS].reverse().find((u) => seconds % u.seconds === 0) ?? UNITS[0];
  const u = unit as (typeof UNITS)[number];
  return (
    <div className="grid grid-cols-2 gap-2">
      <Field label="Amount">{(id) => <input id={id} type="number" min={1} className={inputClass} value={seconds / u.seconds} onChange={(e) => onChange(Math.max(1, Math.round(Number(e.target.value) || 1)) * u.seconds)} />}</Field>
      <Field label="Unit">
        {(id) => (
          <select id={id} className={inputClass} value={u.label} onChange={(e) => onChange((seconds / u.seconds) * (UNITS.find((x) => x.label === e.target.value)?.seconds ?? 60))}>
            {UNITS.map((x) => (
              <option key={x.label}>{x.label}</option>
            ))}
          </select>
        )}
      </Field>
    </div>
  );
}

/** Side-panel form of the trigger. `hook`: the saved workflow, for the incoming-webhook settings. */
export function TriggerForm({ trigger, onChange, hook }: { trigger: Trigger; onChange: (t: Trigger) => void; hook?: { workflowId: string; secretSet: boolean; published: boolean } }) {
  return (
    // Needs JavaScript like the step form: posted before hydration, it reaches the explanation page.
    <SecretForm label="Trigger settings" className="" onSubmit={(e) => e.preventDefault()}>
      <Field label="Start this workflow">
        {(id) => (
          <select
            id={id}
            className={inputClass}
            value={trigger.type}
            onChange={(e) => {
              const t = e.target.value;
              onChange(
                t === 'record'
                  ? { type: 'record', collection: 'deals', events: ['update'] }
                  : t === 'schedule'
                    ? { type: 'schedule', cron: '0 9 * * 1', timezone: 'UTC' }
                    : t === 'webhook'
                      ? { type: 'webhook' }
                      : { type: 'manual' },
              );
            }}
          >
            <option value="record">when a record changes</option>
            <option value="schedule">on a schedule</option>
            <option value="webhook">when a webhook is received</option>
            <option value="manual">manually</option>
          </select>
        )}
      </Field>
      {trigger.type === 'record' || trigger.type === 'manual' ? (
        <Field label="Records">
          {(id) => (
            <select id={id} className={inputClass} value={trigger.collection ?? ''} onChange={(e) => onChange({ ...trigger, collection: (e.target.value || undefined) as Collection } as Trigger)}>
              {trigger.type === 'manual' ? <option value="">(no record)</option> : null}
              {COLLECTIONS.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      {trigger.type === 'record' ? (
        <>
          <fieldset className="mb-3 rounded border border-border p-2">
            <legend className="px-1 font-medium">When a record is</legend>
            {(['create', 'update', 'delete'] as const).map((ev) => (
              <Checkbox key={ev} isSelected={trigger.events.includes(ev)} onChange={(checked) => onChange({ ...trigger, events: checked ? [...trigger.events, ev] : trigger.events.filter((x) => x !== ev) })}>
                {ev === 'create' ? 'created' : ev === 'update' ? 'updated' : 'deleted'}
              </Checkbox>
            ))}
          </fieldset>
          {trigger.filter ? (
            <>
              <ConditionEditor legend="Only when" collection={trigger.collection} group={trigger.filter} onChange={(filter) => onChange({ ...trigger, filter })} />
              <button
                type="button"
                className={buttonClass}
                onClick={(e) => {
                  const form = e.currentTarget.closest('form');
                  onChange({ ...trigger, filter: undefined });
                  // This button goes away: focus moves to the "Add filter" that replaces it.
                  focusAfterRender(() => form?.querySelector<HTMLElement>('[data-add-filter]'));
                }}
              >
                Remove filter
              </button>
            </>
          ) : (
            <button
              type="button"
              data-add-filter=""
              className={buttonClass}
              onClick={(e) => {
                const form = e.currentTarget.closest('form');
                onChange({ ...trigger, filter: { combinator: 'and', conditions: [{ field: '', op: 'changed_to', value: '' }] } });
                // Focus moves to the new filter's first field, not to the top of the page.
                focusAfterRender(() => form?.querySelector<HTMLElement>('select[aria-label="Condition 1 field"]'));
              }}
            >
              Add filter
            </button>
          )}
        </>
      ) : null}
      {trigger.type === 'schedule' ? (
        <>
          <Field label="Cron expression" hint="Five fields: minute hour day month weekday. 0 9 * * 1 = Mondays at 09:00.">
            {(id, d) => <input id={id} aria-describedby={d} className={inputClass} value={trigger.cron} onChange={(e) => onChange({ ...trigger, cron: e.target.value })} />}
          </Field>
          <Field label="Time zone" hint="An IANA name such as UTC or Europe/Paris. One run per due time; after downtime, one catch-up run.">
            {(id, d) => <input id={id} aria-describedby={d} className={inputClass} value={trigger.timezone} onChange={(e) => onChange({ ...trigger, timezone: e.target.value })} />}
          </Field>
        </>
      ) : null}
      {trigger.type === 'webhook' && hook ? <HookSettings {...hook} /> : null}
    </SecretForm>
  );
}


'use client';

import { useRef, useState, type FormEvent } from 'react';
import { Form } from 'react-aria-components';
import { FormMessage } from '@/components/auth/field';
import { problemText } from '@/components/privacy/problem-text';
import { ErrorSummary, focusField } from '@/components/developers/error-summary';
import { fieldProblems } from '@/components/developers/form-problems';
import { Button } from '@/components/ui/button';
import { focusAfterRender } from '@/components/ui/focus-after-render';
import { TextField } from '@/components/ui/text-field';
import { api, ApiError } from '@/components/workflows/api';
import type { RetentionCounts } from '@/lib/retention/preview-retention';
import { RETENTION_BOUNDS, retentionPolicyInput, type RetentionField, type RetentionPolicy } from '@/lib/retention/retention-policy';
import type { RetentionDefaults } from '@/lib/retention/retention-defaults';
import type { RetentionSettings } from '@/lib/retention/retention-settings';

const RETENTION_URL = '/api/admin/settings/retention';
const FIELDS = Object.keys(RETENTION_BOUNDS) as RetentionField[];

export type RetentionValues = Record<RetentionField, string>;
type Errors = Partial<Record<RetentionField | 'form', string>>;

/** Each field's label and what leaving it empty means. */
const FIELD_TEXT: Record<RetentionField, { label: string; blank: (d: RetentionDefaults) => string }> = {
  activitiesDays: { label: 'Keep activities for (days)', blank: () => 'Leave empty to keep them for ever.' },
  closedDealsMonths: { label: 'Keep closed deals for (months)', blank: () => 'Counted from the day a deal was won or lost. Leave empty to keep them for ever.' },
  changeLogDays: { label: 'Keep the change history for (days)', blank: (d) => `Leave empty for the server’s default, now ${d.changeLogDays} days.` },
  runPayloadDays: { label: 'Keep workflow run data for (days)', blank: (d) => `What each run received and produced. Leave empty for the server’s default, now ${d.runPayloadDays} days.` },
  auditDays: { label: 'Keep audit entries for (days)', blank: () => 'Leave empty to keep them for ever. The log stays verifiable after old entries go.' },
};

/** What a preview found, each kind with its noun. */
const PREVIEW_NOUNS: readonly (readonly [keyof RetentionCounts, string, string])[] = [
  ['activities', 'activity', 'activities'],
  ['closedDeals', 'closed deal', 'closed deals'],
  ['changes', 'change in the history', 'changes in the history'],
  ['runPayloads', 'workflow run’s data', 'workflow runs’ data'],
  ['auditEntries', 'audit entry', 'audit entries'],
];

const asValues = (policy: RetentionPolicy): RetentionValues => Object.fromEntries(FIELDS.map((f) => [f, policy[f] === null ? '' : String(policy[f])])) as RetentionValues;

/** The typed values as the server takes them (blank is null), or each field's problem (the server's own schema, run here first). */
export function checkRetention(values: RetentionValues): { policy: RetentionPolicy | null; errors: Errors } {
  const raw = Object.fromEntries(FIELDS.map((f) => [f, values[f].trim() === '' ? null : Number(values[f].trim())]));
  const parsed = retentionPolicyInput.safeParse(raw);
  return parsed.success ? { policy: parsed.data, errors: {} } : { policy: null, errors: fieldProblems(parsed.error.issues, FIELDS) };
}

/**
 * How long the organization keeps each kind of data; a daily job removes what is older. Blank
 * fields keep the default (for ever, or the server's days, shown). It holds the audit log's
 * days too (the value the older audit retention form wrote, stored once). Preview asks the server what
 * enforcing the typed policy would remove now, before anything is saved, and says it in a live
 * region; Save stores it. Checked with the server's own schema first: problems are listed in a
 * summary that takes focus, and under each field.
 */
export function RetentionPolicyForm({ initial }: { initial: RetentionSettings }) {
  const [values, setValues] = useState<RetentionValues>(() => asValues(initial.policy));
  const { defaults } = initial;
  const [errors, setErrors] = useState<Errors>({});
  const [tried, setTried] = useState(false);
  const [preview, setPreview] = useState<RetentionCounts | null>(null);
  // Save pressed before a preview of these values: the preview is shown first, Save again keeps it.
  const [saveAfterPreview, setSaveAfterPreview] = useState(false);
  const [busy, setBusy] = useState<'preview' | 'save' | null>(null);
  const [message, setMessage] = useState<{ text: string; tone: 'danger' | 'success' }>();
  const summary = useRef<HTMLDivElement>(null);
  const form = useRef<HTMLFormElement>(null);

  function change(field: RetentionField, value: string) {
    const next = { ...values, [field]: value };
    setValues(next);
    // A preview of other values would mislead: it goes with the change.
    setPreview(null);
    setSaveAfterPreview(false);
    setMessage(undefined);
    // Once a try has failed, errors follow each change, so every fix is seen to land.
    if (tried) setErrors(checkRetention(next).errors);
  }

  /** The policy to send, or null after showing why not. */
  function checked(): RetentionPolicy | null {
    const { policy, errors: found } = checkRetention(values);
    setErrors(found);
    setTried(true);
    if (!policy) {
      setMessage(undefined);
      focusAfterRender(() => summary.current);
    }
    return policy;
  }

  /** A refusal from the server: beside its field when it names one, else under the buttons. */
  function refused(err: unknown, what: string) {
    if (err instanceof ApiError && err.issues.length) {
      setErrors(fieldProblems(err.issues, FIELDS));
      focusAfterRender(() => summary.current);
    } else {
      setMessage({ text: `${what}: ${problemText(err)}`, tone: 'danger' });
    }
  }

  async function runPreview(beforeSave = false) {
    const policy = checked();
    if (!policy) return;
    setBusy('preview');
    setMessage(undefined);
    try {
      setPreview((await api<{ counts: RetentionCounts }>(`${RETENTION_URL}/preview`, { method: 'POST', body: policy })).counts);
      setSaveAfterPreview(beforeSave);
    } catch (err) {
      refused(err, 'No preview');
    } finally {
      setBusy(null);
    }
  }

  async function save(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    // Removal cannot be undone: what these values remove is shown before they are saved.
    if (!preview) return runPreview(true);
    const policy = checked();
    if (!policy) return;
    setBusy('save');
    try {
      const saved = (await api<{ policy: RetentionPolicy }>(RETENTION_URL, { method: 'PUT', body: policy })).policy;
      setValues(asValues(saved));
      setTried(false);
      setSaveAfterPreview(false);
      setMessage({ text: 'Saved. The daily job removes what is older from now on.', tone: 'success' });
    } catch (err) {
      refused(err, 'Not saved');
    } finally {
      setBusy(null);
    }
  }

  const problems = [...FIELDS, 'form' as const].flatMap((f) => (errors[f] ? [{ field: f === 'form' ? FIELDS[0]! : f, message: errors[f]! }] : []));
  return (
    <section aria-labelledby="retention-heading" className="flex flex-col gap-3">
      <h2 id="retention-heading" className="text-xl font-semibold">
        Data retention
      </h2>
      <p>How long the organization keeps each kind of data. A daily job removes what is older. What a policy would remove now is shown before it is saved.</p>
      <ErrorSummary id="retention-errors" ref={summary} problems={problems} onGoTo={(field) => focusField(form.current, field)} />
      <Form ref={form} onSubmit={save} validationBehavior="aria" aria-labelledby="retention-heading" className="flex flex-col gap-stack">
        {FIELDS.map((f) => {
          const { min, max, unit } = RETENTION_BOUNDS[f];
          return (
            <div key={f} data-field={f} className="max-w-xl">
              <TextField
                name={f}
                label={FIELD_TEXT[f].label}
                inputMode="numeric"
                autoComplete="off"
                value={values[f]}
                onChange={(v) => change(f, v)}
                description={`Between ${min.toLocaleString('en-GB')} and ${max.toLocaleString('en-GB')} ${unit}. ${FIELD_TEXT[f].blank(defaults)}`}
                errorMessage={errors[f]}
                isInvalid={Boolean(errors[f])}
              />
            </div>
          );
        })}
        <div role="status" className="flex flex-col gap-1">
          {preview ? <PreviewList counts={preview} /> : null}
          {preview && saveAfterPreview ? <p>Nothing is saved yet. Press Save data retention again to keep this policy.</p> : null}
        </div>
        {/* Two regions present from the start: a region whose role changes as its text lands is not always read out. */}
        <FormMessage message={message?.tone === 'danger' ? message.text : undefined} tone="danger" />
        <FormMessage message={message?.tone === 'success' ? message.text : undefined} tone="success" />
        <div className="flex flex-wrap gap-cluster">
          <Button variant="secondary" isPending={busy === 'preview'} onPress={() => void runPreview()}>
            {busy === 'preview' ? 'Counting…' : 'Preview what would be removed'}
          </Button>
          <Button type="submit" variant="primary" isPending={busy === 'save'}>
            {busy === 'save' ? 'Saving…' : 'Save data retention'}
          </Button>
        </div>
      </Form>
    </section>
  );
}

/** What a preview found, one line per kind it would remove from ("120 activities"); empty for nothing. */
export function previewLines(counts: RetentionCounts): string[] {
  return PREVIEW_NOUNS.filter(([key]) => counts[key] > 0).map(([key, one, many]) => `${counts[key].toLocaleString('en-GB')} ${counts[key] === 1 ? one : many}`);
}

/** The preview's counts as a short list; the kinds it would leave untouched are left out. */
function PreviewList({ counts }: { counts: RetentionCounts }) {
  const lines = previewLines(counts);
  if (lines.length === 0) return <p className="font-semibold">Enforcing this policy now would remove nothing.</p>;
  return (
    <>
      <p className="font-semibold">Enforcing this policy now would remove:</p>
      <ul className="list-disc ps-6">
        {lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </>
  );
}

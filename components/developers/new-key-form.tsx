'use client';

import type { DateValue } from '@internationalized/date';
import { useRef, useState, type FormEvent } from 'react';
import { Form } from 'react-aria-components';
import { Button } from '@/components/ui/button';
import { DateField } from '@/components/ui/date-field';
import { focusAfterRender } from '@/components/ui/focus-after-render';
import { fieldDescription, fieldError, fieldLabel } from '@/components/ui/styles';
import { TextField } from '@/components/ui/text-field';
import { showToast } from '@/components/ui/toast-store';
import { API_KEY_NAME_MAX, createApiKeyInput, type CreateApiKeyInput } from '@/lib/api-keys/api-key-input';
import { API_ACCESS, API_RESOURCES, type ApiScope } from '@/lib/api-keys/scopes';
import { ApiError, createKey, type IssuedKey } from './api';
import { CheckboxGrid } from './checkbox-grid';
import { ErrorSummary, focusField } from './error-summary';
import { endOfDayUtc, fieldProblems } from './form-problems';
import { RESOURCE_LABELS } from './labels';

const FIELDS = ['name', 'scopes', 'expiresAt'] as const;
type Field = (typeof FIELDS)[number];
type Errors = Partial<Record<Field | 'form', string>>;

const ROWS = API_RESOURCES.map((r) => ({ id: r, label: RESOURCE_LABELS[r] }));
const COLUMNS = API_ACCESS.map((a) => ({ id: a, label: a === 'read' ? 'Read' : 'Write' }));

/** The values as the server takes them, or every problem with them (the server's own schema, run here first). */
function check(name: string, scopes: readonly ApiScope[], day: string | null): { input: CreateApiKeyInput | null; errors: Errors } {
  const input = { name, scopes: [...scopes], expiresAt: endOfDayUtc(day) };
  const parsed = createApiKeyInput.safeParse(input);
  if (parsed.success) return { input, errors: {} };
  return { input: null, errors: reword(fieldProblems(parsed.error.issues, FIELDS)) };
}

/** The schema speaks of instants; the form asks for a day. */
function reword(errors: Errors): Errors {
  return errors.expiresAt ? { ...errors, expiresAt: 'Choose today or a later day for the key to expire, or leave the date empty.' } : errors;
}

/**
 * Makes an API key: a name, its scopes as a grid of resource × read/write, an optional expiry
 * day. Checked with the server's own schema before sending; problems are listed in a summary
 * that takes focus, and under each field.
 */
export function NewKeyForm({ onCreated }: { onCreated: (issued: IssuedKey) => void }) {
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiScope[]>([]);
  const [expires, setExpires] = useState<DateValue | null>(null);
  const [errors, setErrors] = useState<Errors>({});
  const [tried, setTried] = useState(false);
  const [saving, setSaving] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
  const form = useRef<HTMLFormElement>(null);

  /** Once a submit has failed, errors follow each change, so every fix is seen to land. */
  function recheck(nextName: string, nextScopes: readonly ApiScope[], nextDay: DateValue | null) {
    if (tried) setErrors(check(nextName, nextScopes, nextDay?.toString() ?? null).errors);
  }

  function toggleScope(resource: string, access: string, selected: boolean) {
    const scope = `${resource}:${access}` as ApiScope;
    const next = selected ? [...scopes, scope] : scopes.filter((s) => s !== scope);
    setScopes(next);
    recheck(name, next, expires);
  }

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const { input, errors: found } = check(name, scopes, expires?.toString() ?? null);
    setErrors(found);
    setTried(true);
    if (!input) {
      focusAfterRender(() => summary.current);
      return;
    }
    setSaving(true);
    try {
      const issued = await createKey(input);
      setName('');
      setScopes([]);
      setExpires(null);
      setTried(false);
      onCreated(issued);
    } catch (err) {
      if (err instanceof ApiError && err.issues.length) {
        setErrors(reword(fieldProblems(err.issues, FIELDS)));
        focusAfterRender(() => summary.current);
      } else {
        showToast(`The key was not made: ${(err as Error).message}`, 'error');
      }
    } finally {
      setSaving(false);
    }
  }

  const problems = [...FIELDS, 'form' as const].flatMap((f) => (errors[f] ? [{ field: f === 'form' ? 'name' : f, message: errors[f]! }] : []));
  return (
    <div className="flex flex-col gap-stack">
      <ErrorSummary id="new-key-errors" ref={summary} problems={problems} onGoTo={(field) => focusField(form.current, field)} />
      <Form ref={form} onSubmit={submit} validationBehavior="aria" aria-labelledby="new-key-heading" className="flex flex-col gap-stack">
        <div data-field="name" className="max-w-xl">
          <TextField
            name="name"
            label="Name"
            isRequired
            value={name}
            onChange={(v) => {
              setName(v);
              recheck(v, scopes, expires);
            }}
            maxLength={API_KEY_NAME_MAX}
            autoComplete="off"
            description="Say what will use it, for example “Warehouse sync”. Lists and the audit log show it."
            errorMessage={errors.name}
            isInvalid={Boolean(errors.name)}
          />
        </div>
        <fieldset data-field="scopes" aria-describedby={`new-key-scopes-help${errors.scopes ? ' new-key-scopes-error' : ''}`} className="flex min-w-0 flex-col gap-2">
          <legend className={fieldLabel}>
            Scopes <span className="font-normal text-muted">(required)</span>
          </legend>
          <p id="new-key-scopes-help" className={fieldDescription}>
            What the key may do, per resource. Write includes read. Give a key only what its integration needs.
          </p>
          <CheckboxGrid
            caption="Read or write, per resource"
            rowHeader="Resource"
            rows={ROWS}
            columns={COLUMNS}
            isSelected={(r, a) => scopes.includes(`${r}:${a}` as ApiScope)}
            onChange={toggleScope}
            isInvalid={Boolean(errors.scopes)}
            errorId="new-key-scopes-error"
          />
          {errors.scopes ? (
            <p id="new-key-scopes-error" className={fieldError}>
              {errors.scopes}
            </p>
          ) : null}
        </fieldset>
        <div data-field="expiresAt">
          <DateField
            label="Expires on"
            value={expires}
            onChange={(d) => {
              setExpires(d);
              recheck(name, scopes, d);
            }}
            description="Optional. The key works until the end of this day (UTC). Leave it empty for a key that works until it is revoked."
            errorMessage={errors.expiresAt}
            isInvalid={Boolean(errors.expiresAt)}
          />
        </div>
        <div>
          <Button type="submit" variant="primary" isPending={saving}>
            {saving ? 'Creating key…' : 'Create key'}
          </Button>
        </div>
      </Form>
    </div>
  );
}

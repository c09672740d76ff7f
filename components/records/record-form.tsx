'use client';

import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Form } from 'react-aria-components';
import { Button } from '@/components/ui/button';
import { ComboBox } from '@/components/ui/combo-box';
import { DateField, dayValue } from '@/components/ui/date-field';
import { Select, type Option } from '@/components/ui/select';
import { TextField } from '@/components/ui/text-field';
import { clearDraft, draftKey, loadDraft, saveDraft } from './drafts';
import { formatDateTime } from './format';
import type { FieldErrors, FormValues } from './form-validation';

export interface FieldSpec {
  name: string;
  label: string;
  kind: 'text' | 'email' | 'tel' | 'url' | 'multiline' | 'select' | 'combo' | 'date' | 'amount';
  required?: boolean;
  description?: string;
  autoComplete?: string;
  options?: readonly Option[];
}

export interface RecordFormProps {
  /** Names the form for its draft ("contact"), with the record id (null: a new record). */
  draftName: string;
  recordId: string | null;
  fields: readonly FieldSpec[];
  /** The values of the record as stored (or the defaults of a new one). */
  initialValues: FormValues;
  /** Every problem with the values, by field; empty when they can be saved. */
  validate: (values: FormValues) => FieldErrors;
  /** Stores the values (locally); the form clears its draft afterwards. */
  onSave: (values: FormValues) => Promise<void>;
  submitLabel: string;
  onCancel: () => void;
}

/**
 * A record form: visible labels, errors under each field (tied by aria-describedby), an error
 * summary that takes focus on a failed submit, and a draft kept on the device on every
 * keystroke, restored when the form opens again.
 */
export function RecordForm({ draftName, recordId, fields, initialValues, validate, onSave, submitLabel, onCancel }: RecordFormProps) {
  const storageKey = draftKey(draftName, recordId);
  const [restored] = useState(() => (typeof window === 'undefined' ? null : loadDraft(storageKey)));
  const [values, setValues] = useState<FormValues>(() => ({ ...initialValues, ...(restored?.values ?? {}) }));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [submitted, setSubmitted] = useState(false);
  const [saving, setSaving] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const problems = Object.entries(errors);

  useEffect(() => {
    if (submitted && problems.length) summaryRef.current?.focus();
    // Focus moves once per failed submit, not on every later keystroke.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [submitted]);

  function change(name: string, value: string) {
    setValues((prev) => {
      const next = { ...prev, [name]: value };
      saveDraft(storageKey, next);
      // Once the user has tried to submit, errors follow their typing so they see each fix land.
      if (submitted) setErrors(validate(next));
      return next;
    });
  }

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const found = validate(values);
    setErrors(found);
    setSubmitted(false);
    if (Object.keys(found).length) {
      // Re-arm the effect so the summary takes focus even on a second failed submit.
      requestAnimationFrame(() => setSubmitted(true));
      return;
    }
    setSaving(true);
    try {
      await onSave(values);
      clearDraft(storageKey);
    } finally {
      setSaving(false);
    }
  }

  function discardDraft() {
    clearDraft(storageKey);
    setValues(initialValues);
    setErrors({});
  }

  function focusField(name: string) {
    const box = formRef.current?.querySelector(`[data-field="${name}"]`);
    box?.querySelector<HTMLElement>('input, textarea, button, [role="spinbutton"]')?.focus();
  }

  return (
    <div className="flex flex-col gap-4">
      {restored ? (
        <div className="flex flex-wrap items-center gap-2 rounded-md border-2 border-border bg-surface p-3">
          <p>Restored what you typed on {formatDateTime(restored.savedAt)} but had not saved.</p>
          <Button variant="secondary" onPress={discardDraft}>
            Discard unsaved changes
          </Button>
        </div>
      ) : null}
      {problems.length ? (
        <div ref={summaryRef} tabIndex={-1} role="alert" aria-labelledby="error-summary-heading" className="rounded-md border-2 border-danger bg-surface p-3 outline-none focus-visible:outline-3">
          <h2 id="error-summary-heading" className="text-lg font-bold text-danger">
            {problems.length === 1 ? 'There is 1 problem' : `There are ${problems.length} problems`} with this form
          </h2>
          <ul className="flex flex-col">
            {problems.map(([name, message]) => (
              <li key={name}>
                <button type="button" onClick={() => focusField(name)} className="min-h-target text-start text-link underline underline-offset-4">
                  {message}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <Form ref={formRef} onSubmit={submit} validationBehavior="aria" className="flex max-w-xl flex-col gap-4">
        {fields.map((f) => (
          <div key={f.name} data-field={f.name}>
            <FieldInput spec={f} value={values[f.name] ?? ''} error={errors[f.name]} onChange={(v) => change(f.name, v)} />
          </div>
        ))}
        <div className="flex flex-wrap gap-2">
          <Button type="submit" variant="primary" isDisabled={saving}>
            {submitLabel}
          </Button>
          <Button variant="secondary" onPress={onCancel}>
            Cancel
          </Button>
        </div>
      </Form>
    </div>
  );
}

function FieldInput({ spec, value, error, onChange }: { spec: FieldSpec; value: string; error?: string; onChange: (v: string) => void }) {
  const common = { label: spec.label, isRequired: spec.required, description: spec.description, errorMessage: error, isInvalid: Boolean(error) };
  switch (spec.kind) {
    case 'select':
      return <Select {...common} name={spec.name} options={spec.options ?? []} selectedKey={value || null} onSelectionChange={(k) => onChange(k == null ? '' : String(k))} placeholder="Choose one" />;
    case 'combo':
      return (
        <ComboBox
          {...common}
          name={spec.name}
          options={spec.options ?? []}
          selectedKey={value || null}
          onSelectionChange={(k) => onChange(k == null ? '' : String(k))}
          allowsEmptyCollection
        />
      );
    case 'date':
      return <DateField {...common} name={spec.name} value={dayValue(value)} onChange={(d) => onChange(d ? d.toString() : '')} />;
    case 'multiline':
      return <TextField {...common} name={spec.name} multiline value={value} onChange={onChange} />;
    case 'amount':
      return <TextField {...common} name={spec.name} inputMode="decimal" value={value} onChange={onChange} />;
    default:
      return <TextField {...common} name={spec.name} type={spec.kind} autoComplete={spec.autoComplete} value={value} onChange={onChange} />;
  }
}

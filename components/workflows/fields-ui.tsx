'use client';
import { useId, type ReactNode } from 'react';
import { CONDITION_OPS, UNARY_OPS, isGroup, type Condition, type ConditionGroup, type ConditionOp } from '@/lib/workflows/definition';
import { fieldSpec, fieldSpecs, type Collection, type FieldType } from '@/lib/workflows/record-fields';
import { useFieldChoices } from './builder-choices';

import { buttonClass, inputClass } from './control-classes';
import { REFERENCED, RecordValuePicker } from './record-value-picker';

export { buttonClass, inputClass, primaryButtonClass } from './control-classes';

/** A labelled control: the label is always visible and tied to the control by id. */
export function Field({ label, hint, children }: { label: string; hint?: string; children: (id: string, describedBy?: string) => ReactNode }) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div className="mb-3">
      <label htmlFor={id} className="mb-1 block font-medium">
        {label}
      </label>
      {children(id, hintId)}
      {hint ? (
        <p id={hintId} className="mt-1 text-sm text-muted">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

const OP_LABELS: Record<ConditionOp, string> = {
  eq: 'is',
  neq: 'is not',
  gt: 'is greater than',
  gte: 'is at least',
  lt: 'is less than',
  lte: 'is at most',
  contains: 'contains',
  is_empty: 'is empty',
  is_not_empty: 'is not empty',
  changed: 'changed',
  changed_to: 'changed to',
};

/** Turns the text of an input into the value a field of `type` stores. */
export function coerce(type: FieldType | undefined, raw: string): string | number | boolean | null {
  if (raw === '') return type?.kind === 'string' ? '' : null;
  if (type?.kind === 'number') return Number.isFinite(Number(raw)) ? Number(raw) : raw;
  if (type?.kind === 'boolean') return raw === 'true';
  return raw;
}

/**
 * A value for a record field, fitted to its type: a select for enums and booleans, number or
 * text otherwise. `field` (when the value is a whole pipeline, stage, owner or record) offers
 * them by name; the empty choice is null, which validation refuses where a value is needed, or
 * which clears the field (`emptyLabel`, e.g. "(no owner)") where that is meant.
 */
export function ValueInput({
  id,
  type,
  value,
  onChange,
  label,
  field,
  emptyLabel = '(choose)',
}: {
  id?: string;
  type?: FieldType;
  value: unknown;
  onChange: (v: string | number | boolean | null) => void;
  label?: string;
  field?: string;
  emptyLabel?: string;
}) {
  const text = value === null || value === undefined ? '' : String(value);
  // A pipeline, stage or owner is chosen by name; the workflow stores its id.
  const choices = useFieldChoices(field);
  if (field && Object.hasOwn(REFERENCED, field)) return <RecordValuePicker key={field} id={id} field={field} label={label ?? 'Value'} value={value} onChange={onChange} />;
  if (choices) {
    const known = text === '' || choices.some((c) => c.value === text);
    return (
      <select id={id} aria-label={label} className={inputClass} value={text} onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)}>
        <option value="">{emptyLabel}</option>
        {known ? null : <option value={text}>{`Not a current choice: ${text}`}</option>}
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    );
  }
  if (type?.kind === 'enum' || type?.kind === 'boolean') {
    const options = type.kind === 'enum' ? type.values : ['true', 'false'];
    return (
      <select id={id} aria-label={label} className={inputClass} value={text} onChange={(e) => onChange(coerce(type, e.target.value))}>
        <option value="">(choose)</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    );
  }
  return (
    <input
      id={id}
      aria-label={label}
      className={inputClass}
      type={type?.kind === 'number' ? 'number' : type?.kind === 'date' ? 'date' : 'text'}
      value={text}
      onChange={(e) => onChange(coerce(type, e.target.value))}
    />
  );
}

/** Comparisons whose value is a whole pipeline, stage, owner or record, so offered by name. */
const PICKED_OPS: ReadonlySet<ConditionOp> = new Set(['eq', 'neq', 'changed_to']);

/** Field picker for a collection. */
export function FieldSelect({ id, collection, value, onChange, label, filter }: { id?: string; collection: Collection; value: string; onChange: (f: string) => void; label?: string; filter?: (kind: FieldType['kind']) => boolean }) {
  return (
    <select id={id} aria-label={label} className={inputClass} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">(choose a field)</option>
      {fieldSpecs(collection)
        .filter(([, spec]) => !filter || filter(spec.type.kind))
        .map(([name, spec]) => (
          <option key={name} value={name}>
            {spec.label} ({name})
          </option>
        ))}
    </select>
  );
}

/** Edits an AND/OR group: one row per comparison; nested groups are kept and can be removed. */
export function ConditionEditor({ collection, group, onChange, legend }: { collection: Collection; group: ConditionGroup; onChange: (g: ConditionGroup) => void; legend: string }) {
  const set = (i: number, c: Condition | ConditionGroup | null) => {
    const conditions = group.conditions.flatMap((x, j) => (j === i ? (c ? [c] : []) : [x]));
    onChange({ ...group, conditions });
  };
  return (
    <fieldset className="mb-3 rounded border border-border p-2">
      <legend className="px-1 font-medium">{legend}</legend>
      <Field label="Match">
        {(id) => (
          <select id={id} className={inputClass} value={group.combinator} onChange={(e) => onChange({ ...group, combinator: e.target.value as 'and' | 'or' })}>
            <option value="and">all of these (AND)</option>
            <option value="or">any of these (OR)</option>
          </select>
        )}
      </Field>
      <ol className="space-y-2">
        {group.conditions.map((c, i) =>
          isGroup(c) ? (
            <li key={i}>
              <ConditionEditor collection={collection} group={c} onChange={(g) => set(i, g)} legend={`${legend}, group ${i + 1}`} />
              <button type="button" className={buttonClass} onClick={() => set(i, null)}>
                Remove group {i + 1}
              </button>
            </li>
          ) : (
            <li key={i} className="grid grid-cols-1 gap-1 rounded border border-border p-2 sm:grid-cols-3">
              <FieldSelect label={`Condition ${i + 1} field`} collection={collection} value={c.field} onChange={(field) => set(i, { ...c, field, value: '' })} />
              <select aria-label={`Condition ${i + 1} comparison`} className={inputClass} value={c.op} onChange={(e) => set(i, { ...c, op: e.target.value as ConditionOp })}>
                {CONDITION_OPS.map((op) => (
                  <option key={op} value={op}>
                    {OP_LABELS[op]}
                  </option>
                ))}
              </select>
              {UNARY_OPS.includes(c.op) ? (
                <span className="text-muted">(no value)</span>
              ) : (
                <ValueInput
                  label={`Condition ${i + 1} value`}
                  // Picked whole for equality; typed for "contains", "greater than" and the like.
                  field={PICKED_OPS.has(c.op) ? c.field : undefined}
                  type={fieldSpec(collection, c.field)?.type}
                  value={c.value}
                  onChange={(value) => set(i, { ...c, value })}
                />
              )}
              <button type="button" className={buttonClass} onClick={() => set(i, null)}>
                Remove condition {i + 1}
              </button>
            </li>
          ),
        )}
      </ol>
      <div className="mt-2 flex flex-wrap gap-2">
        <button type="button" className={buttonClass} onClick={() => onChange({ ...group, conditions: [...group.conditions, { field: '', op: 'eq', value: '' }] })}>
          Add condition
        </button>
        <button type="button" className={buttonClass} onClick={() => onChange({ ...group, conditions: [...group.conditions, { combinator: group.combinator === 'and' ? 'or' : 'and', conditions: [{ field: '', op: 'eq', value: '' }] }] })}>
          Add nested group
        </button>
      </div>
    </fieldset>
  );
}

// Shared with the browser (the builder's field pickers) and the server (validator, engine):
// which record collections a workflow can see and the type of each field. Field names are
// the SQL column names of lib/db/migrations/0001_core.sql.

export const COLLECTIONS = ['deals', 'contacts', 'companies', 'activities'] as const;
export type Collection = (typeof COLLECTIONS)[number];

export type FieldType =
  | { kind: 'string' }
  | { kind: 'number' }
  | { kind: 'boolean' }
  | { kind: 'date' }
  | { kind: 'datetime' }
  | { kind: 'uuid' }
  | { kind: 'enum'; values: readonly string[] };

export interface FieldSpec {
  type: FieldType;
  label: string;
  /** Workflows may set it with "update record". */
  writable: boolean;
}

const s = (label: string, writable = true): FieldSpec => ({ type: { kind: 'string' }, label, writable });
const n = (label: string): FieldSpec => ({ type: { kind: 'number' }, label, writable: true });
const u = (label: string, writable = true): FieldSpec => ({ type: { kind: 'uuid' }, label, writable });
const d = (label: string): FieldSpec => ({ type: { kind: 'date' }, label, writable: true });
const dt = (label: string, writable = true): FieldSpec => ({ type: { kind: 'datetime' }, label, writable });
const b = (label: string): FieldSpec => ({ type: { kind: 'boolean' }, label, writable: true });
const e = (label: string, values: readonly string[]): FieldSpec => ({ type: { kind: 'enum', values }, label, writable: true });

const common = {
  id: u('Id', false),
  owner_id: u('Owner'),
  created_at: dt('Created at', false),
  updated_at: dt('Updated at', false),
};

export const FIELDS: Record<Collection, Record<string, FieldSpec>> = {
  deals: {
    ...common,
    name: s('Name'),
    pipeline_id: u('Pipeline'),
    stage_id: s('Stage'),
    amount_cents: n('Amount (cents)'),
    currency: s('Currency'),
    close_date: d('Close date'),
    status: e('Status', ['open', 'won', 'lost']),
    company_id: u('Company'),
    contact_id: u('Contact'),
  },
  contacts: {
    ...common,
    first_name: s('First name'),
    last_name: s('Last name'),
    email: s('Email'),
    phone: s('Phone'),
    title: s('Title'),
    company_id: u('Company'),
  },
  companies: {
    ...common,
    name: s('Name'),
    domain: s('Domain'),
    industry: s('Industry'),
    phone: s('Phone'),
    city: s('City'),
    country: s('Country'),
  },
  activities: {
    ...common,
    kind: e('Kind', ['call', 'visit', 'note', 'task']),
    subject: s('Subject'),
    body: s('Body'),
    due_at: dt('Due at'),
    done: b('Done'),
    occurred_at: dt('Occurred at'),
    contact_id: u('Contact'),
    company_id: u('Company'),
    deal_id: u('Deal'),
  },
};

/** The spec of `field` on `collection`, or undefined when the collection has no such field. */
export function fieldSpec(collection: Collection, field: string): FieldSpec | undefined {
  return Object.hasOwn(FIELDS[collection], field) ? FIELDS[collection][field] : undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Why `value` cannot be stored in a field of `type`, or undefined when it fits. `null` fits
 * every type (clearing a field); the database's own NOT NULL checks still apply.
 */
export function valueTypeError(type: FieldType, value: unknown): string | undefined {
  if (value === null) return undefined;
  switch (type.kind) {
    case 'string':
      return typeof value === 'string' ? undefined : 'expects text';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'expects a number';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'expects true or false';
    case 'date':
      return typeof value === 'string' && DATE.test(value) && !Number.isNaN(Date.parse(value))
        ? undefined
        : 'expects a date (YYYY-MM-DD)';
    case 'datetime':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? undefined : 'expects a date and time (ISO 8601)';
    case 'uuid':
      return typeof value === 'string' && UUID.test(value) ? undefined : 'expects an id (UUID)';
    case 'enum':
      return typeof value === 'string' && type.values.includes(value) ? undefined : `expects one of ${type.values.join(', ')}`;
    default: {
      const never: never = type;
      return never;
    }
  }
}

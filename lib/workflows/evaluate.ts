// Shared with the browser: evaluates conditions and fills templates. The engine and the
// dry-run both call these, so what a test run shows is what a real run decides.
import { isGroup, type Condition, type ConditionGroup } from './definition';

export type RecordData = Record<string, unknown>;

/** What a condition can see: the record now, the record before the change, what changed. */
export interface ConditionContext {
  record: RecordData | null;
  before?: RecordData | null;
  changedFields?: readonly string[];
}

function isEmpty(v: unknown): boolean {
  return v === null || v === undefined || v === '';
}

function compare(a: unknown, b: unknown): number | undefined {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') {
    const ta = Date.parse(a);
    const tb = Date.parse(b);
    // Dates and date-times compare by instant; other text compares as text.
    if (!Number.isNaN(ta) && !Number.isNaN(tb) && /^\d{4}-/.test(a) && /^\d{4}-/.test(b)) return ta - tb;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  return undefined;
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const c = compare(a, b);
  return c === 0 && typeof a === typeof b;
}

function changed(field: string, ctx: ConditionContext): boolean {
  if (ctx.changedFields && ctx.changedFields.length > 0) return ctx.changedFields.includes(field);
  if (!ctx.before || !ctx.record) return false;
  return JSON.stringify(ctx.before[field]) !== JSON.stringify(ctx.record[field]);
}

/** Evaluates one comparison against the context. */
export function evaluateCondition(c: Condition, ctx: ConditionContext): boolean {
  const value = ctx.record?.[c.field];
  switch (c.op) {
    case 'eq':
      return equal(value, c.value);
    case 'neq':
      return !equal(value, c.value);
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const d = compare(value, c.value);
      if (d === undefined) return false;
      return c.op === 'gt' ? d > 0 : c.op === 'gte' ? d >= 0 : c.op === 'lt' ? d < 0 : d <= 0;
    }
    case 'contains':
      return typeof value === 'string' && typeof c.value === 'string' && value.toLowerCase().includes(c.value.toLowerCase());
    case 'is_empty':
      return isEmpty(value);
    case 'is_not_empty':
      return !isEmpty(value);
    case 'changed':
      return changed(c.field, ctx);
    case 'changed_to':
      return changed(c.field, ctx) && equal(value, c.value);
    default: {
      const never: never = c.op;
      throw new Error(`unknown operator ${String(never)}`);
    }
  }
}

/** Evaluates an AND/OR group; an empty group is true (no filter). */
export function evaluateGroup(group: ConditionGroup, ctx: ConditionContext): boolean {
  const results = group.conditions.map((item) => (isGroup(item) ? evaluateGroup(item, ctx) : evaluateCondition(item, ctx)));
  return group.combinator === 'and' ? results.every(Boolean) : results.some(Boolean);
}

export interface TemplateScope {
  record?: RecordData | null;
  workflow?: { id: string; name: string };
  run?: { id: string };
}

/** Fills `{{record.field}}`, `{{workflow.name}}` and `{{run.id}}` placeholders; unknown ones become empty. */
export function renderTemplate(text: string, scope: TemplateScope): string {
  return text.replace(/\{\{\s*([a-zA-Z_]+)\.([a-zA-Z0-9_]+)\s*\}\}/g, (_m, root: string, key: string) => {
    const source = (scope as Record<string, Record<string, unknown> | null | undefined>)[root];
    const v = source?.[key];
    return v === null || v === undefined ? '' : String(v);
  });
}

const WHOLE_PLACEHOLDER = /^\{\{\s*([a-zA-Z_]+)\.([a-zA-Z0-9_]+)\s*\}\}$/;
// One placeholder starting exactly at lastIndex (sticky), for the tokenizer below.
const PLACEHOLDER_AT = /\{\{\s*[a-zA-Z_]+\.[a-zA-Z0-9_]+\s*\}\}/y;

/**
 * Puts quotes around placeholders that stand outside JSON strings, so bodies written before
 * bodies were built as data (`{"amount": {{record.amountCents}}}`) still parse. The result
 * means the same: a string that is exactly one placeholder takes the value with its own type.
 * A small tokenizer that knows JSON string literals and their escapes; placeholders inside
 * strings, and all other text, are left as they are (`{{` never occurs outside a string in
 * valid JSON, so JSON without bare placeholders is unchanged).
 */
export function quotePlaceholders(template: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < template.length; ) {
    const ch = template[i] as string;
    if (inString) {
      if (ch === '\\') {
        out += template.slice(i, i + 2); // an escape and the character it escapes
        i += 2;
        continue;
      }
      if (ch === '"') inString = false;
      out += ch;
      i += 1;
      continue;
    }
    if (ch === '"') {
      inString = true;
      out += ch;
      i += 1;
      continue;
    }
    if (ch === '{' && template[i + 1] === '{') {
      PLACEHOLDER_AT.lastIndex = i;
      const m = PLACEHOLDER_AT.exec(template);
      if (m) {
        out += `"${m[0]}"`; // placeholder text holds no quote or backslash
        i += m[0].length;
        continue;
      }
    }
    out += ch;
    i += 1;
  }
  return out;
}

/** Parses a JSON body template (bare placeholders quoted first); throws SyntaxError when it is not JSON. */
export function parseJsonTemplate(template: string): unknown {
  return JSON.parse(quotePlaceholders(template));
}

/**
 * Fills a JSON body template as DATA: the template is parsed as JSON first (placeholders
 * outside strings are quoted, see quotePlaceholders), then placeholders are filled inside
 * string values only; a string that is exactly one placeholder takes the value with its own
 * type (number, boolean, null, text). Returns a value for JSON.stringify.
 * Security: a field value can never add keys, end a string or change the body's shape (a deal
 * named `Big deal","approved":true,"x":"` stays one string). Throws SyntaxError when the
 * template is not JSON; keys are never filled.
 */
export function renderJsonTemplate(template: string, scope: TemplateScope): unknown {
  const fill = (value: unknown): unknown => {
    if (typeof value === 'string') {
      const whole = WHOLE_PLACEHOLDER.exec(value);
      if (!whole) return renderTemplate(value, scope);
      const source = (scope as Record<string, Record<string, unknown> | null | undefined>)[whole[1] as string];
      return source?.[whole[2] as string] ?? null;
    }
    if (Array.isArray(value)) return value.map(fill);
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v)]));
    return value;
  };
  return fill(parseJsonTemplate(template));
}

/**
 * The body a webhook step sends, as a value for JSON.stringify: the step's template filled
 * as data, or, without a template, `{workflowId, runId, record}`. The engine and the dry-run
 * both call this, so a test run shows the shape a real run sends.
 */
export function webhookBody(template: string | undefined, scope: TemplateScope): unknown {
  if (template) return renderJsonTemplate(template, scope);
  return { workflowId: scope.workflow?.id, runId: scope.run?.id, record: scope.record ?? null };
}

import 'server-only';
import { SCRUBBED_TEXT } from '../records/scrubbed-tombstone';

// How a person is found in free text and in copies of their data (workflow inputs, webhook
// payloads, notifications, the change log of other records): by the distinctive values they are
// known by, the same way in SQL (ILIKE) and in JavaScript (redaction), so what is found is what
// is removed.

/**
 * Values shorter than this (characters) are not searched for: a two-letter name or a short
 * extension would match unrelated text everywhere, and removing it there would damage other
 * people's data. Email addresses, phone numbers and full names are far longer.
 */
export const MIN_NEEDLE_CHARS = 5;

/** What a value found in free text or a payload becomes. */
export const REDACTED = SCRUBBED_TEXT;

/** The distinctive values of one version of a contact: its email, phone and full name. */
export function contactNeedles(doc: Record<string, unknown> | null | undefined): string[] {
  if (!doc) return [];
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  const fullName = `${text(doc.firstName)} ${text(doc.lastName)}`.trim();
  return distinctNeedles([text(doc.email), text(doc.phone), fullName]);
}

/** Distinct (ignoring case), long enough values, longest first (so a longer match is removed whole). */
export function distinctNeedles(values: readonly string[]): string[] {
  const seen = new Map<string, string>();
  for (const raw of values) {
    const v = raw.trim();
    if (v.length >= MIN_NEEDLE_CHARS && !seen.has(v.toLowerCase())) seen.set(v.toLowerCase(), v);
  }
  return [...seen.values()].sort((a, b) => b.length - a.length);
}

/** `value` as an ILIKE pattern that matches it anywhere, its wildcards taken literally. */
export function containsPattern(value: string): string {
  return `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * ILIKE patterns (for `col::text ILIKE ANY($n::text[])`) finding any of `values` in a column's
 * text, including inside jsonb, whose text escapes quotes and backslashes the JSON way.
 */
export function likePatterns(values: readonly string[]): string[] {
  const out = new Set<string>();
  for (const v of values) {
    out.add(containsPattern(v));
    const escaped = JSON.stringify(v).slice(1, -1);
    if (escaped !== v) out.add(containsPattern(escaped));
  }
  return [...out];
}

function needleRegex(needles: readonly string[]): RegExp | null {
  if (needles.length === 0) return null;
  return new RegExp(needles.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gi');
}

/** Does `text` contain any of `needles` (ignoring case)? */
export function mentions(text: string | null | undefined, needles: readonly string[]): boolean {
  const re = needleRegex(needles);
  return !!text && !!re && re.test(text);
}

/** `text` with every occurrence of the needles (ignoring case) replaced by REDACTED. */
export function redactText(text: string, needles: readonly string[]): string {
  const re = needleRegex(needles);
  return re ? text.replace(re, REDACTED) : text;
}

/**
 * A JSON value with the needles redacted in every string inside it (keys are names the
 * software chose and stay). Returns the same value when nothing was found.
 */
export function redactJson<T>(value: T, needles: readonly string[]): T {
  const re = needleRegex(needles);
  if (!re) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return v.replace(re, REDACTED);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}

/**
 * A JSON value in which every object that is one of the erased records (its `id` is one of
 * `ids`) is replaced by `{ id, erased: true }`: a stored API answer or a payload that carried
 * the record keeps its shape and says what happened, without the values.
 */
export function eraseRecordObjects<T>(value: T, ids: ReadonlySet<string>): T {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const id = (v as Record<string, unknown>).id;
      if (typeof id === 'string' && ids.has(id)) return { id, erased: true };
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  return walk(value) as T;
}

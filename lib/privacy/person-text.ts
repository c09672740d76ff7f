import 'server-only';
import { SCRUBBED_TEXT } from '../records/scrubbed-tombstone';

// How a person is found in free text and in copies of their data (workflow inputs, webhook
// payloads, notifications, the change log of other records): by the distinctive values they are
// known by, as whole words, the same way in SQL (a POSIX regex, `~*`) and in JavaScript
// (redaction), so what is found is what is removed, and "Ann Lee" never hits "Joann Leeson".
// A word boundary is the edge of the text or a character that is neither a letter nor a digit,
// on both sides (PostgreSQL's [:alnum:] under a UTF-8 locale, \p{L}\p{N} in JavaScript).

/**
 * Values shorter than this (characters) are not searched for: a two-letter name or a short
 * extension would match unrelated text everywhere, and removing it there would damage other
 * people's data. Email addresses, phone numbers and full names are far longer.
 */
export const MIN_NEEDLE_CHARS = 5;

/** What a value found in free text or a payload becomes. */
export const REDACTED = SCRUBBED_TEXT;

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/**
 * A full name, or '' unless both parts are given: a first or last name alone ("Maria",
 * "Smith") is shared by many people and would redact their records too.
 */
export function fullName(first: unknown, last: unknown): string {
  return text(first) && text(last) ? `${text(first)} ${text(last)}` : '';
}

/** The distinctive values of one version of a contact: its email, phone and full name (both parts given). */
export function contactNeedles(doc: Record<string, unknown> | null | undefined): string[] {
  if (!doc) return [];
  return distinctNeedles([text(doc.email), text(doc.phone), fullName(doc.firstName, doc.lastName)]);
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

/** `value` as an ILIKE pattern that matches it anywhere, its wildcards taken literally (ids, searches). */
export function containsPattern(value: string): string {
  return `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * `value` taken literally inside a PostgreSQL (POSIX ARE) regex: every character with a meaning
 * there gets a backslash, which in an ARE makes any non-alphanumeric character literal.
 */
export function escapePosixRegex(value: string): string {
  return value.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}

/** Not a letter or digit, or the edge of the text: the boundaries needleRegex's lookarounds check. */
const LEFT_SQL = '(^|[^[:alnum:]])';
const RIGHT_SQL = '([^[:alnum:]]|$)';
/**
 * In jsonb::text a string's line break or tab is spelled `\n`, `\t`...: the letter after the
 * backslash must not hide a boundary the JSON string has. (A rare literal backslash-n matches
 * too: SQL then finds a superset and the redaction in JavaScript decides.)
 */
const LEFT_JSON_SQL = '(^|[^[:alnum:]]|\\\\[bfnrt]|\\\\u[0-9a-fA-F]{4})';

/** `~*` patterns (for `col ~* ANY($n::text[])`) finding any of `needles` as whole words in a text column. */
export function wordPatterns(needles: readonly string[]): string[] {
  return needles.map((n) => `${LEFT_SQL}${escapePosixRegex(n)}${RIGHT_SQL}`);
}

/**
 * `~*` patterns finding any of `needles` as whole words in a jsonb column's text, whose strings
 * escape quotes and backslashes the JSON way: the needle in both spellings.
 */
export function jsonWordPatterns(needles: readonly string[]): string[] {
  const out = new Set<string>();
  for (const n of needles) {
    for (const spelling of new Set([n, JSON.stringify(n).slice(1, -1)])) out.add(`${LEFT_JSON_SQL}${escapePosixRegex(spelling)}${RIGHT_SQL}`);
  }
  return [...out];
}

function needleRegex(needles: readonly string[]): RegExp | null {
  if (needles.length === 0) return null;
  const alternatives = needles.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives})(?![\\p{L}\\p{N}])`, 'giu');
}

/** Does `text` contain any of `needles` as a whole word (ignoring case)? */
export function mentions(text: string | null | undefined, needles: readonly string[]): boolean {
  const re = needleRegex(needles);
  return !!text && !!re && re.test(text);
}

/** `text` with every whole-word occurrence of the needles (ignoring case) replaced by REDACTED. */
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

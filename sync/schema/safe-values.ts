// Shared by browser and server. The value rules every schema of untrusted input uses, so the
// phone refuses before anything is queued what Postgres would otherwise refuse with an error
// (a 500) later: NUL characters and unpaired UTF-16 surrogates in text, dates that match the
// pattern but do not exist (month 13, 30 February, year 0000), integers beyond their column,
// and JSON nested deep enough to exhaust a recursive parser or validator.
import { z } from 'zod';

/** Range of a Postgres `integer` column. */
export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;

/** Deepest nesting of arrays and objects any JSON body or JSON field may have. */
export const MAX_JSON_DEPTH = 64;

export const UNSAFE_TEXT_MESSAGE = 'must not contain NUL characters or unpaired UTF-16 surrogates';

const SUSPECT = /[\u0000\uD800-\uDFFF]/;

/**
 * True when Postgres can store the string as text: no NUL (text and jsonb refuse it) and no
 * lone surrogate (not encodable as UTF-8; jsonb refuses `\ud800`, text would be silently
 * altered). A loop rather than a lookbehind regex, which older phone browsers cannot compile.
 */
export function isSafeText(s: string): boolean {
  if (!SUSPECT.test(s)) return true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0) return false;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return false;
    }
  }
  return true;
}

/** The one string schema for user text: `z.string()` that refuses what Postgres cannot store. */
export function safeText(): z.ZodString {
  return z.string().refine(isSafeText, UNSAFE_TEXT_MESSAGE);
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * True for an instant exactly as `Date.prototype.toISOString()` prints it, on a day that
 * exists, in years 0001–9999 (Postgres has no year 0; JavaScript does).
 */
export function isRealInstant(v: string): boolean {
  if (!INSTANT.test(v) || v.startsWith('0000')) return false;
  const t = Date.parse(v);
  // The round trip catches 30 February and 24:00, which Date.parse rolls over instead of refusing.
  return !Number.isNaN(t) && new Date(t).toISOString() === v;
}

/** An ISO instant in UTC with milliseconds (`2026-11-22T09:00:00.000Z`) that really exists. */
export function instantString(): z.ZodString {
  return z
    .string()
    .regex(INSTANT, 'must be an ISO instant like 2026-11-22T09:00:00.000Z')
    .refine(isRealInstant, 'is not a real date and time (years 0001–9999)');
}

/** A calendar day `YYYY-MM-DD` that exists (zod checks month and day; Postgres also has no year 0). */
export function dayString(): z.ZodISODate {
  return z.iso.date().refine((v) => !v.startsWith('0000'), 'is not a real date (years 0001–9999)');
}

/** A date and time with an offset (query filters); zod checks the calendar, this the year. */
export function dateTimeString(message: string): z.ZodISODateTime {
  return z.iso.datetime({ offset: true, error: message }).refine((v) => !v.startsWith('0000'), 'is not a real date (years 0001–9999)');
}

/** A JSON value as JSON.parse returns it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface JsonProblem {
  path: (string | number)[];
  message: string;
}

/**
 * Finds the first reason a value is not storable JSON: nested deeper than `maxDepth` arrays
 * and objects, a key or string Postgres cannot store, a non-finite number or a non-JSON type.
 * Iterative, so a hostile 10,000-level value cannot overflow the stack here.
 */
export function findJsonProblem(value: unknown, maxDepth = MAX_JSON_DEPTH): JsonProblem | null {
  // Each frame links to its parent, and a path is only built for the one value that fails:
  // copying a path array per node tripled the cost of checking a 500-document push.
  interface Frame {
    v: unknown;
    depth: number;
    key: string | number | null;
    parent: Frame | null;
  }
  const at = (f: Frame, extra?: string): (string | number)[] => {
    const path: (string | number)[] = extra === undefined ? [] : [extra];
    for (let x: Frame | null = f; x && x.key !== null; x = x.parent) path.push(x.key);
    return path.reverse();
  };
  const stack: Frame[] = [{ v: value, depth: 0, key: null, parent: null }];
  while (stack.length > 0) {
    const f = stack.pop()!;
    const v = f.v;
    if (v === null || typeof v === 'boolean') continue;
    if (typeof v === 'string') {
      if (!isSafeText(v)) return { path: at(f), message: UNSAFE_TEXT_MESSAGE };
      continue;
    }
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return { path: at(f), message: 'must be a finite number' };
      continue;
    }
    if (typeof v !== 'object') return { path: at(f), message: 'must be JSON' };
    if (f.depth + 1 > maxDepth) return { path: at(f), message: `nests deeper than ${maxDepth} levels of arrays and objects` };
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], depth: f.depth + 1, key: i, parent: f });
      continue;
    }
    const proto = Object.getPrototypeOf(v) as unknown;
    if (proto !== Object.prototype && proto !== null) return { path: at(f), message: 'must be JSON' };
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i >= 0; i--) {
      const k = keys[i]!;
      if (!isSafeText(k)) return { path: at(f, k), message: `key ${UNSAFE_TEXT_MESSAGE}` };
      stack.push({ v: (v as Record<string, unknown>)[k], depth: f.depth + 1, key: k, parent: f });
    }
  }
  return null;
}

/** Nesting depth of arrays and objects (0 for a scalar), counted without recursion. */
export function jsonDepth(value: unknown): number {
  let deepest = 0;
  const stack: { v: unknown; depth: number }[] = [{ v: value, depth: 0 }];
  while (stack.length > 0) {
    const { v, depth } = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    deepest = Math.max(deepest, depth + 1);
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push({ v: child, depth: depth + 1 });
  }
  return deepest;
}

/** Free-form JSON (run input, webhook bodies) bounded in depth, with storable strings only. */
export function jsonTree(maxDepth = MAX_JSON_DEPTH): z.ZodType<JsonValue> {
  return z.unknown().superRefine((v, ctx) => {
    const problem = findJsonProblem(v, maxDepth);
    if (problem) ctx.addIssue({ code: 'custom', message: problem.message, path: problem.path });
  }) as unknown as z.ZodType<JsonValue>;
}

/**
 * Checks nesting before `schema` parses (zod recurses once per level, so a 10,000-level value
 * would overflow the stack before any refinement of the schema itself could run).
 */
export function maxDepth<S extends z.ZodType>(schema: S, depth: number, message: string) {
  return z
    .unknown()
    .superRefine((v, ctx) => {
      if (jsonDepth(v) > depth) ctx.addIssue({ code: 'custom', message });
    })
    .pipe(schema);
}

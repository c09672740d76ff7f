// Finding a person in text: whole words only, the same in SQL (`~*`, on the real database,
// PGlite or Postgres) as in JavaScript (redaction), so an erasure never edits a colleague's
// "Joann Leeson" while looking for "Ann Lee".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../db/testing';
import {
  contactNeedles,
  eraseRecordObjects,
  escapePosixRegex,
  fullName,
  jsonWordPatterns,
  mentions,
  redactJson,
  redactText,
  REDACTED,
  wordPatterns,
} from './person-text';

describe('the values a person is searched by', () => {
  it('are the email, phone and full name, long enough to be distinctive, longest first', () => {
    expect(contactNeedles({ firstName: ' Ada ', lastName: 'Lovelace', email: 'ada@example.org', phone: '112', title: 'Countess' })).toEqual(['ada@example.org', 'Ada Lovelace']);
    expect(contactNeedles({ firstName: 'A', lastName: 'Li', email: null, phone: '0800' })).toEqual([]);
  });

  it('never include a first or last name alone: "Maria" names many people', () => {
    expect(contactNeedles({ firstName: 'Maria', lastName: '', email: null, phone: null })).toEqual([]);
    expect(contactNeedles({ firstName: '  ', lastName: 'Smithson', email: null, phone: null })).toEqual([]);
    expect(contactNeedles({ firstName: 'Maria', lastName: ' ' })).toEqual([]);
    expect(fullName('Maria', '')).toBe('');
    expect(fullName(' Maria ', ' Lopez ')).toBe('Maria Lopez');
  });
});

describe('escaping for a PostgreSQL regex', () => {
  it('puts a backslash before every character with a meaning in a POSIX ARE', () => {
    expect(escapePosixRegex('+44 (0) 20')).toBe('\\+44 \\(0\\) 20');
    expect(escapePosixRegex('a.b@x.com')).toBe('a\\.b@x\\.com');
    expect(escapePosixRegex('^[a]{2}|b*c?$\\')).toBe('\\^\\[a\\]\\{2\\}\\|b\\*c\\?\\$\\\\');
    expect(escapePosixRegex("O'Brien-Smith")).toBe("O'Brien-Smith");
  });
});

describe('matching whole words in JavaScript', () => {
  it('redacts every whole-word occurrence, ignoring case, in text and inside JSON values (never keys)', () => {
    const needles = ['ada@example.org', 'Ada Lovelace'];
    expect(mentions('Mail ADA@example.org', needles)).toBe(true);
    expect(mentions('Ada alone', needles)).toBe(false);
    expect(redactText('Call ada lovelace (ada@Example.org)', needles)).toBe(`Call ${REDACTED} (${REDACTED})`);
    expect(redactJson({ 'Ada Lovelace': ['x Ada Lovelace', 3, null] }, needles)).toEqual({ 'Ada Lovelace': [`x ${REDACTED}`, 3, null] });
  });

  it('leaves a longer word that contains the needle: "Ann Lee" is not "Joann Leeson"', () => {
    expect(mentions('Call Joann Leeson', ['Ann Lee'])).toBe(false);
    expect(redactText('Call Joann Leeson, then Ann Lee.', ['Ann Lee'])).toBe(`Call Joann Leeson, then ${REDACTED}.`);
    expect(mentions('mail xada@example.org', ['ada@example.org'])).toBe(false);
    expect(mentions('Zoë Ann Leeé', ['Ann Lee'])).toBe(false);
  });

  it('matches nothing with no needles (id-based scrubbing)', () => {
    expect(mentions('anything', [])).toBe(false);
    expect(redactText('anything', [])).toBe('anything');
    expect(wordPatterns([])).toEqual([]);
    expect(jsonWordPatterns([])).toEqual([]);
  });

  it('replaces an erased record inside a stored answer by its id and a mark', () => {
    const ids = new Set(['r1']);
    expect(eraseRecordObjects({ data: [{ id: 'r1', email: 'x' }, { id: 'r2', email: 'y' }] }, ids)).toEqual({ data: [{ id: 'r1', erased: true }, { id: 'r2', email: 'y' }] });
  });
});

/** Needles and texts that exercise boundaries, case, regex metacharacters and non-ASCII letters. */
const CASES: { needle: string; texts: string[] }[] = [
  { needle: 'Ann Lee', texts: ['Call Joann Leeson', 'Call Ann Lee.', 'ANN LEE', 'Ann Leeé', 'éAnn Lee', '(Ann Lee)', 'Ann Lee9', 'x_Ann Lee', 'Ann\nLee', 'line\nAnn Lee'] },
  { needle: '+44 (0) 20', texts: ['tel +44 (0) 20 7946', 'tel 1+44 (0) 20', '+44 (0) 201', '+44 0 20', '+44 (0) 20'] },
  { needle: 'a.b@x.com', texts: ['to a.b@x.com', 'to axb@x.com', 'to aa.b@x.com', 'to A.B@X.COM;', 'a.b@x.community'] },
  { needle: 'Zoë Öztürk', texts: ['met zoë öztürk', 'met ZOË ÖZTÜRK', 'met Zoë Öztürkler', 'met Zoë Öztürk!'] },
  { needle: 'Dwayne "The Rock" Jo', texts: ['say Dwayne "The Rock" Jo', 'Dwayne "The Rock" Jones'] },
];

describe(`SQL finds exactly what JavaScript redacts (${process.env.DATABASE_URL ? 'Postgres' : 'PGlite'})`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(1);
  }, 60_000);
  afterAll(async () => {
    await t?.dispose();
  });

  it('on text columns, for every case', async () => {
    for (const { needle, texts } of CASES) {
      for (const text of texts) {
        const { rows } = await t.db.query<{ hit: boolean }>('SELECT $1::text ~* ANY($2::text[]) AS hit', [text, wordPatterns([needle])]);
        expect(rows[0]!.hit, `${needle} in ${JSON.stringify(text)}`).toBe(mentions(text, [needle]));
      }
    }
  });

  it('on jsonb text, for every case (line breaks and quotes in their JSON spelling)', async () => {
    for (const { needle, texts } of CASES) {
      for (const text of texts) {
        const { rows } = await t.db.query<{ hit: boolean }>('SELECT jsonb_build_object($1::text, $2::text)::text ~* ANY($3::text[]) AS hit', ['k', text, jsonWordPatterns([needle])]);
        expect(rows[0]!.hit, `${needle} in ${JSON.stringify(text)}`).toBe(mentions(text, [needle]));
      }
    }
  });

  it('the cases include both hits and misses', () => {
    const all = CASES.flatMap(({ needle, texts }) => texts.map((x) => mentions(x, [needle])));
    expect(all.filter(Boolean).length).toBeGreaterThan(8);
    expect(all.filter((x) => !x).length).toBeGreaterThan(8);
  });

  it('an empty needle list finds nothing in SQL', async () => {
    const { rows } = await t.db.query<{ hit: boolean }>('SELECT $1::text ~* ANY($2::text[]) AS hit', ['anything', wordPatterns([])]);
    expect(rows[0]!.hit).toBe(false);
  });
});

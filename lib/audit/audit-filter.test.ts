import { describe, expect, it } from 'vitest';
import { parseAuditParams } from './audit-filter-params';

const parse = (q: string) => parseAuditParams(new URLSearchParams(q));
const issues = (q: string) => (parse(q).error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);

describe('audit filters (shared with the audit page)', () => {
  it('refuse dates that match the pattern but do not exist, naming the filter', () => {
    expect(issues('from=0000-01-01T00:00:00Z')).toEqual([expect.stringMatching(/^from: is not a real date/)]);
    expect(issues('to=2026-13-01T00:00:00Z')).toEqual([expect.stringMatching(/^to: must be a date and time/)]);
    expect(issues('to=2026-02-30T00:00:00Z')).toEqual([expect.stringMatching(/^to: /)]);
    expect(parse('from=2026-11-01T00:00:00Z&to=2026-11-30T23:59:59%2B01:00').success).toBe(true);
  });
  it('refuse NUL and lone surrogates in text filters and huge numbers', () => {
    expect(issues('targetId=a%00b')).toEqual([expect.stringMatching(/^targetId: must not contain NUL/)]);
    expect(issues('targetType=%ED%A0%80')).toEqual([]); // URL decoding turns a lone surrogate's bytes into U+FFFD
    expect(issues('beforeSeq=99999999999999999999')).toEqual([expect.stringMatching(/^beforeSeq: /)]);
  });
});

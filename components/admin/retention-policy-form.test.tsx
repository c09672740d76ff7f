import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { checkRetention, previewLines, RetentionPolicyForm, type RetentionValues } from './retention-policy-form';

const blank: RetentionValues = { activitiesDays: '', closedDealsMonths: '', changeLogDays: '', runPayloadDays: '', auditDays: '' };

describe('the retention form, checked with the server schema before sending', () => {
  it('sends blank fields as null (the default) and numbers as numbers', () => {
    expect(checkRetention(blank)).toEqual({ policy: { activitiesDays: null, closedDealsMonths: null, changeLogDays: null, runPayloadDays: null, auditDays: null }, errors: {} });
    expect(checkRetention({ ...blank, activitiesDays: ' 30 ', closedDealsMonths: '24' }).policy).toMatchObject({ activitiesDays: 30, closedDealsMonths: 24 });
  });
  it('names each field that is out of bounds or not a whole number, beside it', () => {
    const { policy, errors } = checkRetention({ ...blank, activitiesDays: '0', closedDealsMonths: '1.5', auditDays: 'a year' });
    expect(policy).toBeNull();
    expect(errors.activitiesDays).toBe('Activities: keep at least 30 days.');
    expect(errors.closedDealsMonths).toMatch(/^Closed deals: enter a whole number of months/);
    expect(errors.auditDays).toMatch(/^Audit log: enter a whole number of days/);
    expect(errors.changeLogDays).toBeUndefined();
  });
  it('says what a preview would remove, leaving out the kinds it would not touch', () => {
    expect(previewLines({ activities: 1200, closedDeals: 1, changes: 0, runPayloads: 2, auditEntries: 0 })).toEqual(['1,200 activities', '1 closed deal', '2 workflow runs’ data']);
    expect(previewLines({ activities: 0, closedDeals: 0, changes: 0, runPayloads: 0, auditEntries: 0 })).toEqual([]);
  });
});

describe('the retention form as the server draws it', () => {
  it('shows the saved days, and what a blank field means, tied to each input', () => {
    const html = renderToString(
      <RetentionPolicyForm
        initial={{ policy: { activitiesDays: 365, closedDealsMonths: null, changeLogDays: null, runPayloadDays: 14, auditDays: null }, defaults: { changeLogDays: 90, runPayloadDays: 30 } }}
      />,
    );
    expect(html).toContain('Data retention');
    expect(html).toMatch(/<input[^>]*name="activitiesDays"[^>]*value="365"/);
    expect(html).toMatch(/<input[^>]*name="closedDealsMonths"[^>]*value=""/);
    expect(html).toContain('Leave empty for the server’s default, now 90 days.');
    expect(html).toContain('Between 30 and 3,650 days.');
    // Each hint is the input's description (aria-describedby), not loose text beside it.
    const input = /<input[^>]*name="changeLogDays"[^>]*>/.exec(html)?.[0] ?? '';
    const describedBy = /aria-describedby="([^"]+)"/.exec(input)?.[1] ?? '';
    expect(describedBy).not.toBe('');
    expect(describedBy.split(' ').some((id) => new RegExp(`id="${id}"[^>]*>Between 7 and 3,650 days`).test(html))).toBe(true);
  });
});

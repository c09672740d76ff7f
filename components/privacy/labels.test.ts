import { describe, expect, it } from 'vitest';
import { contactName, countText, summaryText } from './labels';

describe('privacy request labels', () => {
  it('says each count with its noun, one or many', () => {
    expect(countText('contacts', 1)).toBe('1 contact');
    expect(countText('activities', 3)).toBe('3 activities');
    expect(countText('changes', 1200)).toBe('1,200 changes in the history');
    expect(countText('someNewThing', 2)).toBe('2 some new thing');
  });
  it('lists what a request found, the contact first, leaving out zeros', () => {
    expect(summaryText({ workflowRuns: 1, somethingNew: 2, activities: 3, deals: 0, contacts: 1 })).toBe('1 contact, 3 activities, 1 workflow run, 2 something new');
    expect(summaryText({ contacts: 0 })).toBe('Nothing found');
    expect(summaryText({})).toBe('Nothing found');
    expect(summaryText({ contacts: 1, deals: 2 }, 'erase')).toBe('1 contact, 2 deals kept but unlinked');
    expect(summaryText({ contacts: 1, deals: 1 }, 'export')).toBe('1 contact, 1 deal');
  });
  it('names a contact by name, else by email', () => {
    expect(contactName({ firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' })).toBe('Ada Lovelace');
    expect(contactName({ firstName: ' ', lastName: '', email: 'ada@example.com' })).toBe('ada@example.com');
    expect(contactName({ firstName: '', lastName: '', email: null })).toBe('Unnamed contact');
  });
});

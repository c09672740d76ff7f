import { describe, expect, it } from 'vitest';
import { compareText, matchesTerms, queryTerms, searchItems, searchTextOf } from './search';

const ada = { id: 'a', searchText: searchTextOf(['Ada Lovelace', 'ada@analytical.example', '+44 7123 456789', 'Analytical Engines Ltd']) };
const zoe = { id: 'z', searchText: searchTextOf(['Zoë Quinn', null, '+33 4 98 76 54 32', 'Bistro Zéro']) };
const items = [ada, zoe];

describe('contact search', () => {
  it('finds by name, email, company and in any word order, ignoring case and accents', () => {
    expect(searchItems(items, 'lovelace').map((i) => i.id)).toEqual(['a']);
    expect(searchItems(items, 'ADA@ANALYTICAL').map((i) => i.id)).toEqual(['a']);
    expect(searchItems(items, 'engines ada').map((i) => i.id)).toEqual(['a']);
    expect(searchItems(items, 'zoe zero').map((i) => i.id)).toEqual(['z']);
  });

  it('finds phone numbers typed with or without spaces and with a trunk zero', () => {
    expect(searchItems(items, '7123 456').map((i) => i.id)).toEqual(['a']);
    expect(searchItems(items, '7123456789').map((i) => i.id)).toEqual(['a']);
    expect(searchItems(items, '07123456789').map((i) => i.id)).toEqual(['a']);
    expect(searchItems(items, '98 76 54').map((i) => i.id)).toEqual(['z']);
  });

  it('keeps everything for an empty query and nothing when one term misses', () => {
    expect(searchItems(items, '   ')).toHaveLength(2);
    expect(searchItems(items, 'ada zoe')).toHaveLength(0);
    expect(matchesTerms(ada.searchText, queryTerms('nobody'))).toBe(false);
  });
});

describe('sorting names', () => {
  it('ignores case and accents and orders numbers by value', () => {
    expect(compareText('Zoë', 'zoe')).toBe(0);
    expect(['Item 10', 'item 2', 'Ada'].sort(compareText)).toEqual(['Ada', 'item 2', 'Item 10']);
  });
});

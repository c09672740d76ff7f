import { describe, expect, it } from 'vitest';
import { safeNextPath } from './safe-next-path';

describe('safeNextPath (where sign-in goes on to)', () => {
  it('keeps paths on this site', () => {
    expect(safeNextPath('/deals/42?tab=notes')).toBe('/deals/42?tab=notes');
    expect(safeNextPath('/invite/abc_DEF-123')).toBe('/invite/abc_DEF-123');
  });

  it('refuses anything a browser would read as another site', () => {
    for (const bad of ['//evil.example', '/\\evil.example', '/\t/evil.example', '/\n/evil.example', 'https://evil.example', 'evil', '', null, undefined]) {
      expect(safeNextPath(bad), JSON.stringify(bad)).toBe('/today');
    }
  });
});

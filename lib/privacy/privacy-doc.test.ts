import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PERSONAL_DATA_MAP } from './personal-data-map';
import { personalDataSection, withPersonalDataSection } from './privacy-doc';

const DOC = path.resolve(__dirname, '../../docs/privacy.md');

describe('docs/privacy.md', () => {
  it('holds the personal data map as the code has it (run `npm run docs:privacy` after changing the map)', () => {
    const doc = readFileSync(DOC, 'utf8');
    expect(withPersonalDataSection(doc)).toBe(doc);
  });

  it('names every table of the map', () => {
    const section = personalDataSection();
    for (const table of Object.keys(PERSONAL_DATA_MAP)) expect(section).toContain(`\`${table}\``);
  });
});

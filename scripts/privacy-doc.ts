// Rewrites docs/privacy.md's generated section from lib/privacy/personal-data-map.ts.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { withPersonalDataSection } from '../lib/privacy/privacy-doc';

const file = path.resolve(process.cwd(), 'docs/privacy.md');
writeFileSync(file, withPersonalDataSection(readFileSync(file, 'utf8')));
console.log(`wrote ${path.relative(process.cwd(), file)}`);

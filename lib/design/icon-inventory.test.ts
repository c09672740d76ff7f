import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appIcons } from './icon-inventory';

const ROOT = path.resolve(import.meta.dirname, '../..');
// The design-system page imports every icon to show it; it is the list, not a user of it.
const SKIP = new Set(['node_modules', '.next', 'design-system']);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return SKIP.has(e.name) ? [] : sources(p);
    return /\.(ts|tsx)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

/** Icon names imported from lucide-react in the app's own code, with the files using each. */
function usedIcons(): Map<string, string[]> {
  const used = new Map<string, string[]>();
  for (const file of ['app', 'components', 'lib', 'sync'].flatMap((d) => sources(path.join(ROOT, d)))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/import\s+(type\s+)?\{([^}]*)\}\s*from\s*['"]lucide-react['"]/g)) {
      if (m[1]) continue;
      for (const part of (m[2] ?? '').split(',')) {
        const name = part.trim().split(/\s+as\s+/)[0]?.trim() ?? '';
        if (!name || name.startsWith('type ') || name.startsWith('Lucide')) continue;
        used.set(name, [...(used.get(name) ?? []), path.relative(ROOT, file)]);
      }
    }
  }
  return used;
}

describe('icon inventory (lib/design/icon-inventory.ts)', () => {
  it('lists every lucide icon the app imports, so the design-system page shows it', () => {
    const missing = [...usedIcons()].filter(([name]) => !(name in appIcons)).map(([name, files]) => `${name} (${files.join(', ')})`);
    expect(missing, 'add these to appIcons with their meaning').toEqual([]);
  });
  it('lists no icon the app no longer uses', () => {
    const used = usedIcons();
    expect(Object.keys(appIcons).filter((name) => !used.has(name))).toEqual([]);
  });
});

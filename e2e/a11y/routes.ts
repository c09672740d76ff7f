// The list of pages to audit, read from the file system so a new page cannot be forgotten:
// every app/**/page.tsx becomes a route; route groups "(crm)" and private folders "_x" never
// appear in URLs; dynamic segments "[id]" take a sample value from ROUTE_SAMPLES.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ROUTE_SAMPLES } from './route-samples';

export interface DiscoveredRoute {
  /** The route as written in the file system, e.g. "/contacts/[id]". */
  pattern: string;
  /** A URL to open, with every dynamic segment filled from ROUTE_SAMPLES. */
  url: string;
  /** Segments with no sample value; a non-empty list makes the coverage test fail. */
  missingSamples: string[];
  file: string;
}

const PAGE_FILE = /^page\.(tsx|ts|jsx|js|mdx)$/;

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) {
      // Private folders and API routes hold no pages; parallel routes (@slot) render inside others.
      if (name.startsWith('_') || name.startsWith('@') || name === 'api') continue;
      walk(full, out);
    } else if (PAGE_FILE.test(name)) {
      out.push(full);
    }
  }
}

/** Turns "app/(crm)/contacts/[id]/page.tsx" into "/contacts/[id]". */
export function routePattern(appDir: string, file: string): string {
  const segments = path
    .relative(appDir, path.dirname(file))
    .split(path.sep)
    .filter((s) => s !== '' && !(s.startsWith('(') && s.endsWith(')')));
  return `/${segments.join('/')}`;
}

/** Fills "[id]", "[...slug]" and "[[...slug]]" from the sample map; reports what is missing. */
export function fillSamples(pattern: string, samples: Readonly<Record<string, string>>): { url: string; missing: string[] } {
  const missing: string[] = [];
  const url = pattern.replace(/\[\[?(?:\.\.\.)?([^\]]+)\]?\]/g, (whole, name: string) => {
    const value = samples[`${pattern}:${name}`] ?? samples[name];
    if (value === undefined) {
      missing.push(whole);
      return whole;
    }
    return value;
  });
  return { url, missing };
}

/** Every page under `appDir`, sorted by pattern. */
export function discoverRoutes(appDir = path.resolve(import.meta.dirname, '../../app')): DiscoveredRoute[] {
  const files: string[] = [];
  walk(appDir, files);
  return files
    .map((file) => {
      const pattern = routePattern(appDir, file);
      const { url, missing } = fillSamples(pattern, ROUTE_SAMPLES);
      return { pattern, url, missingSamples: missing, file: path.relative(process.cwd(), file) };
    })
    .sort((a, b) => a.pattern.localeCompare(b.pattern));
}

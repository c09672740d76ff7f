// Bench tooling: one browser script (IIFE) built from `source` with esbuild, for libraries that
// ship CommonJS modules only (PouchDB, Dexie) and are loaded into a bench page.
import { build } from 'esbuild';

export async function browserBundle(source: string): Promise<string> {
  const out = await build({
    stdin: { contents: source, resolveDir: process.cwd(), loader: 'js' },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.text;
}

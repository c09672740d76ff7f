import 'server-only';
import type { z } from 'zod';
import { findJsonProblem } from '@/sync/schema/safe-values';
import { AppError, ErrorCode } from './app-error';

/** Default cap on request bodies (bytes); sync raises it for push batches. */
export const DEFAULT_MAX_BODY_BYTES = 1_000_000;

const tooLarge = (maxBytes: number) => new AppError(ErrorCode.PayloadTooLarge, `Body over ${maxBytes} bytes.`);

/**
 * Reads a request body as a stream, at most `maxBytes` of it: 413 as soon as the declared
 * Content-Length or the bytes received pass the limit, and the rest is never read.
 */
export async function readBodyBytes(req: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(req.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!req.body) return new Uint8Array(new ArrayBuffer(0));
  // Security: a chunked body has no Content-Length, and req.text() buffers all of it before
  // anyone can look at its size (300 MB grew the server by 870 MB). Count while reading and
  // cancel the stream once over the limit, so an attacker costs us at most limit + one chunk.
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return bytes;
}

/** Decodes UTF-8 strictly: 400 for bytes that are not UTF-8 (never silently replaced, signatures cover the bytes). */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new AppError(ErrorCode.BadRequest, 'The body is not valid UTF-8.');
  }
}

/**
 * Reads a JSON request's raw text (signature checks need the exact bytes): 415 when it is not
 * JSON, 413 when larger than `maxBytes` (enforced while reading), 400 when not UTF-8. Parse it
 * with parseJson.
 */
export async function readJsonText(req: Request, maxBytes = DEFAULT_MAX_BODY_BYTES): Promise<string> {
  const type = req.headers.get('content-type') ?? '';
  if (!type.toLowerCase().startsWith('application/json')) {
    throw new AppError(ErrorCode.UnsupportedMediaType, 'Send the body as application/json.');
  }
  return decodeUtf8(await readBodyBytes(req, maxBytes));
}

/**
 * Parses and validates JSON text: 400 when malformed, 422 naming the path of a value no
 * schema may accept (nested deeper than MAX_JSON_DEPTH, NUL or a lone surrogate in a string),
 * 422 with every schema issue listed.
 */
export function parseJson<S extends z.ZodType>(text: string, schema: S): z.infer<S> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError(ErrorCode.BadRequest, 'The body is not valid JSON.');
  }
  // Security: checked iteratively before any schema recurses into the value (a 10,000-level
  // body overflowed zod's stack: a 500), and before free-form JSON (run input, webhook bodies)
  // reaches a jsonb column that refuses \u0000 with an error.
  const problem = findJsonProblem(value);
  if (problem) {
    const path = problem.path.join('.') || '(body)';
    throw new AppError(ErrorCode.Validation, `Invalid request: ${path}: ${problem.message}`, [{ path, message: problem.message }]);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message }));
    throw new AppError(ErrorCode.Validation, `Invalid request: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  }
  return parsed.data;
}

/**
 * Reads and validates a JSON body: 415 when it is not JSON, 413 when too large, 400 when
 * malformed, 422 with every schema issue listed. Never lets a client mistake become a 500.
 */
export async function readJson<S extends z.ZodType>(req: Request, schema: S, maxBytes = DEFAULT_MAX_BODY_BYTES): Promise<z.infer<S>> {
  return parseJson(await readJsonText(req, maxBytes), schema);
}

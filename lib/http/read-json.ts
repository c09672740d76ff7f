import 'server-only';
import type { z } from 'zod';
import { AppError, ErrorCode } from './app-error';

/** Default cap on request bodies (bytes); sync raises it for push batches. */
export const DEFAULT_MAX_BODY_BYTES = 1_000_000;

/**
 * Reads a JSON request's raw text (signature checks need the exact bytes): 415 when it is not
 * JSON, 413 when larger than `maxBytes`. Parse it with parseJson.
 */
export async function readJsonText(req: Request, maxBytes = DEFAULT_MAX_BODY_BYTES): Promise<string> {
  const type = req.headers.get('content-type') ?? '';
  if (!type.toLowerCase().startsWith('application/json')) {
    throw new AppError(ErrorCode.UnsupportedMediaType, 'Send the body as application/json.');
  }
  const declared = Number(req.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw new AppError(ErrorCode.PayloadTooLarge, `Body over ${maxBytes} bytes.`);
  const text = await req.text();
  if (Buffer.byteLength(text) > maxBytes) throw new AppError(ErrorCode.PayloadTooLarge, `Body over ${maxBytes} bytes.`);
  return text;
}

/** Parses and validates JSON text: 400 when malformed, 422 with every schema issue listed. */
export function parseJson<S extends z.ZodType>(text: string, schema: S): z.infer<S> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError(ErrorCode.BadRequest, 'The body is not valid JSON.');
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

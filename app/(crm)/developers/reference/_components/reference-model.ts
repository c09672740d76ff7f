// What the API reference page shows, read from the OpenAPI document: operations grouped by tag
// (resource), each with its parameters, request body fields and responses, and every named
// schema with its fields. Pure: the page renders this model as HTML, and a test reads the real
// document through it.
import type { oas32 } from 'zod-openapi';

type Schema = oas32.SchemaObject | oas32.ReferenceObject;

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
type Method = (typeof METHODS)[number];

export interface FieldView {
  name: string;
  type: string;
  required: boolean;
  description: string;
}

export interface ParameterView extends FieldView {
  in: string;
}

export interface ResponseView {
  status: string;
  description: string;
  /** The body's type and media type, e.g. "Contact (application/json)"; null when there is none. */
  body: string | null;
  headers: string[];
}

export interface OperationView {
  /** The operationId, used for anchors. */
  id: string;
  method: string;
  /** The full path, server prefix included: /api/v1/contacts/{id}. */
  path: string;
  summary: string;
  description: string | null;
  /** The scope an API key needs, e.g. "contacts:read" (reads need read; every write needs write). */
  scope: string | null;
  parameters: ParameterView[];
  body: { type: string; mediaType: string; fields: FieldView[] } | null;
  responses: ResponseView[];
}

export interface TagView {
  tag: string;
  operations: OperationView[];
}

export interface SchemaView {
  name: string;
  type: string;
  description: string | null;
  fields: FieldView[];
}

export interface ReferenceView {
  title: string;
  version: string;
  description: string | null;
  basePath: string;
  tags: TagView[];
  schemas: SchemaView[];
}

function isRef(s: Schema | undefined): s is oas32.ReferenceObject {
  return typeof s === 'object' && s !== null && typeof (s as { $ref?: unknown }).$ref === 'string';
}

/** "#/components/schemas/Contact" → "Contact". */
export function refName(ref: string): string {
  return ref.split('/').pop() ?? ref;
}

function resolve(doc: oas32.OpenAPIObject, s: Schema | undefined): oas32.SchemaObjectValue | null {
  if (s === undefined || typeof s === 'boolean') return null;
  if (isRef(s)) {
    const target = doc.components?.schemas?.[refName(s.$ref)];
    return target === undefined || isRef(target) || typeof target === 'boolean' ? null : target;
  }
  return s;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Length, size and range limits in words, e.g. "at most 200 characters", "1 to 1000". */
function limits(s: oas32.SchemaObjectValue): string[] {
  const out: string[] = [];
  const { minLength, maxLength, minimum, maximum, minItems, maxItems } = s as Record<string, number | undefined>;
  if (maxLength !== undefined) out.push(minLength ? `${minLength} to ${plural(maxLength, 'character', 'characters')}` : `at most ${plural(maxLength, 'character', 'characters')}`);
  else if (minLength) out.push(`at least ${plural(minLength, 'character', 'characters')}`);
  // zod bounds every integer by the safe range: that says nothing a reader needs.
  const min = minimum === undefined || Math.abs(minimum) >= Number.MAX_SAFE_INTEGER ? undefined : minimum;
  const max = maximum === undefined || Math.abs(maximum) >= Number.MAX_SAFE_INTEGER ? undefined : maximum;
  if (min !== undefined && max !== undefined) out.push(`${min} to ${max}`);
  else if (min !== undefined) out.push(`at least ${min}`);
  else if (max !== undefined) out.push(`at most ${max}`);
  if (maxItems !== undefined) out.push(minItems ? `${minItems} to ${plural(maxItems, 'item', 'items')}` : `at most ${plural(maxItems, 'item', 'items')}`);
  else if (minItems) out.push(`at least ${plural(minItems, 'item', 'items')}`);
  return out;
}

/**
 * A schema's type in words: a named schema by its name, unions joined with "or", arrays as
 * "array of …", enums listed, formats and limits in brackets, the default at the end.
 */
export function typeText(s: Schema | undefined): string {
  if (s === undefined || s === true) return 'any';
  if (s === false) return 'nothing';
  if (isRef(s)) return refName(s.$ref);
  const v: oas32.SchemaObjectValue = s;
  let text: string;
  const union = v.anyOf ?? v.oneOf;
  if (union) text = union.map((u) => typeText(u)).join(' or ');
  else if (Array.isArray(v.enum)) text = `one of ${v.enum.map((e) => String(e)).join(', ')}`;
  else if (v.const !== undefined) text = `exactly ${JSON.stringify(v.const)}`;
  else if (Array.isArray(v.type)) text = v.type.join(' or ');
  else if (v.type === 'array') text = `array of ${typeText(v.items)}`;
  else text = v.type ?? (v.properties ? 'object' : 'any');
  const notes = [...(v.format && !union ? [v.format] : []), ...limits(v)];
  if (notes.length) text += ` (${notes.join(', ')})`;
  if (v.default !== undefined) text += `, default ${JSON.stringify(v.default)}`;
  return text;
}

function describe(s: Schema | undefined, fallback = ''): string {
  if (s === undefined || typeof s === 'boolean') return fallback;
  return s.description ?? fallback;
}

/**
 * The fields of an object schema (a named one is looked up), in their order. Fields of an
 * unnamed object inside it follow their parent with a dotted name (`errors[].path`), since
 * they have no schema of their own to look up.
 */
export function fieldsOf(doc: oas32.OpenAPIObject, s: Schema | undefined, prefix = ''): FieldView[] {
  const object = resolve(doc, s);
  if (!object?.properties) return [];
  const required = new Set<string>(Array.isArray(object.required) ? object.required : []);
  return Object.entries(object.properties).flatMap(([name, field]) => {
    const full = `${prefix}${name}`;
    const own = { name: full, type: typeText(field), required: required.has(name), description: describe(field) };
    const inner = typeof field === 'object' && !isRef(field) ? (field.type === 'array' ? field.items : field) : undefined;
    const nested = inner !== undefined && typeof inner === 'object' && !isRef(inner) && inner.properties ? fieldsOf(doc, inner, `${full}${inner === field ? '' : '[]'}.`) : [];
    return [own, ...nested];
  });
}

function operationView(doc: oas32.OpenAPIObject, basePath: string, path: string, method: Method, op: oas32.OperationObject): OperationView {
  const parameters = (op.parameters ?? []).flatMap((p): ParameterView[] => {
    if ('$ref' in p) return [];
    return [{ name: p.name, in: p.in, required: p.required ?? false, type: typeText(p.schema), description: p.description ?? describe(p.schema) }];
  });
  let body: OperationView['body'] = null;
  const requestBody = op.requestBody && !('$ref' in op.requestBody) ? op.requestBody : undefined;
  const [mediaType, media] = Object.entries(requestBody?.content ?? {})[0] ?? [];
  if (mediaType && media && !('$ref' in media)) body = { type: typeText(media.schema), mediaType, fields: fieldsOf(doc, media.schema) };
  const responses = Object.entries(op.responses ?? {}).flatMap(([status, r]): ResponseView[] => {
    if (typeof r !== 'object' || r === null || '$ref' in r) return [];
    const res = r as oas32.ResponseObject;
    const [type, content] = Object.entries(res.content ?? {})[0] ?? [];
    const bodyText = type && content && !('$ref' in content) ? `${typeText(content.schema)} (${type})` : null;
    return [{ status, description: res.description ?? '', body: bodyText, headers: Object.keys(res.headers ?? {}) }];
  });
  const tag = op.tags?.[0];
  return {
    id: op.operationId ?? `${method}-${path}`,
    method: method.toUpperCase(),
    path: `${basePath}${path}`,
    summary: op.summary ?? `${method.toUpperCase()} ${path}`,
    description: op.description ?? null,
    scope: tag && op.security?.length ? `${tag}:${method === 'get' ? 'read' : 'write'}` : null,
    parameters,
    body,
    responses,
  };
}

/** The whole reference, tags in the order the document first names them. */
export function referenceOf(doc: oas32.OpenAPIObject): ReferenceView {
  const basePath = doc.servers?.[0]?.url.replace(/\/+$/, '') ?? '';
  const tags = new Map<string, OperationView[]>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const tag = op.tags?.[0] ?? 'other';
      tags.set(tag, [...(tags.get(tag) ?? []), operationView(doc, basePath, path, method, op)]);
    }
  }
  const schemas = Object.entries(doc.components?.schemas ?? {}).map(([name, s]) => ({
    name,
    type: typeof s === 'object' && !isRef(s) && s.properties ? 'object' : typeText(s),
    description: describe(s) || null,
    fields: fieldsOf(doc, s),
  }));
  return {
    title: doc.info.title,
    version: doc.info.version,
    description: doc.info.description ?? null,
    basePath,
    tags: [...tags].map(([tag, operations]) => ({ tag, operations })),
    schemas,
  };
}

// The OpenAPI document tags each operation with its resource, named as in API key scopes.
import { API_RESOURCES, type ApiResource } from '@/lib/api-keys/scopes';

export function isApiResource(tag: string): tag is ApiResource {
  return (API_RESOURCES as readonly string[]).includes(tag);
}

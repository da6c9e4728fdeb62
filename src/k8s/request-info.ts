/**
 * The Kubernetes verb and resource of an API request, read from its method and URL as the apiserver's
 * RequestInfoFactory does, for metric labels (bounded: no names or namespaces).
 */

/** Verb and resource of one request; `resource` carries the subresource (`pods/binding`). */
export interface RequestInfo {
  verb: string;
  resource: string;
}

/** Path segments after `/api/v1` or `/apis/<group>/<version>`, or undefined for a non-resource URL. */
function resourceSegments(segments: string[]): string[] | undefined {
  if (segments[0] === 'api' && segments.length > 2) return segments.slice(2);
  if (segments[0] === 'apis' && segments.length > 3) return segments.slice(3);
  return undefined;
}

function verbOf(method: string, named: boolean, watch: boolean): string {
  switch (method) {
    case 'GET': return named ? 'get' : watch ? 'watch' : 'list';
    case 'POST': return 'create';
    case 'PUT': return 'update';
    case 'PATCH': return 'patch';
    case 'DELETE': return named ? 'delete' : 'deletecollection';
    default: return method.toLowerCase();
  }
}

/** Reads verb and resource from a request (`url` absolute or a path, with or without a query). */
export function requestInfo(method: string, url: string): RequestInfo {
  const parsed = new URL(url, 'https://apiserver');
  const segments = parsed.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const rest = resourceSegments(segments);
  const upper = method.toUpperCase();
  // Non-resource URLs (/version, /api, /apis/<group> discovery, /healthz): the first segment names them.
  if (!rest) return { verb: upper === 'GET' ? 'get' : upper.toLowerCase(), resource: segments[0] ?? '' };
  // `namespaces/<ns>/<resource>/...` is namespaced; `namespaces[/<ns>]` alone is the Namespace resource.
  const scoped = rest[0] === 'namespaces' && rest.length > 2 ? rest.slice(2) : rest;
  const [resource = '', name, subresource] = scoped;
  return {
    verb: verbOf(upper, name !== undefined, parsed.searchParams.get('watch') === 'true'),
    resource: subresource ? `${resource}/${subresource}` : resource,
  };
}

/** A small route table: `GET /v1/job/:id/summary` → handler, with path parameters and Nomad's 405 for a wrong method. */
import { errors } from './errors.js';

/** The HTTP methods the API serves. */
export type Method = 'GET' | 'PUT' | 'POST' | 'DELETE';

/** A matched route: its handler and the decoded path parameters. */
export interface Match<H> {
  handler: H;
  params: Record<string, string>;
}

interface Route<H> {
  method: Method;
  segments: string[];
  handler: H;
}

/** Routes in registration order; `:name` matches one segment, `*name` the rest of the path. */
export class Router<H> {
  private readonly routes: Route<H>[] = [];

  /** Adds a route, e.g. `add('GET', '/v1/job/:id', h)`; `methods` may list several. */
  add(methods: Method | Method[], pattern: string, handler: H): this {
    for (const method of Array.isArray(methods) ? methods : [methods]) this.routes.push({ method, segments: pattern.split('/').filter(Boolean), handler });
    return this;
  }

  /** The route for a request; throws Nomad's 404 (no such path) or 405 (path exists, method does not). */
  match(method: string, path: string): Match<H> {
    const parts = path.split('/').filter(Boolean);
    let pathMatched = false;
    for (const route of this.routes) {
      const params = matchSegments(route.segments, parts);
      if (!params) continue;
      pathMatched = true;
      if (route.method === method) return { handler: route.handler, params };
    }
    throw pathMatched ? errors.invalidMethod() : errors.invalidUrl();
  }
}

function matchSegments(pattern: string[], parts: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const seg = pattern[i]!;
    if (seg.startsWith('*')) {
      if (i >= parts.length) return undefined;
      params[seg.slice(1)] = parts.slice(i).map(decode).join('/');
      return params;
    }
    const part = parts[i];
    if (part === undefined) return undefined;
    if (seg.startsWith(':')) params[seg.slice(1)] = decode(part);
    else if (seg !== part) return undefined;
  }
  return parts.length === pattern.length ? params : undefined;
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw errors.badRequest(`Invalid escape in path segment "${part.slice(0, 100)}"`);
  }
}

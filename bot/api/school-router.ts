/**
 * The routes of one resource group under /api/schools/:urn, each through schoolRoute (sign-in, school,
 * roles, audit). A method and path registered twice throws at start: express would silently answer with
 * the first, and the second's rules and audit action would never run.
 */
import express from 'express';
import { schoolRoute, type RouteHandler, type RouteSpec, type SchoolRouteOptions } from './school-route';

export type RouteMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export class DuplicateRouteError extends Error {
  constructor(readonly route: string) {
    super(`${route} is registered twice`);
    this.name = 'DuplicateRouteError';
  }
}

export class SchoolRouter {
  /** Mount it at /schools/:urn; it reads :urn from there. */
  readonly router = express.Router({ mergeParams: true });
  /** Each route by its shape (parameters unnamed), as it was written. */
  private readonly registered = new Map<string, string>();

  constructor(private readonly options: SchoolRouteOptions) {}

  /** Every method and path registered, in order, e.g. "GET /cases/:upn". */
  get routes(): string[] {
    return [...this.registered.values()];
  }

  get<P extends string>(path: P, spec: RouteSpec<P>, handler: RouteHandler<P>): this {
    return this.add('get', path, spec, handler);
  }

  post<P extends string>(path: P, spec: RouteSpec<P>, handler: RouteHandler<P>): this {
    return this.add('post', path, spec, handler);
  }

  put<P extends string>(path: P, spec: RouteSpec<P>, handler: RouteHandler<P>): this {
    return this.add('put', path, spec, handler);
  }

  patch<P extends string>(path: P, spec: RouteSpec<P>, handler: RouteHandler<P>): this {
    return this.add('patch', path, spec, handler);
  }

  delete<P extends string>(path: P, spec: RouteSpec<P>, handler: RouteHandler<P>): this {
    return this.add('delete', path, spec, handler);
  }

  private add<P extends string>(method: RouteMethod, path: P, spec: RouteSpec<P>, handler: RouteHandler<P>): this {
    // Parameter names do not make two paths different to express: "/a/:x" and "/a/:y" match the same requests.
    const key = `${method.toUpperCase()} ${path.replace(/:[^/]+/g, ':')}`;
    if (this.registered.has(key)) throw new DuplicateRouteError(`${method.toUpperCase()} ${path}`);
    this.registered.set(key, `${method.toUpperCase()} ${path}`);
    this.router[method](path, schoolRoute(this.options, spec, handler));
    return this;
  }
}

/** Who is calling the tab's API, once their token (or service key) has been checked. */
import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';

export interface Caller {
  /** Entra object id for a person; "service" for an automation using the API key. */
  id: string;
  name: string;
  upn?: string;
  tenantId?: string;
  via: 'sso' | 'dev' | 'api-key';
}

export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'HttpError';
  }
}

export type Authenticate = (req: Request) => Promise<Caller>;

/** Accepts `Authorization: Bearer <FIRSTDAY_API_KEY>`: for a scheduled MIS export or an automation. */
export function apiKeyAuthenticator(apiKey: string | undefined): Authenticate {
  return async (req) => {
    const header = req.headers.authorization ?? '';
    const presented = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (!apiKey || !presented) throw new HttpError(401, 'Sign in required: send a bearer token.');
    const a = Buffer.from(presented);
    const b = Buffer.from(apiKey);
    if (a.length !== b.length || !timingSafeEqual(a, b)) throw new HttpError(401, 'The bearer token is not valid.');
    return { id: 'service', name: 'Service (API key)', via: 'api-key' };
  };
}

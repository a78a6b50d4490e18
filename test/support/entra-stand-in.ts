/**
 * A local stand-in for Entra's token signing: an RSA key whose public half is served as a JWKS at
 * /common/discovery/v2.0/keys (where Entra publishes its keys), and tokens shaped like the Teams SSO
 * token (v1 and v2) signed with it.
 */
import http from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import type { EntraEndpoints } from '../../bot/api/sso-authenticator';

export interface EntraStandIn {
  endpoints: EntraEndpoints;
  /** A token signed by the stand-in's key; claims override the defaults, `undefined` removes one. */
  /** `expiresIn` is a time span ("1h") or an absolute expiry in seconds since the epoch. */
  token(claims?: Record<string, unknown>, options?: { version?: 1 | 2; expiresIn?: string | number; key?: 'entra' | 'stranger' }): Promise<string>;
  /** How many times the key set was fetched. */
  keyFetches(): number;
  stop(): Promise<void>;
}

export async function startEntraStandIn(defaults: { tenantId: string; clientId: string; host: string }): Promise<EntraStandIn> {
  const entra = await generateKeyPair('RS256', { extractable: true });
  const stranger = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(entra.publicKey)), kid: 'test-key-1', use: 'sig', alg: 'RS256' };
  let fetches = 0;
  const server = http.createServer((req, res) => {
    if (req.url === '/common/discovery/v2.0/keys') {
      fetches++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const endpoints: EntraEndpoints = { loginBaseUrl: base, stsBaseUrl: `${base}/sts` };

  return {
    endpoints,
    async token(claims = {}, options = {}) {
      const version = options.version ?? 2;
      const payload: JWTPayload = {
        aud: version === 2 ? defaults.clientId : `api://${defaults.host}/${defaults.clientId}`,
        iss: version === 2 ? `${endpoints.loginBaseUrl}/${defaults.tenantId}/v2.0` : `${endpoints.stsBaseUrl}/${defaults.tenantId}/`,
        tid: defaults.tenantId,
        scp: 'access_as_user',
        ver: version === 2 ? '2.0' : '1.0',
      };
      for (const [k, v] of Object.entries(claims)) {
        if (v === undefined) delete payload[k];
        else payload[k] = v;
      }
      const key = options.key === 'stranger' ? stranger.privateKey : entra.privateKey;
      return new SignJWT(payload)
        .setProtectedHeader({ alg: 'RS256', kid: 'test-key-1', typ: 'JWT' })
        .setIssuedAt()
        .setNotBefore('0s')
        .setExpirationTime(options.expiresIn ?? '1h')
        .sign(key);
    },
    keyFetches: () => fetches,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

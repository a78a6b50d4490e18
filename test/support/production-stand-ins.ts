/**
 * The outside services production mode talks to, run locally over real HTTP(S):
 * - a self-signed certificate (openssl) that the server child process trusts via NODE_EXTRA_CA_CERTS;
 * - Azurite's table service over HTTPS with OAuth on, as Azure Table Storage reached by identity;
 * - App Service's managed identity endpoint (IDENTITY_ENDPOINT / IDENTITY_HEADER), issuing storage tokens;
 * - Application Insights' ingestion endpoint (/v2.1/track), recording every envelope it is sent.
 * And the settings a production server runs with against them.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

/* eslint-disable @typescript-eslint/no-require-imports */
const TableServer = require('azurite/dist/src/table/TableServer').default;
const TableConfiguration = require('azurite/dist/src/table/TableConfiguration').default;

export interface Certificate {
  dir: string;
  certPath: string;
  keyPath: string;
  remove(): void;
}

export function makeCertificate(): Certificate {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firstday-tls-'));
  const certPath = path.join(dir, 'cert.pem');
  const keyPath = path.join(dir, 'key.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', keyPath, '-out', certPath],
    { stdio: 'ignore' },
  );
  return { dir, certPath, keyPath, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export interface OAuthAzurite {
  /** The table endpoint, as TABLES_ENDPOINT is set in production. */
  endpoint: string;
  stop(): Promise<void>;
}

/** Azurite's table service in memory, over HTTPS, checking bearer tokens (issuer, audience, lifetime). */
export async function startOAuthAzurite(cert: Certificate): Promise<OAuthAzurite> {
  const config = new TableConfiguration('127.0.0.1', 0, undefined, undefined, false, false, undefined, undefined, false, false, cert.certPath, cert.keyPath, '', 'basic', false, true);
  const server = new TableServer(config);
  await server.start();
  const port = Number(new URL(server.getHttpServerAddress()).port);
  return { endpoint: `https://127.0.0.1:${port}/devstoreaccount1`, stop: () => server.close() };
}

export interface IdentityRequest {
  resource: string | null;
  clientId: string | null;
  header: string | undefined;
}

export interface IdentityEndpoint {
  url: string;
  header: string;
  requests: IdentityRequest[];
  stop(): Promise<void>;
}

function unsignedJwt(claims: Record<string, unknown>): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
}

/**
 * Answers as App Service's identity endpoint does (api-version 2019-08-01): a token for the resource,
 * but only for the user-assigned identity it hosts and only with the right X-IDENTITY-HEADER.
 */
export async function startIdentityEndpoint(options: { clientId: string; tenantId: string }): Promise<IdentityEndpoint> {
  const header = `identity-header-${Math.random().toString(36).slice(2)}`;
  const requests: IdentityRequest[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const request = { resource: url.searchParams.get('resource'), clientId: url.searchParams.get('client_id'), header: req.headers['x-identity-header'] as string | undefined };
    requests.push(request);
    if (request.header !== header || request.clientId !== options.clientId || !request.resource) {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ statusCode: 400, message: 'No managed identity with that client id is assigned to this app.' }));
      return;
    }
    const now = Math.floor(Date.now() / 1000);
    const resource = request.resource.replace(/\/$/, '');
    const token = unsignedJwt({ aud: resource, iss: `https://sts.windows.net/${options.tenantId}/`, iat: now, nbf: now, exp: now + 3600, appid: options.clientId, tid: options.tenantId });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ access_token: token, expires_on: String(now + 3600), resource, token_type: 'Bearer', client_id: options.clientId }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}/msi/token`, header, requests, stop: () => new Promise((r) => server.close(() => r())) };
}

export interface Envelope {
  name: string;
  tags?: Record<string, string>;
  data: { baseType: string; baseData: Record<string, unknown> };
}

export interface IngestionEndpoint {
  /** A connection string pointing Application Insights at this endpoint. */
  connectionString: string;
  envelopes: Envelope[];
  /** Every request body exactly as sent (after gzip is undone). */
  raw: string[];
  stop(): Promise<void>;
}

/** Answers as Application Insights' ingestion endpoint does: accepts envelopes on /v2.1/track. */
export async function startIngestionEndpoint(cert: Certificate): Promise<IngestionEndpoint> {
  const envelopes: Envelope[] = [];
  const raw: string[] = [];
  const server = https.createServer({ cert: fs.readFileSync(cert.certPath), key: fs.readFileSync(cert.keyPath) }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') body = zlib.gunzipSync(body);
      const text = body.toString('utf8');
      raw.push(text);
      // The exporter sends a JSON array; older senders send one envelope per line.
      const parsed: Envelope[] = text.trim().startsWith('[') ? JSON.parse(text) : text.split('\n').filter(Boolean).map((l) => JSON.parse(l));
      envelopes.push(...parsed);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ itemsReceived: parsed.length, itemsAccepted: parsed.length, errors: [] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as { port: number }).port;
  return {
    connectionString: `InstrumentationKey=00000000-0000-4000-8000-000000000000;IngestionEndpoint=https://127.0.0.1:${port}/`,
    envelopes,
    raw,
    stop: () => new Promise((r) => server.close(() => r())),
  };
}

/** The tenant and the bot's app registration production runs as in these tests. */
export const PRODUCTION_TENANT = '3f5c2b1a-9d8e-4c7b-a6f5-0e1d2c3b4a59';
export const PRODUCTION_APP_ID = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';

export interface ProductionStandIns {
  cert: Certificate;
  ingestion: IngestionEndpoint;
  /** With storage by managed identity: the identity endpoint, and Azurite checking its tokens. */
  identity?: IdentityEndpoint & { clientId: string };
  azurite?: OAuthAzurite;
  stop(): Promise<void>;
}

/** The certificate and ingestion endpoint, and for storage by a managed identity (this client id) its endpoint and Azurite. */
export async function startProductionStandIns(options: { managedIdentity?: { clientId: string } } = {}): Promise<ProductionStandIns> {
  const cert = makeCertificate();
  const mi = options.managedIdentity;
  const azurite = mi ? await startOAuthAzurite(cert) : undefined;
  const identity = mi ? { ...(await startIdentityEndpoint({ clientId: mi.clientId, tenantId: PRODUCTION_TENANT })), clientId: mi.clientId } : undefined;
  const ingestion = await startIngestionEndpoint(cert);
  return {
    cert,
    ingestion,
    identity,
    azurite,
    async stop() {
      await ingestion.stop();
      await identity?.stop();
      await azurite?.stop();
      cert.remove();
    },
  };
}

/**
 * A production server's settings against the stand-ins: the bot's app registration with a client secret, the
 * public host, telemetry to the ingestion endpoint, and storage by the connection string or (with a managed
 * identity) by TABLES_ENDPOINT and the identity App Service provides; the certificate trusted. `changes` win.
 */
export function productionSettings(standIns: ProductionStandIns, connectionString: string | undefined, changes: Record<string, string> = {}): Record<string, string> {
  const { identity, azurite } = standIns;
  const storage: Record<string, string> =
    identity && azurite
      ? // What App Service sets in a web app that has a managed identity.
        { TABLES_ENDPOINT: azurite.endpoint, AZURE_CLIENT_ID: identity.clientId, IDENTITY_ENDPOINT: identity.url, IDENTITY_HEADER: identity.header }
      : { TABLES_CONNECTION_STRING: connectionString ?? '' };
  return {
    NODE_ENV: 'production',
    MicrosoftAppId: PRODUCTION_APP_ID,
    MicrosoftAppPassword: 'client-secret-used-only-in-tests',
    MicrosoftAppTenantId: PRODUCTION_TENANT,
    ALLOWED_TENANTS: PRODUCTION_TENANT,
    AAD_APP_CLIENT_ID: PRODUCTION_APP_ID,
    PUBLIC_HOST: 'firstday-oaktrust.azurewebsites.net',
    APPLICATIONINSIGHTS_CONNECTION_STRING: standIns.ingestion.connectionString,
    ...storage,
    // The stand-ins' certificate, trusted as a real one would be.
    NODE_EXTRA_CA_CERTS: standIns.cert.certPath,
    ...changes,
  };
}

/**
 * Telemetry to Application Insights, on when APPLICATIONINSIGHTS_CONNECTION_STRING is set: incoming
 * requests, outgoing calls (Table Storage, Microsoft Graph, Bot Framework), uncaught exceptions and
 * performance counters. Nothing about a pupil may leave in it, because it leaves the school's hands:
 *
 * - no request or response bodies (OpenTelemetry's HTTP instrumentation never records them);
 * - no console or third-party logger capture: the JSON log goes to stdout only (App Service keeps it);
 * - no caller IP addresses;
 * - no Live Metrics and no browser SDK injected into the tab's pages;
 * - every URL is cut to its shape before export: the query string dropped and each path segment that
 *   could identify someone (digits, an @, Table Storage keys) replaced by ":id", so
 *   /api/schools/100001/pupils/A123456789012?name=Smith is sent as /api/schools/:id/pupils/:id;
 * - every other text (exception messages included) has e-mail addresses, UPN-shaped and phone-shaped
 *   values masked.
 */
import type { AzureMonitorOpenTelemetryOptions } from 'applicationinsights';
import type { Logger } from './logger';

type SpanProcessor = NonNullable<AzureMonitorOpenTelemetryOptions['spanProcessors']>[number];
type ReadableSpan = Parameters<SpanProcessor['onEnd']>[0];
type LogRecordProcessor = NonNullable<AzureMonitorOpenTelemetryOptions['logRecordProcessors']>[number];
type LogRecord = Parameters<LogRecordProcessor['onEmit']>[0];
type Attributes = Record<string, unknown>;

export interface Telemetry {
  enabled: boolean;
  /** Sends what is buffered and stops; call before the process exits. */
  stop(): Promise<void>;
}

const STOP_TIMEOUT_MS = 5000;

export interface TelemetryOptions {
  connectionString?: string;
  logger: Logger;
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// A UPN is a letter, 11 digits and a final digit or letter.
const UPN = /\b[A-Za-z]\d{11}[0-9A-Za-z]\b/g;
const PHONE_LIKE = /\+?\d[\d ()-]{7,}\d/g;

/** Masks e-mail addresses, UPNs and anything that looks like a phone number. */
export function scrubText(text: string): string {
  return text
    .replace(EMAIL, '[email]')
    .replace(UPN, '[upn]')
    .replace(PHONE_LIKE, (m) => (m.replace(/\D/g, '').length >= 9 ? '[number]' : m));
}

/** Keeps a URL's scheme, host and the words of its path; drops the query and fragment; replaces identifiers by ":id". */
export function sanitizeUrl(value: string): string {
  const absolute = /^[a-z][a-z0-9+.-]*:\/\//i.test(value);
  let origin = '';
  let pathname = value;
  if (absolute) {
    try {
      const url = new URL(value);
      origin = `${url.protocol}//${url.host}`;
      pathname = url.pathname;
    } catch {
      return '[url]';
    }
  }
  pathname = pathname.split(/[?#]/)[0];
  const segments = pathname.split('/').map((segment) => {
    if (segment === '') return segment;
    let decoded = segment;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return ':id';
    }
    // Table Storage addresses an entity as Table(PartitionKey='…',RowKey='…'): keep the table, not the keys.
    const paren = decoded.indexOf('(');
    if (paren > 0) return `${decoded.slice(0, paren)}(:key)`;
    // Words and API versions (v1.0) are kept; anything else may identify someone.
    return /^[A-Za-z][A-Za-z._-]{0,39}$/.test(decoded) || /^v\d+(\.\d+)?$/.test(decoded) ? segment : ':id';
  });
  return `${origin}${segments.join('/')}`;
}

const URL_KEYS = /(^|\.)(url|target|route|path)$|^url\.|^http\.(url|target)$/;
// The query string may carry a name or a number; a caller's address is a member of staff's personal data.
const DROPPED_KEYS = new Set(['url.query', 'url.fragment', 'client.address', 'http.client_ip', 'net.peer.ip', 'net.sock.peer.addr', 'network.peer.address']);

function sanitizeAttributes(attributes: Attributes | undefined): void {
  if (!attributes) return;
  for (const key of Object.keys(attributes)) {
    const value = attributes[key];
    if (DROPPED_KEYS.has(key)) {
      delete attributes[key];
    } else if (typeof value === 'string') {
      attributes[key] = URL_KEYS.test(key) ? sanitizeUrl(value) : scrubText(value);
    } else if (Array.isArray(value)) {
      attributes[key] = value.map((v) => (typeof v === 'string' ? scrubText(v) : v));
    }
  }
}

/** Runs on every finished span before it is exported. */
export class RedactingSpanProcessor implements SpanProcessor {
  onStart(): void {}

  onEnd(span: ReadableSpan): void {
    // A finished span is read-only through its interface; its fields are plain properties underneath.
    const writable = span as unknown as { name: string; attributes: Attributes; events: Array<{ name: string; attributes?: Attributes }> };
    writable.name = scrubText(writable.name.replace(/\s(\/\S*)/, (_m, p: string) => ` ${sanitizeUrl(p)}`));
    sanitizeAttributes(writable.attributes);
    for (const event of writable.events ?? []) sanitizeAttributes(event.attributes);
  }

  async forceFlush(): Promise<void> {}

  async shutdown(): Promise<void> {}
}

/** Runs on every log record (exceptions are sent as log records) before it is exported. */
export class RedactingLogRecordProcessor implements LogRecordProcessor {
  onEmit(record: LogRecord): void {
    if (typeof record.body === 'string') record.setBody(scrubText(record.body));
    const attributes = { ...(record.attributes as Attributes) };
    sanitizeAttributes(attributes);
    record.setAttributes(attributes as Parameters<LogRecord['setAttributes']>[0]);
  }

  async forceFlush(): Promise<void> {}

  async shutdown(): Promise<void> {}
}

export function telemetryOptions(connectionString: string): AzureMonitorOpenTelemetryOptions {
  return {
    azureMonitorExporterOptions: { connectionString },
    enableLiveMetrics: false,
    enableAutoCollectExceptions: true,
    enableAutoCollectPerformance: true,
    browserSdkLoaderOptions: { enabled: false },
    instrumentationOptions: {
      http: { enabled: true },
      azureSdk: { enabled: true },
      console: { enabled: false },
      bunyan: { enabled: false },
      winston: { enabled: false },
      mongoDb: { enabled: false },
      mySql: { enabled: false },
      postgreSql: { enabled: false },
      redis: { enabled: false },
      redis4: { enabled: false },
    },
    spanProcessors: [new RedactingSpanProcessor()],
    logRecordProcessors: [new RedactingLogRecordProcessor()],
  };
}

/**
 * Starts telemetry when a connection string is given. Call it before the server's modules are loaded,
 * so the HTTP instrumentation sees every request.
 */
export function startTelemetry(options: TelemetryOptions): Telemetry {
  if (!options.connectionString) return { enabled: false, stop: async () => undefined };
  // Loaded only when wanted: a process without Application Insights never starts OpenTelemetry.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const appInsights = require('applicationinsights') as typeof import('applicationinsights');
  // The role name Application Insights files everything under.
  process.env.OTEL_SERVICE_NAME ??= 'firstday';
  appInsights.useAzureMonitor(telemetryOptions(options.connectionString));
  options.logger.info('Sending telemetry to Application Insights (URLs reduced to their shape, no bodies, no console)');
  return {
    enabled: true,
    // Bounded: with Application Insights unreachable the exporter retries for a long time, and the
    // host stops a process that takes too long to exit.
    stop: () =>
      Promise.race([
        appInsights.flushAzureMonitor().then(() => appInsights.shutdownAzureMonitor()),
        new Promise<void>((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS).unref()),
      ]),
  };
}

/** What bot/platform/telemetry.ts lets out: URLs reduced to their shape, personal values masked. */
import { RedactingSpanProcessor, sanitizeUrl, scrubText, startTelemetry, telemetryOptions } from '../../bot/platform/telemetry';
import { JsonLogger } from '../../bot/platform/logger';

test.each([
  ['/api/schools/100001/pupils/A123456789012?name=Smith', '/api/schools/:id/pupils/:id'],
  ['https://graph.microsoft.com/v1.0/users/jo.bloggs@oakschool.org.uk', 'https://graph.microsoft.com/v1.0/users/:id'],
  ['https://graph.microsoft.com/v1.0/users?$filter=mail eq \'jo@x.org\'', 'https://graph.microsoft.com/v1.0/users'],
  ["https://acct.table.core.windows.net/Pupils(PartitionKey='100001',RowKey='A123456789012')", 'https://acct.table.core.windows.net/Pupils(:key)'],
  ["https://acct.table.core.windows.net/Contacts()?$filter=PartitionKey%20eq%20'100001'", 'https://acct.table.core.windows.net/Contacts(:key)'],
  ['/tab/index.html?view=my-cases#case-A123456789012', '/tab/index.html'],
  ['/api/schools/100001/cases/9f1c2a80-1111-4c3e-9d2b-0a1b2c3d4e5f/meetings', '/api/schools/:id/cases/:id/meetings'],
  ['/healthz', '/healthz'],
])('sanitizeUrl(%s) is %s', (input, expected) => {
  expect(sanitizeUrl(input)).toBe(expected);
});

test('scrubText masks e-mail addresses, UPNs and phone numbers, and leaves ordinary text alone', () => {
  expect(scrubText('Could not reach jo.bloggs@example.org about A123456789012 on 07700 900123 or +44 (0)20 7946 0018')).toBe(
    'Could not reach [email] about [upn] on [number] or [number]',
  );
  expect(scrubText('Table Pupils: 412 Precondition Failed for school 100001 on 2024-09-04')).toBe('Table Pupils: 412 Precondition Failed for school 100001 on 2024-09-04');
});

test('the span processor rewrites a finished span: name, URL attributes, text attributes and exception events', () => {
  const span = {
    name: 'GET /api/schools/100001/pupils/A123456789012',
    attributes: {
      'http.method': 'GET',
      'http.target': '/api/schools/100001/pupils/A123456789012?surname=Smith',
      'url.full': 'http://127.0.0.1/api/schools/100001/pupils/A123456789012?surname=Smith',
      'url.query': 'surname=Smith',
      'client.address': '10.1.2.3',
      'http.status_code': 404,
      'az.namespace': 'Microsoft.Tables',
    },
    events: [{ name: 'exception', attributes: { 'exception.message': 'No pupil A123456789012 (parent 07700 900123)' } }],
  };
  new RedactingSpanProcessor().onEnd(span as never);
  expect(span.name).toBe('GET /api/schools/:id/pupils/:id');
  expect(span.attributes).toEqual({
    'http.method': 'GET',
    'http.target': '/api/schools/:id/pupils/:id',
    'url.full': 'http://127.0.0.1/api/schools/:id/pupils/:id',
    'http.status_code': 404,
    'az.namespace': 'Microsoft.Tables',
  });
  expect(span.events[0].attributes['exception.message']).toBe('No pupil [upn] (parent [number])');
});

test('the options switch off what could leak and keep what diagnoses', () => {
  const options = telemetryOptions('InstrumentationKey=00000000-0000-4000-8000-000000000000');
  expect(options.enableLiveMetrics).toBe(false);
  expect(options.browserSdkLoaderOptions?.enabled).toBe(false);
  expect(options.instrumentationOptions?.console?.enabled).toBe(false);
  expect(options.instrumentationOptions?.bunyan?.enabled).toBe(false);
  expect(options.instrumentationOptions?.winston?.enabled).toBe(false);
  expect(options.instrumentationOptions?.http?.enabled).toBe(true);
  expect(options.spanProcessors?.some((p) => p instanceof RedactingSpanProcessor)).toBe(true);
  expect(options.logRecordProcessors).toHaveLength(1);
});

test('without a connection string nothing starts', async () => {
  const lines: string[] = [];
  const telemetry = startTelemetry({ logger: new JsonLogger({ write: (l) => lines.push(l) }) });
  expect(telemetry.enabled).toBe(false);
  await telemetry.stop();
  expect(lines).toEqual([]);
});

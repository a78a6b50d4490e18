import { ActivityFeedNotifier } from '../../bot/graph/activity-feed';
import { GraphApi } from '../../bot/graph/graph-api';
import { GraphStandIn } from '../support/graph-stand-in';
import { captureLog, KHAN_ID, testGraph } from './graph-test-kit';

let graph: GraphStandIn;

beforeAll(async () => {
  graph = await new GraphStandIn().start();
  graph.addUser({ id: KHAN_ID, displayName: 'Sara Khan', userPrincipalName: 's.khan@castlehill.example' });
});
afterAll(() => graph.stop());
beforeEach(() => graph.requests.splice(0));

const webUrl = 'https://teams.microsoft.com/l/chat/0/0?users=28:bot';

test('a notification is posted to the user with the body the Graph docs give, and 204 resolves', async () => {
  const { logger } = captureLog();
  const feed = new ActivityFeedNotifier({ graph: testGraph(graph.baseUrl, logger) });

  await feed.notify(KHAN_ID, {
    topic: { source: 'text', value: 'Safeguarding concern', webUrl },
    activityType: 'systemDefault',
    previewText: 'A concern has been raised about a pupil. See your chat with Firstday.',
    templateParameters: { systemDefaultText: 'raised a safeguarding concern' },
    chainId: 42,
  });

  const [sent] = graph.requestsTo('/teamwork/sendActivityNotification');
  expect(sent).toMatchObject({ method: 'POST', path: `/v1.0/users/${KHAN_ID}/teamwork/sendActivityNotification`, status: 204, authorization: 'Bearer app-only-token-1' });
  expect(sent.body).toEqual({
    topic: { source: 'text', value: 'Safeguarding concern', webUrl },
    activityType: 'systemDefault',
    previewText: { content: 'A concern has been raised about a pupil. See your chat with Firstday.' },
    templateParameters: [{ name: 'systemDefaultText', value: 'raised a safeguarding concern' }],
    chainId: 42,
  });
});

test('a body Graph refuses comes back as a rejected error, not a crash', async () => {
  const { logger } = captureLog();
  const feed = new ActivityFeedNotifier({ graph: testGraph(graph.baseUrl, logger) });

  await expect(
    feed.notify(KHAN_ID, { topic: { source: 'text', value: 'x' } as never, activityType: 'concernRaised', previewText: 'x' }),
  ).rejects.toMatchObject({ reason: 'rejected', status: 400, message: expect.stringContaining("webUrl is required when topic source is 'text'") });
});

test('a throttled notification is retried, so the second route still arrives', async () => {
  graph.throttleNext(1, 0);
  const { logger } = captureLog();
  const feed = new ActivityFeedNotifier({ graph: testGraph(graph.baseUrl, logger) });

  await feed.notify('s.khan@castlehill.example', { topic: { source: 'text', value: 'Concern', webUrl }, activityType: 'concernRaised', previewText: 'A concern' });

  expect(graph.requestsTo('/teamwork/sendActivityNotification').map((r) => r.status)).toEqual([429, 204]);
});

test('with Graph switched off the caller gets a not-configured error at once', async () => {
  const { logger } = captureLog();
  const feed = new ActivityFeedNotifier({ graph: new GraphApi({ baseUrl: graph.baseUrl, logger, notConfigured: 'no MicrosoftAppId is set' }) });

  await expect(feed.notify(KHAN_ID, { topic: { source: 'text', value: 'c', webUrl }, activityType: 'concernRaised', previewText: 'c' })).rejects.toMatchObject({
    reason: 'not-configured',
    transient: false,
  });
  expect(graph.requests).toHaveLength(0);
});

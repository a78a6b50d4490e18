/**
 * Posting a daily list of 60 pupil cards into one channel thread, through the real daily run (Azurite
 * storage, the throttle-aware sender), against a connector stand-in that enforces Teams' per-thread limits
 * (7 in 1 s, 8 in 2 s, 60 in 30 s) and answers 429 to anything faster. Prints the time from the first card
 * to the last divided by the least time those limits allow (aim: 1.15 or less), and checks that no card was
 * lost or posted twice.
 */
import { loadConfig } from '../bot/platform/config';
import { JsonLogger } from '../bot/platform/logger';
import { leastTimeFor, TEAMS_THREAD_LIMITS } from '../bot/teams/rate-windows';
import { createTeamsServices } from '../bot/teams/teams-integration';
import { startTestStorage } from '../test/support/azurite';
import { clockFrom } from '../test/support/bot-server';
import { callingSchool, DAY, DURING_CALLS, seedCallingSchool, TENANT } from '../test/support/calling-school';
import { ConnectorStandIn } from '../test/support/connector-stand-in';

const CARDS = 60;

async function main(): Promise<void> {
  const storage = await startTestStorage();
  const connector = new ConnectorStandIn({ enforceThreadLimits: true });
  await connector.start();
  try {
    const s = await seedCallingSchool(storage.repos, callingSchool({ urn: '100001', absent: CARDS }));
    const channelId = '19:pastoral-bench@thread.tacv2';
    await storage.repos.channels.link({
      urn: '100001',
      serviceUrl: connector.url,
      conversationId: channelId,
      tenantId: TENANT,
      botId: '28:firstday-bot',
      channelName: 'Pastoral',
      linkedAt: DURING_CALLS,
      linkedById: s.lead.upn,
      linkedByName: 'Mrs Ashworth',
    });
    const services = createTeamsServices({
      config: loadConfig({ TABLES_CONNECTION_STRING: storage.connectionString, SEED_DEMO: 'false' }),
      logger: new JsonLogger({ write: () => undefined }),
      repos: storage.repos,
      now: clockFrom(DURING_CALLS),
    });

    const started = Date.now();
    const result = await services.runner.start('100001', DAY, { id: 'bench', name: 'Bench', source: 'bench' });
    const wall = Date.now() - started;
    services.summaries.stop();

    const summary = connector.messagesIn(channelId)[0];
    const thread = `${channelId};messageid=${summary.id}`;
    const accepted = connector.ok('send').filter((r) => r.conversationId === thread);
    const throttled = connector.records.filter((r) => r.status === 429).length;
    const span = accepted[accepted.length - 1].at - accepted[0].at;
    const least = leastTimeFor(CARDS, TEAMS_THREAD_LIMITS);
    const keys = connector.messagesIn(thread).map((m) => m.activity.attachments[0].content.body[0].id);
    const lost = s.expectedList.filter((upn) => !keys.some((k: string) => k.endsWith(upn))).length;
    const doubled = keys.length - new Set(keys).size;

    console.log(`daily run result: ${result.state}, ${'posted' in result ? result.posted : 0} cards posted`);
    console.log(`cards accepted in the thread: ${accepted.length} of ${CARDS}; lost ${lost}; posted twice ${doubled}; 429s ${throttled}`);
    console.log(`first card to last: ${(span / 1000).toFixed(2)} s; least the limits allow: ${(least / 1000).toFixed(2)} s`);
    console.log(`ratio (time taken / least time): ${(span / least).toFixed(3)} (aim <= 1.15)`);
    console.log(`whole run, list to last card: ${(wall / 1000).toFixed(2)} s`);
  } finally {
    await connector.stop();
    await storage.azurite.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

/**
 * Everything Firstday does with Microsoft Graph, built once from the server's settings. Without app
 * credentials (local development) the services still exist: calls fail at once with reason
 * 'not-configured', RoleResolver uses the school's staff list, and callers use the bot's own route.
 *
 *   const graph = createGraphServices({ config, logger });
 *   const roles = await graph.roles.rolesFor(school, { aadObjectId });
 *   const dsls = await graph.people.withRole(school, 'dsl');                // staff list + the DSL group
 *   const dsl = await graph.directory.resolve('s.khan@school.example');   // { id, displayName, userPrincipalName }
 *   await graph.activityFeed.notify(dsl.id, { topic, activityType: 'systemDefault', previewText, templateParameters });
 */
import type { TokenCredential } from '@azure/core-auth';
import type { Config } from '../platform/config';
import type { Logger } from '../platform/logger';
import { ActivityFeedNotifier } from './activity-feed';
import { GraphApi, type GraphRetryOptions } from './graph-api';
import { graphCredentialFromConfig } from './graph-credential';
import { RoleResolver } from './role-resolver';
import { SchoolPeople } from './school-people';
import { StaffDirectory } from './entra-staff';

export interface GraphServices {
  api: GraphApi;
  directory: StaffDirectory;
  roles: RoleResolver;
  /** Who holds a role: the staff list plus the role's Entra group. */
  people: SchoolPeople;
  activityFeed: ActivityFeedNotifier;
}

export interface GraphServicesOptions {
  config: Pick<Config, 'graphBaseUrl' | 'bot' | 'allowedTenants'> & { sso?: Config['sso'] };
  logger: Logger;
  /** Overrides the credential chosen from config (tests pass a token source here). */
  credential?: TokenCredential;
  retry?: GraphRetryOptions;
  attemptTimeoutMs?: number;
}

export function createGraphServices(options: GraphServicesOptions): GraphServices {
  const { config, logger } = options;
  const choice = options.credential ? { credential: options.credential } : graphCredentialFromConfig(config);
  const common = { baseUrl: config.graphBaseUrl, logger, retry: options.retry, attemptTimeoutMs: options.attemptTimeoutMs };
  let api: GraphApi;
  if ('credential' in choice) {
    api = new GraphApi({ ...common, credential: choice.credential });
  } else {
    logger.info(`Microsoft Graph is off: ${choice.notConfigured}. Roles come from each school's staff list; concerns go by the bot's own messages only.`);
    api = new GraphApi({ ...common, notConfigured: choice.notConfigured });
  }
  return {
    api,
    directory: new StaffDirectory({ graph: api }),
    roles: new RoleResolver({ graph: api, logger }),
    people: new SchoolPeople({ graph: api, logger }),
    activityFeed: new ActivityFeedNotifier({ graph: api }),
  };
}

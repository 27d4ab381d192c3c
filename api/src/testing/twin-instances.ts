// Test support only: two API instances on one database, with a driver and a dispatcher it granted.
import { afterAll, beforeAll } from 'vitest';
import {
  grant,
  sameSession,
  signedInAccount,
  startTestApi,
  type HttpsClient,
  type ReadyAccount,
  type StartTestApiOptions,
  type TestApi,
} from '@seccam/testkit';

/** Instances `a` and `b` on one database; the driver signed in on `a`; the dispatcher it granted, with its session on `b`. */
export interface TwinInstances {
  readonly a: TestApi;
  readonly b: TestApi;
  readonly driver: ReadyAccount;
  readonly dispatcher: ReadyAccount;
  readonly driverOnA: HttpsClient;
  readonly dispatcherOnB: HttpsClient;
}

/**
 * Starts both instances (each with `options()`, read when they start) and the accounts before
 * the enclosing describe's tests, and stops the instances after them. Filled in by then.
 */
export function useTwinInstances(options: () => StartTestApiOptions = () => ({})): TwinInstances {
  const twins: { -readonly [K in keyof TwinInstances]?: TwinInstances[K] } = {};
  beforeAll(async () => {
    const a = (twins.a = await startTestApi(options()));
    const b = (twins.b = await startTestApi({ ...options(), db: a.db, secrets: a.secrets }));
    const [driver, dispatcher] = await Promise.all([signedInAccount(a, 'driver'), signedInAccount(a, 'dispatcher')]);
    [twins.driver, twins.driverOnA] = [driver.account, driver.client];
    [twins.dispatcher, twins.dispatcherOnB] = [dispatcher.account, sameSession(b, dispatcher.client)];
    await grant(driver.client, driver.account.contents, dispatcher.account.contents.username);
  }, 60_000);
  afterAll(async () => {
    await twins.b?.stop();
    await twins.a?.stop();
  });
  return twins as TwinInstances;
}

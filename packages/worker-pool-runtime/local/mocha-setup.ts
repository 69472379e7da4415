/**
 * Mocha root hooks: one in-memory DynamoDB-compatible server on 127.0.0.1 for
 * the whole run, dummy credentials and region for this process only.
 */
import { startLocalDynamo, useLocalEndpoints, type LocalDynamo } from "./dynamo";

let dynamo: LocalDynamo | undefined;

export const mochaHooks = {
  async beforeAll(): Promise<void> {
    dynamo = await startLocalDynamo();
    useLocalEndpoints(dynamo.url, "http://127.0.0.1:9");
    process.env.POWERTOOLS_METRICS_DISABLED = "true";
  },
  async afterAll(): Promise<void> {
    await dynamo?.close();
  },
};

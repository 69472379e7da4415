/**
 * A DynamoDB-compatible server in memory (dynalite) on 127.0.0.1, and table
 * creation from the same definitions the infrastructure uses.
 */
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { TABLES, createTableInput, type TableKey } from "../src/schema";

// dynalite ships no types.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require("dynalite") as (opts: Record<string, unknown>) => Server;

export interface LocalDynamo {
  url: string;
  close(): Promise<void>;
}

/** Starts dynalite in memory on a free loopback port. */
export async function startLocalDynamo(): Promise<LocalDynamo> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        (server as Server & { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** Creates the plan, pool and activity tables of `env` (the client's endpoint decides where). */
export async function createTables(client: DynamoDBClient, env: string): Promise<Record<TableKey, string>> {
  const names = {} as Record<TableKey, string>;
  for (const key of Object.keys(TABLES) as TableKey[]) {
    const input = createTableInput(key, env);
    await client.send(new CreateTableCommand(input));
    names[key] = input.TableName;
  }
  return names;
}

/** Sets the variables the SDK reads so default clients reach the local servers. */
export function useLocalEndpoints(dynamoUrl: string, ecsUrl: string): void {
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamoUrl;
  process.env.AWS_ENDPOINT_URL_ECS = ecsUrl;
  process.env.AWS_REGION = process.env.AWS_REGION ?? "us-east-1";
  process.env.AWS_ACCESS_KEY_ID = "local";
  process.env.AWS_SECRET_ACCESS_KEY = "local";
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;
}

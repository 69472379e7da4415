import * as assert from "node:assert/strict";
import { scheduleIntervalSeconds, scheduleProblem } from "./schedule";

describe("schedule expressions", () => {
  for (const ok of [
    "rate(15 minutes)",
    "rate(1 minute)",
    "rate(1 hour)",
    "rate(2 days)",
    "cron(0/15 * * * ? *)",
    "cron(0 8 ? * MON-FRI *)",
  ]) {
    it(`accepts ${ok}`, () => assert.equal(scheduleProblem(ok), undefined));
  }

  const bad: [string, RegExp][] = [
    ["rate(30 seconds)", /nothing faster than 1 minute/],
    ["rate(0 minutes)", /faster than once a minute; use at least "rate\(1 minute\)"/],
    ["rate(1 minutes)", /use "rate\(1 minute\)"/],
    ["rate(15 minute)", /use "rate\(15 minutes\)"/],
    ["every 15 minutes", /use "rate\(N minutes\|hours\|days\)"/],
    ["cron(0/15 * * * *)", /6 fields/],
    ["cron(0 8 * * MON *)", /needs "\?" in day-of-month or day-of-week/],
  ];
  for (const [expression, fix] of bad) {
    it(`rejects ${expression} with the fix`, () => assert.match(scheduleProblem(expression) ?? "", fix));
  }

  const intervals: [string, number | undefined][] = [
    ["rate(15 minutes)", 900],
    ["rate(1 minute)", 60],
    ["rate(2 hours)", 7200],
    ["cron(0/15 * * * ? *)", 900],
    ["cron(*/5 * * * ? *)", 300],
    ["cron(30 0/6 * * ? *)", 21_600],
    ["cron(0 8 ? * MON-FRI *)", undefined],
  ];
  for (const [expression, seconds] of intervals) {
    it(`reads the interval of ${expression} as ${seconds ?? "unknown"}`, () =>
      assert.equal(scheduleIntervalSeconds(expression), seconds));
  }
});

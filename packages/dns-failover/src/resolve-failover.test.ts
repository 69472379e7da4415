import * as assert from "node:assert/strict";
import { FailoverAnswer, FailoverMode, resolveFailover } from "./resolve-failover";

/** [primaryHealthy, secondaryHealthy (undefined = no health check), mode, answer, why] */
const FAILOVER_CASES: ReadonlyArray<[boolean, boolean | undefined, FailoverMode, FailoverAnswer, string]> = [
  [true, true, "auto", "primary", "normal operation"],
  [false, true, "auto", "secondary", "primary down: fail over"],
  [false, undefined, "auto", "secondary", "a secondary without a health check counts healthy"],
  [false, false, "auto", "primary", "both unhealthy: Route 53 treats all as healthy and answers the primary"],
  [true, false, "auto", "primary", "secondary down does not matter while the primary is healthy"],
  [true, true, "secondary", "secondary", "forced: the primary's check is disabled + inverted"],
  [false, true, "secondary", "secondary", "forced, and the primary really is down"],
  [true, undefined, "secondary", "secondary", "forced onto an unchecked secondary"],
  [true, false, "secondary", "primary", "forced, but the secondary is unhealthy: both unhealthy → primary"],
  [false, true, "primary", "primary", "pinned: the primary's check is disabled (always healthy)"],
  [false, false, "primary", "primary", "pinned, both down"],
  [true, true, "primary", "primary", "pinned, both up"],
];

describe("resolveFailover", () => {
  for (const [p, s, mode, answer, why] of FAILOVER_CASES) {
    it(`GIVEN primary ${p ? "healthy" : "unhealthy"}, secondary ${s === undefined ? "without a check" : s ? "healthy" : "unhealthy"}, mode ${mode} THEN answers ${answer} (${why})`, () => {
      assert.equal(resolveFailover(p, s, mode), answer);
    });
  }

  it("rejects an unknown mode, naming the value and the allowed ones", () => {
    assert.throws(
      () => resolveFailover(true, true, "failover" as FailoverMode),
      /`mode` is "failover"; use "auto", "primary" or "secondary"/,
    );
  });
});

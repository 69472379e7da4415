import * as assert from "node:assert/strict";
import { checkTeamListenerRule, pathPatternsOverlap, PLATFORM_LISTENER_RULES } from "./routes";

const SOURCE = "Pulumi.dev.yaml: team-service:service";

describe("pathPatternsOverlap (ALB path patterns: case-sensitive, * and ?)", () => {
  const cases: [string, string, boolean][] = [
    ["/app/*", "/app/*", true],
    ["/app/orders", "/app/*", true],
    ["/app*", "/app/*", true],
    ["/*", "/app/*", true],
    ["*", "/app/*", true],
    ["/a?p/x", "/app/*", true],
    ["/ap", "/app/*", false],
    ["/App/*", "/app/*", false],
    ["/orders/*", "/app/*", false],
    ["/application/*", "/app/*", false],
    ["/apps/*", "/app/*", false],
    ["/x/*/app/*", "/app/*", false],
    ["/*/y", "/app/*", true],
  ];
  for (const [a, b, overlap] of cases)
    it(`${a} and ${b}: ${overlap ? "overlap" : "disjoint"}`, () => {
      assert.equal(pathPatternsOverlap(a, b), overlap);
      assert.equal(pathPatternsOverlap(b, a), overlap);
    });
});

describe("checkTeamListenerRule", () => {
  it("accepts a team's own priority and path", () => {
    checkTeamListenerRule({ priority: 120, pathPatterns: ["/orders/*"] }, SOURCE);
    checkTeamListenerRule({ priority: 50_000, hostHeaders: ["orders.dev.acs.app.com"] }, SOURCE);
  });

  for (const { priority, name } of PLATFORM_LISTENER_RULES)
    it(`refuses priority ${priority}, the platform's rule for ${name}, naming the source and the fix`, () => {
      assert.throws(
        () => checkTeamListenerRule({ priority, pathPatterns: ["/orders/*"] }, SOURCE),
        new RegExp(
          `^Error: Pulumi\\.dev\\.yaml: team-service:service: listener priority ${priority} cannot be used: the platform's rule for .* has priority ${priority}; pick a whole number from 100 to 50000`,
        ),
      );
    });

  it("refuses the platform's reserved range and what is not a priority", () => {
    assert.throws(
      () => checkTeamListenerRule({ priority: 40, pathPatterns: ["/o/*"] }, SOURCE),
      /keeps priorities 1–99/,
    );
    assert.throws(
      () => checkTeamListenerRule({ priority: 50_001, pathPatterns: ["/o/*"] }, SOURCE),
      /not a listener-rule priority/,
    );
    assert.throws(
      () => checkTeamListenerRule({ priority: 120.5, pathPatterns: ["/o/*"] }, SOURCE),
      /not a listener-rule priority/,
    );
  });

  it("refuses a path that shadows or is shadowed by the platform's /app/*, whatever the host", () => {
    for (const path of ["/app/*", "/app/orders/*", "/*", "/ap?/x"])
      assert.throws(
        () =>
          checkTeamListenerRule(
            { priority: 120, pathPatterns: ["/orders/*", path], hostHeaders: ["orders.example.com"] },
            SOURCE,
          ),
        new RegExp(
          `^Error: Pulumi\\.dev\\.yaml: team-service:service: path pattern "${path.replace(/[*?]/g, "\\$&")}" overlaps the platform's "/app/\\*"`,
        ),
      );
  });

  it("refuses a rule without paths or hosts (it would take every request the platform does not route)", () => {
    assert.throws(
      () => checkTeamListenerRule({ priority: 120 }, SOURCE),
      /neither path patterns nor host headers/,
    );
  });
});

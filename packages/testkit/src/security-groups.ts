import type { Recording } from "./recording";

const RULE_TYPES = {
  ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
} as const;

/**
 * The rules of one security group in one direction, one line each, sorted:
 * `"tcp 8080 from sg-0abc"`, `"tcp 443 to 0.0.0.0/0"`, `"all to pl-123"` (protocol `-1`),
 * `"tcp 1024-65535 from 10.0.0.0/16"`. The peer is the rule's referenced group, IPv4 or IPv6
 * CIDR, or prefix list (a rule has exactly one). Only separate rule resources are read (the
 * components never write inline `ingress`/`egress` on a group).
 */
export function securityGroupRules(
  rec: Recording,
  groupId: unknown,
  direction: "ingress" | "egress",
): string[] {
  return rec
    .ofType(RULE_TYPES[direction])
    .filter((r) => r.inputs.securityGroupId === groupId)
    .map((r) => {
      const i = r.inputs;
      const peer = i.referencedSecurityGroupId ?? i.cidrIpv4 ?? i.cidrIpv6 ?? i.prefixListId;
      const protocol = String(i.ipProtocol) === "-1" ? "all" : String(i.ipProtocol);
      const ports =
        i.fromPort === undefined
          ? ""
          : i.fromPort === i.toPort
            ? ` ${i.fromPort}`
            : ` ${i.fromPort}-${i.toPort}`;
      return `${protocol}${ports} ${direction === "ingress" ? "from" : "to"} ${String(peer)}`;
    })
    .sort();
}

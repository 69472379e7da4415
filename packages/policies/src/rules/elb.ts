import { at, isUnknown, list, ResourceRule } from "../model";

const LOAD_BALANCER = ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"];
const LISTENER = ["aws:lb/listener:Listener", "aws:alb/listener:Listener"];

/**
 * Policies whose minimum is TLS 1.2 or 1.3 (the recommended TLS13-1-2-2021-06 among them); the
 * TLS13-1-0/1-1, TLS-1-1, FS-1-1, FS-2018-06 and 2016-08 policies still accept TLS 1.0/1.1.
 * https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html (ELB.17)
 */
const RECOMMENDED_TLS = /^ELBSecurityPolicy-(TLS13-1-[23]|TLS-1-2|FS-1-2)-/;

/** The load balancer's type: `application` unless set (the provider's default). */
const isApplication = (props: Record<string, any>) =>
  (props.loadBalancerType ?? "application") === "application";

export const ELB_RULES: readonly ResourceRule[] = [
  {
    name: "elb-1-http-redirects-to-https",
    control: "ELB.1",
    title: "Application Load Balancer should be configured to redirect all HTTP requests to HTTPS",
    description:
      "HTTP listeners only redirect to HTTPS (every default action is a redirect with protocol HTTPS).",
    enforcement: "mandatory",
    onUnknown: "An unknown protocol or default action is decided at `up`.",
    types: LISTENER,
    check: ({ props }, ctx) => {
      if (isUnknown(props.protocol)) return (ctx.unknown("protocol"), []);
      if (props.protocol !== "HTTP") return [];
      if (isUnknown(props.defaultActions)) return (ctx.unknown("defaultActions"), []);
      const actions = list(props.defaultActions) as any[];
      if (actions.some((a) => isUnknown(at(a, "type")) || isUnknown(at(a, "redirect", "protocol"))))
        return (ctx.unknown("defaultActions"), []);
      return actions.length > 0 &&
        actions.every((a) => a.type === "redirect" && a.redirect?.protocol === "HTTPS")
        ? []
        : [
            'HTTP listener serves traffic: make its default action a redirect to HTTPS (type "redirect", protocol "HTTPS")',
          ];
    },
  },
  {
    name: "elb-4-drop-invalid-headers",
    control: "ELB.4",
    title: "Application Load Balancer should be configured to drop invalid http headers",
    description: "Application load balancers set dropInvalidHeaderFields = true.",
    enforcement: "mandatory",
    onUnknown: "An unknown flag is decided at `up`.",
    types: LOAD_BALANCER,
    check: ({ props }, ctx) => {
      if (isUnknown(props.loadBalancerType) || isUnknown(props.dropInvalidHeaderFields))
        return (ctx.unknown("dropInvalidHeaderFields"), []);
      return isApplication(props) && props.dropInvalidHeaderFields !== true
        ? ["dropInvalidHeaderFields is not true: set it so malformed headers never reach the targets"]
        : [];
    },
  },
  {
    name: "elb-5-access-logs",
    control: "ELB.5",
    title: "Application and Classic Load Balancers logging should be enabled",
    description: "Application load balancers write access logs (accessLogs.enabled = true with a bucket).",
    enforcement: "mandatory",
    onUnknown: "An unknown enabled flag is decided at `up`; an unknown bucket name (a new bucket) is fine.",
    types: LOAD_BALANCER,
    check: ({ props }, ctx) => {
      if (
        isUnknown(props.loadBalancerType) ||
        isUnknown(props.accessLogs) ||
        isUnknown(props.accessLogs?.enabled)
      )
        return (ctx.unknown("accessLogs.enabled"), []);
      if (!isApplication(props)) return [];
      return props.accessLogs?.enabled === true && props.accessLogs?.bucket
        ? []
        : [
            "access logs are off: set accessLogs { bucket, enabled: true } (a bucket with an ELB log-delivery policy)",
          ];
    },
  },
  {
    name: "elb-6-deletion-protection",
    control: "ELB.6",
    title: "Application, Gateway, and Network Load Balancers should have deletion protection enabled",
    description: "Load balancers set enableDeletionProtection = true (advisory in ephemeral environments).",
    enforcement: "mandatory",
    ephemeral: "advisory",
    onUnknown: "An unknown flag is decided at `up`.",
    types: LOAD_BALANCER,
    check: ({ props }, ctx) => {
      if (isUnknown(props.enableDeletionProtection)) return (ctx.unknown("enableDeletionProtection"), []);
      return props.enableDeletionProtection === true
        ? []
        : [
            "deletion protection is off: set enableDeletionProtection = true (the DNS name and its records die with it)",
          ];
    },
  },
  {
    name: "elb-17-recommended-tls-policy",
    control: "ELB.17",
    title: "Application and Network Load Balancers with listeners should use recommended security policies",
    description: "HTTPS and TLS listeners use a policy whose minimum is TLS 1.2 or 1.3.",
    enforcement: "mandatory",
    onUnknown: "An unknown protocol or sslPolicy is decided at `up`.",
    types: LISTENER,
    check: ({ props }, ctx) => {
      if (isUnknown(props.protocol)) return (ctx.unknown("protocol"), []);
      if (props.protocol !== "HTTPS" && props.protocol !== "TLS") return [];
      if (isUnknown(props.sslPolicy)) return (ctx.unknown("sslPolicy"), []);
      const policy = String(props.sslPolicy ?? "");
      return RECOMMENDED_TLS.test(policy)
        ? []
        : [`sslPolicy ${policy || "(default)"} accepts TLS < 1.2: use ELBSecurityPolicy-TLS13-1-2-2021-06`];
    },
  },
];

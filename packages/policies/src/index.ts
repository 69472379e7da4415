// The CrossGuard policy pack: `pulumi preview --policy-pack <path to this package>` after `pnpm build`.
// Importing this module starts the policy analyzer; import `@acs/policies/rules` for the rules alone.
import { PolicyPack, ResourceValidationPolicy } from "@pulumi/policy";
import { RULES } from "./rules";

const policies: ResourceValidationPolicy[] = RULES.map((rule) => ({
  name: rule.name,
  description: rule.description,
  enforcementLevel: rule.enforcement,
  validateResource: (args, reportViolation) => {
    if (!rule.types.includes(args.type)) return;
    for (const message of rule.check({
      type: args.type,
      urn: args.urn,
      props: args.props,
      protect: args.opts.protect,
    })) {
      reportViolation(message);
    }
  },
}));

new PolicyPack("acs-org", { policies });

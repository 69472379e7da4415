// The CrossGuard policy pack: `pulumi preview --policy-pack <path to this package>` after `pnpm build`.
// Importing this module starts the policy analyzer; import `@acs/policies/rules` for the rules alone.
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./pack";

new PolicyPack("acs-org", { policies });

// Thin entry point: the account's registry and CI roles, from Pulumi.bootstrap.yaml and the
// environments' configs (stacks/<env>/Pulumi.<env>.yaml).
import { bootstrap } from "@acs/platform";

export = async () => bootstrap();

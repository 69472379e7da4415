// Thin entry point: everything environment-specific is in Pulumi.<stack>.yaml.
import { platform } from "@acs/platform";

export = async () => platform();

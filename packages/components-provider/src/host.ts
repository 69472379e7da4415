// The plugin's entry point (package.json `main`): `pulumi package add` and every `pulumi up`
// of a consumer start it, and it serves the provider over gRPC to the engine.
// https://www.pulumi.com/docs/iac/guides/building-extending/packages/source-based-plugin/
import * as pulumi from "@pulumi/pulumi";
import { AcsComponentProvider } from "./provider";

void pulumi.provider.main(new AcsComponentProvider(), process.argv.slice(2));

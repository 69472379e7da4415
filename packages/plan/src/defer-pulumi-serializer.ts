// Side effect only, imported first by cli.ts: before anything loads @pulumi/pulumi, defer its
// function serializer's dependencies (see lazy-modules.ts).
import { deferPulumiSerializer } from "./lazy-modules";

deferPulumiSerializer();

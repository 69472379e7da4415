// The pack-and-install test (npm install of the Pulumi SDKs into a scratch project: 40 s warm,
// minutes on a busy machine) runs as its own step (`pnpm --filter @acs/publishing test:pack`,
// called by .ci/run and the release workflow), not in `pnpm test`.
const base = require("../../.mocharc.base.cjs");
const PACK = "src/pack-install.test.ts";
module.exports = process.env.ACS_PACK_TEST ? { ...base, spec: [PACK] } : { ...base, ignore: [PACK] };

// The hot-pool tests start dynalite for the whole run (the runtime's mocha setup).
const base = require("../../.mocharc.base.cjs");
module.exports = { ...base, require: [...base.require, "@acs/worker-pool-runtime/local/mocha-setup"] };

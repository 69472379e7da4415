const base = require("../../.mocharc.base.cjs");
module.exports = { ...base, require: [...base.require, "./local/mocha-setup.ts"] };

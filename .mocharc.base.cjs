// Shared mocha settings: every package's .mocharc.cjs spreads this.
// TypeScript runs through tsx, so tests need no build of their own package.
module.exports = {
  require: ["tsx/cjs"],
  extension: ["ts"],
  spec: ["src/**/*.test.ts"],
  timeout: 20000,
  reporter: "dot",
};

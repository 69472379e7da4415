// Shared mocha settings: every package's .mocharc.cjs spreads this.
// TypeScript runs through tsx, so tests need no build of their own package.
module.exports = {
  require: ["tsx/cjs"],
  extension: ["ts"],
  spec: ["src/**/*.test.ts"],
  // Generous: the first test of a file loads the AWS provider SDK, slow on a busy 2-core machine.
  timeout: 60000,
  reporter: "dot",
};

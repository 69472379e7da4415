// The esbuild options of every Node.js bundle this repository deploys: the hot pool's Lambda
// handlers (packages/worker-pool-runtime, runtime nodejs22.x) and the sample service's container
// (apps/dummy-service, distroless Node.js 22). One CommonJS file with its dependencies inside,
// minified, no source map or legal comments. Each build script adds its entry point and output
// file: `build({ ...NODE_BUNDLE_OPTIONS, entryPoints, outfile })`.
// https://esbuild.github.io/api/#target
export const NODE_BUNDLE_OPTIONS = Object.freeze({
  bundle: true,
  platform: "node",
  target: "node22",
  format: "cjs",
  minify: true,
  sourcemap: false,
  legalComments: "none",
  logLevel: "warning",
});

/**
 * The Pulumi package this provider serves: its schema's `name`, the first part of every type
 * token (`acs:index:Network`), and the name of the SDK `pulumi package add` generates
 * (the Python module is `pulumi_acs`).
 */
export const PACKAGE_NAME = "acs";

/**
 * The type token of a component of this package. A component provider only constructs
 * `<package>:index:<Class>` (the SDK's ComponentProvider rejects other modules), and the class
 * registers itself under that same token.
 */
export function componentType(className: string): string {
  return `${PACKAGE_NAME}:index:${className}`;
}

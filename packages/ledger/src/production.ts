/**
 * Whether an environment name means production: `production` or `prod`, in
 * any case. This is the `production: auto` rule of pre-deploy-check, and the
 * ledger's default for a deployment's `production_environment`, so a check
 * and the record it guards agree on what production is.
 */
export function isProductionEnvironment(name: string): boolean {
  return /^prod(uction)?$/i.test(name.trim());
}

import { z } from 'zod';

/**
 * The zod schema of {@link GammaGammaDiagnostics}: the common model diagnostics plus the
 * Gamma-Gamma counts and the frequency–spend correlation (`null` when undefined). Strict keys.
 * Registered with `loadModel` as the `diagnostics` of the `'gamma-gamma'` kind.
 *
 * @example
 * ```ts
 * import { gammaGammaDiagnosticsSchema } from 'clvkit';
 * gammaGammaDiagnosticsSchema.safeParse({}).success; // false
 * ```
 */
export const gammaGammaDiagnosticsSchema = z.strictObject({
  converged: z.boolean(),
  iterations: z.number().int().nonnegative(),
  gradientNorm: z.number().nonnegative(),
  message: z.string(),
  customers: z.number().nonnegative(),
  distinctRows: z.number().int().nonnegative(),
  warnings: z.array(z.string()),
  customersWithoutRepeat: z.number().nonnegative(),
  excludedNonPositive: z.number().nonnegative(),
  frequencySpendCorrelation: z.number().min(-1).max(1).nullable(),
});

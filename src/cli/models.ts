/**
 * The purchase models the CLI can fit, behind one small adapter each, so that adding a model (or
 * `--model auto` through `compareModels`) is one entry in {@link PURCHASE_MODELS}; and the
 * `model.json` bundle the CLI writes and reads.
 *
 * @module
 */
import type { PurchaseFit } from '../clv/purchase-model.js';
import { fitBgNbd, probabilityAlive } from '../models/bg-nbd/index.js';
import type { BgNbdFit } from '../models/bg-nbd/types.js';
import type { GammaGammaFit } from '../models/gamma-gamma/types.js';
import { loadModel, type ModelFit } from '../models/load.js';
import { durationsInUnit } from '../models/shared.js';
import type { CustomerSummary } from '../summary/types.js';
import { convertDuration } from '../time/index.js';
import { CliInputError } from './errors.js';

/** What the CLI needs from a purchase model. */
export interface PurchaseModelAdapter {
  /** The `kind` of its fits, and the value of `--model`. */
  readonly kind: string;
  /** Display name, e.g. `'BG/NBD'`. */
  readonly title: string;
  /** One sentence for the report. */
  readonly description: string;
  fit(
    summary: CustomerSummary,
    options: { readonly penalty: number; readonly onWarning: (message: string) => void },
  ): PurchaseFit;
  /** P(alive) per customer of `summary`. */
  probabilityAlive(fit: PurchaseFit, summary: CustomerSummary): Float64Array;
  /**
   * P(no purchase in the next `durations[i]`, in the summary's unit) per customer, to check the
   * churn risk against a holdout. Optional: without it the churn charts are left out.
   */
  probabilityNoPurchase?(
    fit: PurchaseFit,
    summary: CustomerSummary,
    durations: Float64Array,
  ): Float64Array;
}

const bgNbd: PurchaseModelAdapter = {
  kind: 'bg-nbd',
  title: 'BG/NBD',
  description:
    'Beta-geometric/NBD (Fader, Hardie & Lee 2005): purchases at a gamma-distributed Poisson rate; after each purchase the customer may drop out with a beta-distributed probability.',
  fit: (summary, options) => fitBgNbd(summary, options),
  probabilityAlive: (fit, summary) => probabilityAlive(fit as BgNbdFit, summary),
  probabilityNoPurchase(fit, summary, durations) {
    // An active BG/NBD customer drops out only right after a purchase, so "no purchase in τ" is
    // "inactive" or "active and no Poisson event in τ". Given (x, t_x, T) and active, λ is
    // Gamma(r + x, α + T) (FHL 2005, §3), so P(0 events in τ | active) = ((α+T)/(α+T+τ))^(r+x).
    const { r, alpha } = (fit as BgNbdFit).params;
    const alive = probabilityAlive(fit as BgNbdFit, summary);
    const { T } = durationsInUnit(summary, fit.timeUnit);
    const factor = convertDuration(1, summary.unit, fit.timeUnit);
    const out = new Float64Array(alive.length);
    for (let i = 0; i < out.length; i++) {
      const base = alpha + T[i]!;
      const none = Math.exp(
        (r + summary.frequency[i]!) * (Math.log(base) - Math.log(base + durations[i]! * factor)),
      );
      out[i] = 1 - alive[i]! + alive[i]! * none;
    }
    return out;
  },
};

/** Purchase models by `--model` value. The lead adds `pareto-nbd`, `mbg-nbd` and `auto` here. */
export const PURCHASE_MODELS: ReadonlyMap<string, PurchaseModelAdapter> = new Map([
  [bgNbd.kind, bgNbd],
]);

/** The adapter of a fit's kind. */
export function purchaseModelOf(kind: string): PurchaseModelAdapter {
  const model = PURCHASE_MODELS.get(kind);
  if (model === undefined) {
    throw new CliInputError(
      `model kind '${kind}' is not a purchase model the CLI knows (${[...PURCHASE_MODELS.keys()].join(', ')})`,
    );
  }
  return model;
}

/** `model.json`: the fits of one run, each loadable on its own with `loadModel`. */
export interface ModelBundle {
  readonly format: 'clvkit-models';
  readonly schemaVersion: 1;
  /** The purchase-model fit (`loadModel(bundle.purchase)`). */
  readonly purchase: PurchaseFit;
  /** The Gamma-Gamma spend fit, when one was made (`loadModel(bundle.spend)`). */
  readonly spend?: GammaGammaFit;
  /** The window the models were fitted on, for the record. */
  readonly window: {
    readonly unit: string;
    readonly mode: string;
    readonly observationEnd?: string;
    readonly calibrationEnd?: string;
    readonly customers: number;
  };
}

/**
 * Reads a parsed `model.json`: a {@link ModelBundle}, or a single fit as `loadModel` takes it
 * (a purchase model, or a Gamma-Gamma fit alone).
 *
 * @throws {ClvError} `INVALID_MODEL` from `loadModel`; {@link CliInputError} for an unknown layout.
 */
export function readModelBundle(json: unknown): {
  purchase: PurchaseFit | undefined;
  spend: GammaGammaFit | undefined;
} {
  const bundle = json as Partial<ModelBundle> | null;
  if (bundle !== null && typeof bundle === 'object' && bundle.format === 'clvkit-models') {
    const purchase = loadModel(bundle.purchase) as ModelFit;
    purchaseModelOf(purchase.kind);
    const spend =
      bundle.spend === undefined ? undefined : loadModel(bundle.spend, { kind: 'gamma-gamma' });
    return { purchase: purchase as PurchaseFit, spend };
  }
  const fit = loadModel(json);
  if (fit.kind === 'gamma-gamma') return { purchase: undefined, spend: fit };
  purchaseModelOf(fit.kind);
  return { purchase: fit as PurchaseFit, spend: undefined };
}

/**
 * The purchase models the CLI can fit, behind one small adapter each, so that adding a model (or
 * `--model auto` through `compareModels`) is one entry in {@link PURCHASE_MODELS}; and the
 * `model.json` bundle the CLI writes and reads.
 *
 * @module
 */
import type { PurchaseFit } from '../clv/purchase-model.js';
import { fitBgNbd } from '../models/bg-nbd/index.js';
import type { BgNbdFit } from '../models/bg-nbd/types.js';
import type { GammaGammaFit } from '../models/gamma-gamma/types.js';
import { loadModel, type ModelFit } from '../models/load.js';
import { fitMbgNbd } from '../models/mbg-nbd/index.js';
import type { MbgNbdFit } from '../models/mbg-nbd/types.js';
import { fitParetoNbd } from '../models/pareto-nbd/index.js';
import { probabilityAlive } from '../models/purchase.js';
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

/**
 * P(no purchase in the next τ | x, t_x, T) for the models where a customer drops out only at a
 * purchase (BG/NBD; MBG/NBD, whose extra drop-out at time 0 is in P(alive)): "inactive", or
 * "active and no Poisson event in τ". Given (x, t_x, T) and active, λ is Gamma(r + x, α + T)
 * (Fader, Hardie & Lee 2005, §3), so P(0 events in τ | active) = ((α+T)/(α+T+τ))^(r+x).
 */
function noPurchaseAfterPurchaseDropout(
  fit: BgNbdFit | MbgNbdFit,
  summary: CustomerSummary,
  durations: Float64Array,
): Float64Array {
  const { r, alpha } = fit.params;
  const alive = probabilityAlive(fit, summary);
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
}

const bgNbd: PurchaseModelAdapter = {
  kind: 'bg-nbd',
  title: 'BG/NBD',
  description:
    'Beta-geometric/NBD (Fader, Hardie & Lee 2005): purchases at a gamma-distributed Poisson rate; after each purchase the customer may drop out with a beta-distributed probability.',
  fit: (summary, options) => fitBgNbd(summary, options),
  probabilityAlive: (fit, summary) => probabilityAlive(fit, summary),
  probabilityNoPurchase: (fit, summary, durations) =>
    noPurchaseAfterPurchaseDropout(fit as BgNbdFit, summary, durations),
};

const mbgNbd: PurchaseModelAdapter = {
  kind: 'mbg-nbd',
  title: 'MBG/NBD',
  description:
    'Modified BG/NBD (Batislam, Denizel & Filiztekin 2007): as BG/NBD, but a customer may also drop out right after the first purchase, so customers without repeat purchases are not certainly alive.',
  fit: (summary, options) => fitMbgNbd(summary, options),
  probabilityAlive: (fit, summary) => probabilityAlive(fit, summary),
  probabilityNoPurchase: (fit, summary, durations) =>
    noPurchaseAfterPurchaseDropout(fit as MbgNbdFit, summary, durations),
};

const paretoNbd: PurchaseModelAdapter = {
  kind: 'pareto-nbd',
  title: 'Pareto/NBD',
  description:
    'Pareto/NBD (Schmittlein, Morrison & Colombo 1987): purchases at a gamma-distributed Poisson rate while alive; lifetimes exponential with a gamma-distributed drop-out rate, at any time.',
  fit: (summary, options) => fitParetoNbd(summary, options),
  probabilityAlive: (fit, summary) => probabilityAlive(fit, summary),
  // No churn check: a Pareto/NBD customer can also die during τ before buying, which this
  // simple closed form does not cover; the report leaves the churn charts out.
};

/** Purchase models by `--model` value (`--model auto` picks one with `compareModels`). */
export const PURCHASE_MODELS: ReadonlyMap<string, PurchaseModelAdapter> = new Map([
  [bgNbd.kind, bgNbd],
  [paretoNbd.kind, paretoNbd],
  [mbgNbd.kind, mbgNbd],
]);

/** The `--model` value that lets `compareModels` choose. */
export const AUTO_MODEL = 'auto';

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

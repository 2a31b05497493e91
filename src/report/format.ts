// Number formatting of the report (Intl, available in every runtime). @internal
import type { ReportNumberFormat } from './types.js';

/** Formats numbers in one locale and currency, caching the Intl formatters. */
export interface NumberFormatter {
  format(value: number | null | undefined, kind?: ReportNumberFormat): string;
}

const DASH = '—';

export function createNumberFormatter(
  locale: string,
  currency: string | undefined,
): NumberFormatter {
  const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const large = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const small = new Intl.NumberFormat(locale, { maximumSignificantDigits: 4 });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const ratio = new Intl.NumberFormat(locale, {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });
  // Money: an ISO 4217 code formats as currency (€1,234); anything else (a symbol, an unknown
  // code) follows the number. Cents up to 999.99, whole units from 1,000.
  let money: [Intl.NumberFormat, Intl.NumberFormat] | undefined;
  let moneySuffix = '';
  if (currency !== undefined && /^[A-Za-z]{3}$/.test(currency)) {
    try {
      const style = { style: 'currency', currency: currency.toUpperCase() } as const;
      money = [
        new Intl.NumberFormat(locale, { ...style, maximumFractionDigits: 2 }),
        new Intl.NumberFormat(locale, { ...style, maximumFractionDigits: 0 }),
      ];
    } catch {
      money = undefined;
    }
  }
  if (money === undefined) {
    money = [
      new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }),
      new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }),
    ];
    moneySuffix = currency === undefined || currency === '' ? '' : ` ${currency}`;
  }
  const [moneyFormat, wholeMoney] = money;
  const decimal = (value: number) =>
    Math.abs(value) >= 1000 ? large.format(value) : small.format(value);
  return {
    format(value, kind = 'decimal') {
      if (value === null || value === undefined || Number.isNaN(value)) return DASH;
      if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
      switch (kind) {
        case 'integer':
          return integer.format(value);
        case 'percent':
          return percent.format(value);
        case 'money':
          return `${(Math.abs(value) >= 1000 ? wholeMoney : moneyFormat).format(value)}${moneySuffix}`;
        case 'ratio':
          return ratio.format(value);
        default:
          return decimal(value);
      }
    },
  };
}

/**
 * clvkit/charts: Vega-Lite specifications (plain JSON) built from clvkit's own outputs, for
 * notebooks, apps and the HTML report.
 *
 * @packageDocumentation
 */
export {};

/**
 * clvkit/report: a self-contained, offline HTML report built from clvkit's outputs.
 *
 * @packageDocumentation
 */
export {};

// Escaping for the three contexts the report writes into. @internal

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text or a double-quoted attribute value: escapes & < > " '. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * JSON for a `<script type="application/json">` element: `<`, `>` and `&` (which can only occur
 * inside JSON strings) become \u escapes, so `</script>` or `<!--` in a segment name cannot end
 * the element; U+2028/U+2029 too, for old JavaScript parsers.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => {
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/**
 * JavaScript source for an inline `<script>`: the HTML parser ends a script element at
 * `</script` and enters its "double escaped" state at `<!--` … `<script`. The minified bundles
 * contain neither today; should a future version have them inside a string or regular
 * expression, `\x3C` (the same character as an escape) keeps the meaning and the element intact.
 */
export function scriptSource(source: string): string {
  return source.replace(/<(\/script|!--|script)/gi, '\\x3C$1');
}

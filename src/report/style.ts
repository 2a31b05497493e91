// The report's stylesheet: system fonts only (nothing to download), a responsive grid of
// figures and charts, tables that scroll sideways inside their box on narrow screens. @internal

export const REPORT_CSS = `
:root{--fg:#1f2328;--muted:#59636e;--border:#d8dee4;--card:#f6f8fa;--accent:#4c78a8;--warn-bg:#fff8e5;--warn:#8a6100}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;color:var(--fg);background:#fff;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
header,main,footer{max-width:1240px;margin:0 auto;padding:0 16px}
header{padding-top:20px}
h1{font-size:1.6rem;line-height:1.25;margin:0 0 4px;overflow-wrap:anywhere}
h2{font-size:1.25rem;margin:32px 0 12px;padding-bottom:4px;border-bottom:1px solid var(--border)}
h3{font-size:1rem;margin:0 0 4px}
p{margin:0 0 8px}
.muted{color:var(--muted);font-size:.9rem}
nav{margin:12px 0 0;display:flex;flex-wrap:wrap;gap:6px 14px;font-size:.9rem}
nav a{color:var(--accent);text-decoration:none}
nav a:hover{text-decoration:underline}
.figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px;margin-top:16px}
.figure{background:var(--card);border:1px solid var(--border);border-radius:8px;padding:10px 12px;min-width:0}
.figure .label{color:var(--muted);font-size:.8rem;text-transform:uppercase;letter-spacing:.02em}
.figure .value{font-size:1.35rem;font-weight:600;font-variant-numeric:tabular-nums;overflow-wrap:anywhere}
.figure .note{color:var(--muted);font-size:.8rem}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,460px),1fr));gap:16px}
.chart{margin:0;border:1px solid var(--border);border-radius:8px;padding:12px;min-width:0;background:#fff}
.chart.wide{grid-column:1/-1}
.chart .vis{width:100%;min-height:120px;margin-top:8px}
.chart .vis>.vega-embed{display:block;width:100%}
.chart .vis.failed{color:#b42318}
.table-wrap{overflow-x:auto;-webkit-overflow-scrolling:touch;border:1px solid var(--border);border-radius:8px;margin:8px 0 16px;max-width:100%}
table{border-collapse:collapse;width:100%;font-size:.875rem}
caption{text-align:left;padding:8px 10px;color:var(--muted)}
th,td{padding:6px 10px;border-bottom:1px solid var(--border);text-align:left;white-space:nowrap;vertical-align:top}
thead th{background:var(--card);font-weight:600}
tfoot td,tfoot th{font-weight:600;border-bottom:0}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
td.wrap{white-space:normal;min-width:14em;overflow-wrap:anywhere}
.warnings{background:var(--warn-bg);color:var(--warn);border:1px solid #f0d78c;border-radius:8px;padding:8px 12px 8px 28px;margin:8px 0}
.model{margin-bottom:20px}
.model .table-wrap{max-width:640px}
.chart .sub{color:var(--muted);font-size:.85rem;margin:0 0 4px}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:8px 0;font-size:.9rem}
dl.facts dt{color:var(--muted)}
dl.facts dd{margin:0;overflow-wrap:anywhere}
footer{margin:40px auto 24px;color:var(--muted);font-size:.8rem}
@media (max-width:600px){body{font-size:14px}header,main,footer{padding:0 10px}h1{font-size:1.3rem}.figure .value{font-size:1.15rem}.chart{padding:8px}}
@media print{nav{display:none}.chart{break-inside:avoid}}
`;

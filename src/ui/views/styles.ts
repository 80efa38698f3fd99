/** Styles of the secondary views: they travel with them in loyalkit-views.js. */
export const VIEWS_CSS =
  'h3{font-size:15px;margin:20px 0 8px;font-weight:700}' +
  'li{display:flex;justify-content:space-between;gap:12px;padding:10px 0;border-block-end:1px solid var(--line)}li:last-child{border:0}' +
  // Home's shortcuts are list items too (home's own styles do not need this: it only undoes the rule above).
  '.nav li{padding:0;border:0;display:block}' +
  '.col{flex-direction:column;align-items:stretch}.row{display:flex;justify-content:space-between;gap:12px}.nw{white-space:nowrap}' +
  '.tag{margin-inline-start:8px;padding:2px 8px;border-radius:99px;background:var(--p);color:var(--op);font-size:13px}' +
  '.cur{border-inline-start:4px solid var(--p);padding-inline-start:12px}.perks li{padding:2px 0;border:0}.perks li::before{content:"✓ "}' +
  '.code{display:flex;gap:8px;align-items:center}.code code{flex:1;min-width:0;overflow-wrap:anywhere;padding:10px;border:1px dashed var(--m);border-radius:8px;font:600 15px/1.3 ui-monospace,monospace}' +
  '.confirm{padding:12px;border-radius:8px;background:var(--soft)}.stats p{margin:0}' +
  '.cs{margin-top:20px}.cs [aria-disabled]{opacity:.6;cursor:progress}'

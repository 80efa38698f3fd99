/** Styles of the secondary views: they travel with them in loyalkit-views.js. */
export const VIEWS_CSS =
  // A control busy with its request (a button, the consent box) stays focusable: aria-disabled, not disabled.
  '[aria-disabled=true]{opacity:.6;cursor:progress}' +
  // Forms: sign-up, profile, consent.
  'label{display:block;font-weight:600;margin:0 0 4px}.f{margin-block-end:14px}' +
  'input:not([type=checkbox]){display:block;width:100%;min-height:44px;padding:8px 12px;border:1px solid var(--m);border-radius:8px;background:var(--s);color:var(--t);font:400 1em/1.4 var(--f)}' +
  '.ck{display:flex;gap:10px;align-items:flex-start;font-weight:400}.ck input{width:22px;height:22px;margin:2px 0 0;flex:none;accent-color:var(--p)}' +
  '[aria-invalid=true]{border-color:var(--e)!important}.err{color:var(--e);font-size:.875em;margin:4px 0 0}' +
  // Kind icons, pictures (a fixed box: nothing moves when one loads), punch marks, badges, offers.
  '.k{flex:none;display:grid;place-items:center;width:40px;height:40px;border-radius:50%;background:var(--soft)}.k svg{width:22px;height:22px}.g{flex:1;min-width:0}' +
  // The kind icons face the way the text reads (the truck drives forward); the rest are symmetric.
  '[dir=rtl] :is(.k,.pic) svg{scale:-1 1}' +
  // A rule's button or "done" beside its name takes at most 45 % and wraps, so the name keeps its room.
  'li>.btn,li>.ok{max-width:45%}a.btn{text-decoration:none;text-align:center}' +
  '.pic{position:relative;flex:none;display:grid;place-items:center;width:56px;height:56px;border-radius:8px;background:var(--soft);overflow:hidden}.pic svg{width:26px;height:26px}' +
  '.pic img{position:absolute;inset:0;width:100%;height:100%;object-fit:cover;background:var(--soft)}.of .pic{width:100%;height:128px}' +
  '.pc{display:flex;flex-wrap:wrap;gap:6px;margin-top:6px}.pc i{width:18px;height:18px;border:2px solid var(--p);border-radius:50%}.pc .on{background:var(--p)}' +
  '.bg li{justify-content:flex-start}.bg .on .k{background:var(--p);color:var(--op)}.bg li:not(.on) .k{background:none;border:2px dashed var(--m)}' +
  '.lk{display:flex;gap:6px;align-items:center;color:var(--m)}.lk svg{flex:none;width:18px;height:18px}.of h3{margin:0 0 4px}' +
  '.links li{padding:4px 0;border:0}.danger{background:var(--e);border-color:var(--e);color:var(--s)}' +
  'h3{font-size:.9375em;margin:20px 0 8px;font-weight:700}' +
  'li{display:flex;justify-content:space-between;gap:12px;padding:10px 0;border-block-end:1px solid var(--line)}li:last-child{border:0}' +
  // Home's shortcuts are list items too (home's own styles do not need this: it only undoes the rule above).
  '.nav li{padding:0;border:0;display:block}' +
  '.col{flex-direction:column;align-items:stretch}.row{display:flex;justify-content:space-between;gap:12px}.nw{white-space:nowrap}' +
  '.tag{margin-inline-start:8px;padding:2px 8px;border-radius:99px;background:var(--p);color:var(--op);font-size:.8125em}' +
  '.cur{border-inline-start:4px solid var(--p);padding-inline-start:12px}.perks li{padding:2px 0;border:0}.perks li::before{content:"✓ "}' +
  '.code{display:flex;gap:8px;align-items:center}.code code{flex:1;min-width:0;overflow-wrap:anywhere;padding:10px;border:1px dashed var(--m);border-radius:8px;font:600 .9375em/1.3 ui-monospace,monospace}' +
  '.confirm{padding:12px;border-radius:8px;background:var(--soft)}.stats p{margin:0}' +
  '.cs{margin-top:20px}' +
  // Points that arrived since the balance was last shown rise beside it on the member's card (home), and only
  // for those who have not asked for less motion.
  '.pop{position:absolute;inset-block-start:16px;inset-inline-end:16px;font-size:1.125em;font-weight:700;color:var(--ok)}' +
  '@media (prefers-reduced-motion:no-preference){.pop{display:inline-block;animation:lk-up 1.6s ease-out both}@keyframes lk-up{0%{opacity:0;translate:0 10px}20%,70%{opacity:1;translate:0}to{opacity:0}}}'

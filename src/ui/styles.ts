/** Panel and component styles; logical properties throughout, so `dir="rtl"` needs only the back arrow turned. */
const dark =
  '--s:var(--loyalkit-color-surface,#1c2128);--t:var(--loyalkit-color-text,#f0f3f6);--m:var(--loyalkit-color-muted,#a9b4c0);--e:#ff9a8f;--ok:#6fdc9a;--line:#3b4450;--soft:#262c35'

export const UI_CSS =
  '*{box-sizing:border-box}[hidden]{display:none!important}' +
  // The member's balance on the launcher.
  '.l b{padding-inline-start:8px;border-inline-start:1px solid}' +
  ':host{--s:var(--loyalkit-color-surface,#fff);--t:var(--loyalkit-color-text,#1b1f24);--m:var(--loyalkit-color-muted,#57606a);--e:#b42318;--ok:#116a3a;--line:#d0d7de;--soft:#f3f5f7;' +
  '--r:var(--loyalkit-radius,12px);color:var(--t)!important}' +
  `:host([data-theme=dark]){${dark}}@media (prefers-color-scheme:dark){:host([data-theme=auto]){${dark}}}` +
  '.panel{position:fixed;inset:auto;inset-block-end:calc(var(--o) + 60px);inset-inline-end:var(--o);' +
  'margin:0;padding:0;width:min(25em,calc(100vw - 32px));max-height:min(680px,calc(100dvh - 110px));display:flex;flex-direction:column;' +
  'border:1px solid var(--line);border-radius:var(--r);background:var(--s);color:var(--t);font:400 1em/1.5 var(--f);' +
  'box-shadow:0 12px 40px rgb(0 0 0/.3);overflow:hidden}' +
  '.panel:not([open]){display:none}' +
  ':host([data-position=bottom-left]) .panel{inset-inline-end:auto;inset-inline-start:var(--o)}' +
  ':host([data-position=none]) .panel{inset-block-end:var(--o)}' +
  '.panel::backdrop{background:#0004}' +
  '@media (max-width:480px),(max-height:480px){.panel{inset:0;width:100%;max-width:none;height:100%;max-height:none;border-radius:0;border:0}}' +
  '.hd{display:flex;align-items:center;gap:8px;padding:12px;padding-inline-start:20px;border-block-end:1px solid var(--line)}.hb{font-weight:700;white-space:nowrap}' +
  '.hd h2{flex:1;margin:0;font-size:1.125em;line-height:1.3}' +
  '.bd{padding:16px 20px 20px;overflow:auto;overscroll-behavior:contain;flex:1}' +
  'p{margin:0 0 12px}ul{list-style:none;margin:0;padding:0}' +
  '.m{color:var(--m);font-size:.875em}' +
  '.btn,.ic{display:inline-flex;align-items:center;justify-content:center;min-height:44px;padding:0 18px;border-radius:calc(var(--r) - 4px);' +
  'border:2px solid var(--p);background:var(--p);color:var(--op);font:600 1em/1.2 var(--f);cursor:pointer}' +
  '.btn.sec{background:#0000;color:var(--t);border-color:var(--line)}.btn.w{width:100%}' +
  '.ic{min-height:40px;min-width:40px;padding:0;border-color:#0000;background:#0000;color:var(--t)}.ic svg{width:20px;height:20px}' +
  'svg{fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round}[dir=rtl] .bk svg{scale:-1 1}' +
  ':focus-visible{outline:3px solid var(--p);outline-offset:2px}.bd:focus-visible{outline-offset:-3px}' +
  '.card{position:relative;padding:16px;border-radius:var(--r);background:var(--soft);margin-block-end:16px}' +
  '.big{font-size:2em;font-weight:800;line-height:1.1;margin:4px 0}' +
  '.bar{height:8px;border-radius:4px;background:var(--line);overflow:hidden;margin:8px 0 4px}.bar i{display:block;height:100%;background:var(--p)}' +
  '.alert{padding:12px;border-radius:8px;border:1px solid var(--e);margin-block-end:14px}' +
  '.ok{color:var(--ok);font-weight:600}a{color:inherit}' +
  // Home: a running campaign, the tier as a badge.
  '.cp{padding:8px 12px;border-radius:8px;background:var(--p);color:var(--op);font-weight:600}' +
  '.tb{display:inline-block;padding:2px 10px;border:1px solid;border-radius:99px;font-size:.875em;font-weight:600}' +
  // Points arriving rise beside the balance, drawn by the views' styles, which come after the panel's first frame
  // (a first open has nothing to celebrate yet). A gain seen before they are there stays hidden.
  '.pop{display:none}' +
  '.sk{height:16px;border-radius:6px;background:var(--soft);margin:10px 0}.sk.h{height:120px;border-radius:var(--r)}.r{height:44px}.nav .r{margin:0}' +
  '.nav{display:grid;grid-template-columns:1fr 1fr;gap:8px;margin-top:16px}' +
  '.go{width:100%;min-height:44px;padding:8px 12px;border:1px solid var(--line);border-radius:8px;background:var(--s);color:var(--t);font:600 .9375em/1.2 var(--f);text-align:start;cursor:pointer}' +
  'h2:focus{outline:0}' +
  '.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}' +
  // Motion only for those who have not asked for less: the panel's entry, the skeleton's pulse.
  '@media (prefers-reduced-motion:no-preference){.panel[open]{animation:lk-in .18s ease-out}@keyframes lk-in{from{opacity:.5;translate:0 8px}}' +
  '.sk{animation:lk-p 1.2s ease-in-out infinite}@keyframes lk-p{50%{opacity:.5}}}'

/**
 * Resolves once the document is parsed. Until then the end of `<body>` is not the end of the page (an
 * async script often runs mid-parse): an element appended there lands between the page's own, where it
 * breaks rules such as `header + main` or `:first-child`. (The listener is not removed: the event comes once,
 * and `once` costs the 4 KB facade bytes.)
 */
export const parsed = (): Promise<unknown> =>
  new Promise((done) => (document.readyState == 'loading' ? document.addEventListener('DOMContentLoaded', done) : done(0)))

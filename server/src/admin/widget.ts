/**
 * The console's Widget page, server side: the built widget (the repository's dist/,
 * the same files a store embeds) under /admin/widget/, a preview page that embeds it
 * with exactly the chosen settings under its own CSP (nonce for its one script and
 * style), and the facts the copy-paste snippet needs (integrity, endpoint, program).
 */
import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import type { Context, Hono } from 'hono'
import * as v from 'valibot'
import type { AppEnv, Deps } from '../context.ts'
import { DomainError } from '../errors.ts'
import { builtIntegrity, escapeHtml, fileUnder, plain } from '../http/static-files.ts'
import { ownOrigin } from '../http/request.ts'
import { LANGUAGES } from '../program/i18n.ts'
import { requireSession } from './auth.ts'

export const WIDGET_DIR = fileURLToPath(new URL('../../../dist/', import.meta.url))

export const FONTS = ['system-ui, sans-serif', 'Georgia, serif', '"Helvetica Neue", Arial, sans-serif', 'ui-monospace, monospace'] as const
const color = v.optional(v.pipe(v.string(), v.regex(/^#[0-9a-fA-F]{6}$/)))
export const PreviewSettings = v.object({
  primary: color,
  /** The primary colour under a dark colour scheme, when it differs (theme auto; see readable() in the console). */
  primaryDark: color,
  onPrimary: color,
  surface: color,
  text: color,
  muted: color,
  radius: v.optional(v.pipe(v.string(), v.regex(/^\d{1,2}$/), v.transform(Number), v.maxValue(32))),
  font: v.optional(v.pipe(v.string(), v.regex(/^\d$/), v.transform(Number), v.maxValue(FONTS.length - 1))),
  theme: v.optional(v.picklist(['auto', 'light', 'dark']), 'auto'),
  locale: v.optional(v.picklist(['auto', ...LANGUAGES]), 'auto'),
  launcher: v.optional(v.picklist(['bottom-right', 'bottom-left', 'none']), 'bottom-right'),
  label: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(40))),
})

const integrityOf = (file: string) => builtIntegrity(WIDGET_DIR, file)

export function widgetRoutes(app: Hono<AppEnv>, api: Hono<AppEnv>, deps: Deps): void {
  // Public files, loaded with crossorigin (SRI) from any page the snippet is pasted into.
  app.get('/widget/*', fileUnder(WIDGET_DIR, { 'Cache-Control': 'no-cache', 'Access-Control-Allow-Origin': '*' }, '/admin/widget'))

  api.get('/widget', async (c) => {
    await requireSession(c, deps)
    const origin = ownOrigin(c)
    return c.json({
      scriptUrl: `${origin}/admin/widget/loyalkit.js`,
      integrity: await integrityOf('loyalkit.js'),
      endpoint: `${origin}/v1`,
      program: deps.def.key,
      fonts: FONTS,
      locales: ['auto', ...LANGUAGES],
    })
  })

  app.get('/preview', async (c: Context<AppEnv>) => {
    await requireSession(c, deps)
    const parsed = v.safeParse(PreviewSettings, c.req.query())
    if (!parsed.success) throw new DomainError('invalid_request', 'A preview setting is not valid.')
    const s = parsed.output
    const integrity = await integrityOf('loyalkit.js')
    if (!integrity) return plain(c, 503, 'The widget is not built: run npm run build')
    const nonce = randomBytes(16).toString('base64')
    const vars = [
      s.primary && `--loyalkit-color-primary:${s.primary}`,
      s.onPrimary && `--loyalkit-color-on-primary:${s.onPrimary}`,
      s.surface && `--loyalkit-color-surface:${s.surface}`,
      s.text && `--loyalkit-color-text:${s.text}`,
      s.muted && `--loyalkit-color-muted:${s.muted}`,
      s.radius !== undefined && `--loyalkit-radius:${s.radius}px`,
      s.font !== undefined && `--loyalkit-font-family:${FONTS[s.font]}`,
    ].filter(Boolean)
    const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Widget preview</title>
<style nonce="${nonce}">:root{${vars.join(';')}}${s.primaryDark ? `@media (prefers-color-scheme:dark){:root{--loyalkit-color-primary:${s.primaryDark}}}` : ''}body{margin:0;padding:24px;font:16px/1.5 system-ui,sans-serif;background:#f6f7f9;color:#1b1f24;min-height:100vh;box-sizing:border-box}@media (prefers-color-scheme:dark){body{background:#14171b;color:#e8ecf0}}</style>
<script async src="/admin/widget/loyalkit.js" integrity="${escapeHtml(integrity)}" crossorigin="anonymous" nonce="${nonce}"
  data-endpoint="/v1" data-program="${escapeHtml(deps.def.key)}" data-theme="${s.theme}" data-locale="${s.locale}" data-launcher="${s.launcher}"${s.label ? ` data-launcher-label="${escapeHtml(s.label)}"` : ''}></script>
</head>
<body><main><h1>Your store</h1><p>The widget as your shoppers will see it, with these settings.</p></main></body>
</html>`
    return c.body(html, 200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': `default-src 'self'; script-src 'self' 'nonce-${nonce}'; style-src 'self' 'nonce-${nonce}'; img-src 'self' https: data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'self'`,
      'Cache-Control': 'no-store',
      'X-Frame-Options': 'SAMEORIGIN',
    })
  })
}

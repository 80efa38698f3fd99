import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningServer } from '../../server/src/start.ts'
import { start } from './helpers.ts'

const INTEGRITY = 'sha384-' + 'A'.repeat(64)
const PAGE = `<!doctype html><html><head>
<script nonce="{{NONCE}}">window.x=1</script>
<script async src="{{ORIGIN}}/dist/loyalkit.js" integrity="{{LOYALKIT_INTEGRITY}}" crossorigin="anonymous" nonce="{{NONCE}}"
 data-endpoint="{{ORIGIN}}/v1" data-program="{{PROGRAM}}"></script></head><body>Trailpack</body></html>`

let root: string
let server: RunningServer
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'loyalkit-root-'))
  await mkdir(join(root, 'dist'), { recursive: true })
  await mkdir(join(root, 'demo', 'store'), { recursive: true })
  await writeFile(join(root, 'package.json'), '{"name":"SECRET-PACKAGE"}')
  await writeFile(join(root, 'dist', 'loyalkit.js'), 'console.log("loyalkit")')
  await writeFile(join(root, 'dist', 'manifest.json'), JSON.stringify({ files: { 'loyalkit.js': { size: 1, gzip: 1, integrity: INTEGRITY } } }))
  await writeFile(join(root, 'demo', 'store', 'index.html'), PAGE)
  await writeFile(join(root, 'demo', 'store', 'store.css'), 'body{}')
  await writeFile(join(root, 'demo', 'store', '.env'), 'SECRET-DOTFILE')
  server = await start({ rootDir: root })
})
afterAll(async () => {
  await server?.close()
  await rm(root, { recursive: true, force: true })
})

/** A raw request: fetch would normalize `..` before sending. */
function raw(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const url = new URL(server.url)
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, headers }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode!, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('store page', () => {
  it('renders the template with origin, program, nonce and integrity under a strict CSP', async () => {
    const r = await fetch(server.url + '/')
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8')
    const csp = r.headers.get('content-security-policy')!
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)![1]!
    expect(nonce.length).toBeGreaterThanOrEqual(22)
    expect(csp).toBe(
      `default-src 'self'; script-src 'self' 'nonce-${nonce}'; style-src 'self'; img-src 'self' https: data:; connect-src 'self'; ` +
        `object-src 'none'; base-uri 'none'; frame-ancestors 'none'; require-trusted-types-for 'script'; trusted-types loyalkit`,
    )
    const html = await r.text()
    expect(html).not.toContain('{{')
    expect(html.match(new RegExp(`nonce="${nonce.replace(/[+/=]/g, '\\$&')}"`, 'g'))).toHaveLength(2)
    expect(html).toContain(`integrity="${INTEGRITY}"`)
    expect(html).toContain(`src="${server.url}/dist/loyalkit.js"`)
    expect(html).toContain(`data-endpoint="${server.url}/v1"`)
    expect(html).toContain('data-program="pk_demo_trailpack"')
    const second = await fetch(server.url + '/')
    expect(second.headers.get('content-security-policy')).not.toContain(nonce)
  })

  it('answers only to allowed Host names (DNS rebinding), and takes the origin from them', async () => {
    const good = await raw('/', { Host: 'localhost:8787' })
    expect(good.body).toContain('src="http://localhost:8787/dist/loyalkit.js"')
    // Node refuses a Host that is not a host at all before the app sees it.
    const malformed = await raw('/', { Host: '"><script>alert(1)</script>' })
    expect(malformed.status).toBe(400)
    expect(malformed.body).not.toContain('<script>alert(1)')
    for (const host of ['attacker.example', 'attacker.example:8787', '127.0.0.1.nip.io', 'localhost.attacker.example']) {
      const evil = await raw('/', { Host: host })
      expect(evil.status, host).toBe(421)
      expect(JSON.parse(evil.body)).toMatchObject({ status: 421, code: 'invalid_request' })
    }
    // Health probes answer whatever the Host: load balancers call them by address.
    expect((await raw('/healthz', { Host: '10.0.0.7:8080' })).status).toBe(200)
  })

  it('serves store assets and dist files', async () => {
    const css = await fetch(server.url + '/store.css')
    expect(css.status).toBe(200)
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8')
    const js = await fetch(server.url + '/dist/loyalkit.js')
    expect(js.status).toBe(200)
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(js.headers.get('access-control-allow-origin')).toBe('*')
    expect(js.headers.get('cache-control')).toBe('no-cache')
    const manifest = await fetch(server.url + '/dist/manifest.json')
    expect(manifest.headers.get('content-type')).toBe('application/json')
    expect((await fetch(server.url + '/dist/missing.js')).status).toBe(404)
    expect((await fetch(server.url + '/dist/')).status).toBe(404)
  })

  it('blocks directory traversal and dotfiles', async () => {
    for (const path of [
      '/../package.json',
      '/dist/../../package.json',
      '/dist/..%2f..%2fpackage.json',
      '/dist/%2e%2e/%2e%2e/package.json',
      '/%2e%2e/%2e%2e/package.json',
      '/..%2f..%2fpackage.json',
      '/..%5c..%5cpackage.json',
      '/dist/%2e%2e%2fmanifest.json%00.js',
      '/.env',
      '/%2eenv',
      '/dist/..%252f..%252fpackage.json',
    ]) {
      const r = await raw(path)
      expect(r.status, path).toBe(404)
      expect(r.body, path).not.toContain('SECRET')
    }
  })

  it('asks for a build when dist/manifest.json is missing', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'loyalkit-empty-'))
    const bare = await start({ rootDir: empty })
    try {
      const r = await fetch(bare.url + '/')
      expect(r.status).toBe(503)
      expect(await r.text()).toContain('run npm run build first')
    } finally {
      await bare.close()
      await rm(empty, { recursive: true, force: true })
    }
  })
})

import { describe, expect, it } from 'vitest'
import { DEFAULTS, previewQuery, readable, snippetOf } from '../../server/admin/src/widget-settings.ts'
import { ratio, type RGB } from '../../src/ui/contrast.ts'

const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as RGB
const info = {
  scriptUrl: 'https://cdn.example/loyalkit.js',
  integrity: 'sha384-x',
  endpoint: 'https://api.example/v1',
  program: 'pk_x',
  fonts: ['system-ui'],
  locales: ['auto'],
}

describe('the console’s snippet colours', () => {
  it('keep the defaults unset', () => {
    expect(readable(DEFAULTS)).toEqual({ primary: DEFAULTS.primary, primaryDark: null })
    expect(snippetOf(info, DEFAULTS)).not.toContain('<style>')
  })

  it('turn a primary its text does not read on into the widget’s own choice, per colour scheme', () => {
    // White text on yellow: 1.07:1. Dark text (the dark scheme's default) on yellow reads well.
    const auto = readable({ ...DEFAULTS, primary: '#ffff00' })
    expect(auto).toEqual({ primary: '#737300', primaryDark: '#ffff00' })
    expect(ratio(rgb(auto.primary), rgb('#ffffff'))).toBeGreaterThanOrEqual(4.5)
    expect(ratio(rgb(auto.primaryDark!), rgb('#0b1624'))).toBeGreaterThanOrEqual(4.5)
    expect(readable({ ...DEFAULTS, primary: '#ffff00', theme: 'light' })).toEqual({ primary: '#737300', primaryDark: null })
    expect(readable({ ...DEFAULTS, primary: '#ffff00', theme: 'dark' })).toEqual({ primary: '#ffff00', primaryDark: null })
    const snippet = snippetOf(info, { ...DEFAULTS, primary: '#ffff00' })
    expect(snippet).toContain(':root { --loyalkit-color-primary: #737300; }')
    expect(snippet).toContain('@media (prefers-color-scheme: dark) { :root { --loyalkit-color-primary: #ffff00; } }')
  })

  it('a text colour of the merchant’s own holds in both schemes', () => {
    const r = readable({ ...DEFAULTS, primary: '#3366cc', onPrimary: '#000000' })
    expect(ratio(rgb(r.primary), rgb('#000000'))).toBeGreaterThanOrEqual(4.5)
    expect(r.primaryDark).toBeNull()
  })
})

describe('the console’s launcher text', () => {
  it('is left out while empty, so the widget says "Rewards" in the shopper’s language', () => {
    expect(snippetOf(info, { ...DEFAULTS, label: '   ' })).not.toContain('data-launcher-label')
    expect(previewQuery({ ...DEFAULTS, label: '   ' })).toBe('')
  })

  it('goes into the snippet and the preview trimmed, and escaped for the attribute', () => {
    const snippet = snippetOf(info, { ...DEFAULTS, label: '  Club "Trail" & friends ' })
    expect(snippet).toContain('data-launcher-label="Club &quot;Trail&quot; &amp; friends"></script>')
    expect(new URLSearchParams(previewQuery({ ...DEFAULTS, label: ' Club ' })).get('label')).toBe('Club')
  })
})

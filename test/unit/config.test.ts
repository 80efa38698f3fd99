import { describe, expect, it } from 'vitest'
import { resolveConfig, sameConfig } from '../../src/core/config.ts'
import { LoyaltyError } from '../../src/core/errors.ts'
import { createClient as createHeadlessClient, type HeadlessOptions } from '../../src/entries/headless.ts'

const ok = { endpoint: 'https://loyalty.example.com/v1/', program: 'pk_demo_trailpack' }
const dataNames = (o: string) =>
  ({ endpoint: 'data-endpoint', program: 'data-program', launcher: 'data-launcher', locale: 'data-locale', theme: 'data-theme' })[o] ?? o

const error = (fn: () => unknown): LoyaltyError => {
  try {
    fn()
  } catch (e) {
    return e as LoyaltyError
  }
  throw new Error('did not throw')
}

describe('resolveConfig', () => {
  it('normalizes a valid config with defaults', () => {
    const c = resolveConfig(ok)
    expect(c).toMatchObject({
      endpoint: 'https://loyalty.example.com/v1',
      program: 'pk_demo_trailpack',
      launcher: 'bottom-right',
      locale: 'auto',
      theme: { mode: 'auto' },
      // No shopper: neither a token nor a getter (the session treats both as none).
      token: undefined,
      getCustomerToken: undefined,
    })
  })

  it('accepts http only on loopback hosts', () => {
    expect(resolveConfig({ ...ok, endpoint: 'http://localhost:8787/v1' }).endpoint).toBe('http://localhost:8787/v1')
    expect(resolveConfig({ ...ok, endpoint: 'http://127.0.0.1:8787/v1' }).endpoint).toBe('http://127.0.0.1:8787/v1')
    expect(error(() => resolveConfig({ ...ok, endpoint: 'http://loyalty.example.com/v1' })).code).toBe('invalid_config')
  })

  it('resolves a relative endpoint against the page', () => {
    expect(resolveConfig({ ...ok, endpoint: '/v1' }, undefined, 'https://shop.example/cart').endpoint).toBe('https://shop.example/v1')
  })

  it.each([
    [{ ...ok, endpoint: undefined }, 'data-endpoint', 'nothing'],
    [{ ...ok, endpoint: 'not a url' }, 'data-endpoint', '"not a url"'],
    [{ ...ok, endpoint: 'javascript:alert(1)' }, 'data-endpoint', 'javascript'],
    [{ ...ok, program: '' }, 'data-program', 'nothing'],
    [{ ...ok, program: 'has spaces' }, 'data-program', '"has spaces"'],
    [{ ...ok, launcher: { position: 'top-middle' } }, 'data-launcher', '"top-middle"'],
    [{ ...ok, locale: 'not_a_locale!' }, 'data-locale', 'not_a_locale'],
    [{ ...ok, theme: 'neon' }, 'data-theme', '"neon"'],
    [{ ...ok, launcher: { label: 42 } }, 'launcher.label', '42'],
  ])('names the attribute and what it expects: %j', (options, attribute, got) => {
    const e = error(() => resolveConfig(options as never, dataNames, 'https://shop.example/'))
    expect(e).toBeInstanceOf(LoyaltyError)
    expect(e.code).toBe('invalid_config')
    expect(e.message).toContain(attribute)
    expect(e.message).toMatch(/expected/)
    expect(e.message).toContain(got)
  })

  it('keeps the launcher text trimmed, empty when none is given', () => {
    expect(resolveConfig({ ...ok, launcher: { label: '  Club points ' } }).label).toBe('Club points')
    expect(resolveConfig({ ...ok, launcher: { position: 'bottom-left' } }).label).toBe('')
    expect(resolveConfig(ok).label).toBe('')
  })

  it('canonicalizes locale tags', () => {
    expect(resolveConfig({ ...ok, locale: 'lv-lv' }).locale).toBe('lv-LV')
  })

  it('compares configs for the double-init check', () => {
    expect(sameConfig(resolveConfig(ok), resolveConfig({ ...ok }))).toBe(true)
    expect(sameConfig(resolveConfig(ok), resolveConfig({ ...ok, locale: 'lv' }))).toBe(false)
  })
})

describe('the headless client checks its options like the widget', () => {
  it.each([
    ['an endpoint that is not https', { ...ok, endpoint: 'http://loyalty.example.com/v1' }, /invalid endpoint: expected an https: URL/],
    ['no program', { endpoint: ok.endpoint }, /invalid program: expected a program key such as "pk_demo_trailpack", got nothing/],
    ['a program key with a slash', { ...ok, program: 'pk/../admin' }, /invalid program: expected a program key/],
    ['a locale that is not a language tag', { ...ok, locale: 'not a tag' }, /invalid locale: expected a BCP 47 language tag/],
  ])('refuses %s with one clear invalid_config error', (_, options, message) => {
    const e = error(() => createHeadlessClient(options as HeadlessOptions))
    expect(e).toBeInstanceOf(LoyaltyError)
    expect(e.code).toBe('invalid_config')
    expect(e.message).toMatch(/^loyalkit: /)
    expect(e.message).toMatch(message)
  })

  it('takes a valid program key as it is', () => {
    const client = createHeadlessClient({ ...ok, events: null, fetch: () => Promise.reject(new Error('offline')) })
    expect(client.state.status.value).toBe('idle')
  })
})

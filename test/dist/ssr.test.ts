/** The npm entries, as built, in Node (SSR): importing does nothing and throws nothing. */
import { describe, expect, it } from 'vitest'

// A computed path: the built files, not their types (tsc runs before the build).
const load = (file: string): Promise<any> => import(/* @vite-ignore */ new URL(`../../dist/${file}`, import.meta.url).href)

describe('npm entries in Node', () => {
  it('import without side effects or errors', async () => {
    const before = new Set(Object.getOwnPropertyNames(globalThis))
    const index = await load('index.mjs')
    const headless = await load('headless.mjs')
    const elements = await load('elements.mjs')
    expect(typeof index.createLoyalty).toBe('function')
    expect(typeof headless.createClient).toBe('function')
    expect(typeof elements.defineElements).toBe('function')
    expect(Object.getOwnPropertyNames(globalThis).filter((k) => !before.has(k))).toEqual([])
  })

  it('createLoyalty without a DOM says why, with a LoyaltyError', async () => {
    const { createLoyalty, LoyaltyError } = await load('index.mjs')
    let error: unknown
    try {
      createLoyalty({ endpoint: 'https://loyalty.example.com/v1', program: 'pk_demo_trailpack' })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(LoyaltyError)
    expect((error as Error).message).toMatch(/browser/)
  })

  it('the headless client fetches the program by its key in the address, and refuses a key that is not one', async () => {
    const { createClient, LoyaltyError: Built } = await load('headless.mjs')
    const urls: string[] = []
    const client = createClient({
      endpoint: 'https://loyalty.example.com/v1',
      program: 'pk_demo_trailpack',
      locale: 'lv',
      fetch: async (input: Request | string) => (urls.push(typeof input == 'string' ? input : input.url), new Response('{}')),
    })
    await expect(client.program()).rejects.toMatchObject({ code: 'invalid_response' })
    expect(urls).toEqual(['https://loyalty.example.com/v1/programs/pk_demo_trailpack?locale=lv'])
    for (const program of ['', 'a/b', 'pk?x=1', 'x'.repeat(101)]) {
      expect(() => createClient({ endpoint: 'https://loyalty.example.com/v1', program }), program).toThrow(Built)
    }
  })

  it('the headless client works without a DOM', async () => {
    const { createClient } = await load('headless.mjs')
    const client = createClient({ endpoint: 'https://loyalty.example.com/v1', program: 'pk_demo_trailpack', fetch: async () => new Response('{}') })
    expect(client.state.status.value).toBe('idle')
    await expect(client.program()).rejects.toMatchObject({ code: 'invalid_response' })
  })

  it('the headless client’s state is read-only: no store to write to, and its signals refuse a value', async () => {
    const { createClient } = await load('headless.mjs')
    const client = createClient({ endpoint: 'https://loyalty.example.com/v1', program: 'pk_demo_trailpack', fetch: async () => new Response('{}') })
    expect('store' in client).toBe(false)
    expect(() => (client.state.member.value = { balance: 1e6 })).toThrow()
    expect(client.state.member.value).toBeNull()
  })
})

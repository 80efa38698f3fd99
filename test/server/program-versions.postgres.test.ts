/**
 * Program versions across replicas on one PostgreSQL: a version saved on one is
 * served by the other after its refresh (every few seconds), survives restarts, and
 * a changed program file becomes a new version at start-up.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { DEMO_PROGRAM } from '../../demo/start.ts'
import { call, freshSchema, start } from './helpers.ts'

const costOf = async (server: { url: string }) => ((await (await call(server, '/v1/program')).json()) as { rewards: { cost: number }[] }).rewards[0]!.cost

it('a version saved on one replica is served by the other, and survives restarts; a changed file is a new version', async () => {
  const schema = await freshSchema()
  const dir = await mkdtemp(join(tmpdir(), 'loyalkit-versions-'))
  try {
    const [a, b] = await Promise.all([start({ databaseUrl: schema.url }), start({ databaseUrl: schema.url })])
    expect([a.deps.program.version(), b.deps.program.version()]).toEqual([1, 1])
    const definition = JSON.parse(await readFile(DEMO_PROGRAM, 'utf8'))
    definition.rewards[0].cost = 420
    expect(await a.deps.program.save(definition, { base: 1, source: 'console', actor: 'test' })).toBe(2)
    expect(await costOf(a)).toBe(420)
    expect(await b.deps.program.refresh()).toBe(true)
    expect(await costOf(b)).toBe(420)
    await Promise.all([a.close(), b.close()])

    const again = await start({ databaseUrl: schema.url })
    expect(again.deps.program.version()).toBe(2)
    expect(await costOf(again)).toBe(420)
    await again.close()

    const file = join(dir, 'program.json')
    const changed = JSON.parse(await readFile(DEMO_PROGRAM, 'utf8'))
    changed.rewards[0].cost = 510
    await writeFile(file, JSON.stringify(changed))
    const fromFile = await start({ databaseUrl: schema.url, programPath: file })
    expect(fromFile.deps.program.version()).toBe(3)
    expect(await costOf(fromFile)).toBe(510)
    await fromFile.close()
  } finally {
    await schema.drop()
    await rm(dir, { recursive: true, force: true })
  }
})

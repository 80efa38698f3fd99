/**
 * docs/openapi.yaml against src/core/contract.ts and the server's routes. No YAML
 * parser is installed, so this reads the document's regular layout (2-space
 * indents, `required: [..]` flow lists) — enough to catch drift between the
 * document, the types and the server.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { API_ROUTES } from '../../demo/server/api.ts'

const yaml = readFileSync(new URL('../../docs/openapi.yaml', import.meta.url), 'utf8')
const contract = readFileSync(new URL('../../src/core/contract.ts', import.meta.url), 'utf8')
const lines = yaml.split('\n')

/** The lines of the block that starts at `key:` with `indent` spaces (inside `within`, when given). */
function block(key: string, indent: number, within: string[] = lines): string[] {
  const start = within.findIndex((l) => l == ' '.repeat(indent) + key + ':')
  if (start < 0) return []
  const out: string[] = []
  for (const line of within.slice(start + 1)) {
    if (line.trim() && line.length - line.trimStart().length <= indent) break
    out.push(line)
  }
  return out
}

const schemas = block('schemas', 2, block('components', 0))

function schema(name: string): { properties: string[]; required: string[]; enum: string[] } {
  const body = block(name, 4, schemas)
  const required = /^ {6}required: \[(.*)\]$/.exec(body.find((l) => l.startsWith('      required: ')) ?? '')?.[1]
  const flowEnum = /^ {6}enum: \[(.*)\]$/.exec(body.find((l) => l.startsWith('      enum: [')) ?? '')?.[1]
  return {
    properties: block('properties', 6, body)
      .map((l) => /^ {8}(\w+):$/.exec(l)?.[1])
      .filter((k): k is string => !!k),
    required: required ? required.split(',').map((s) => s.trim()) : [],
    enum: flowEnum ? flowEnum.split(',').map((s) => s.trim()) : block('enum', 6, body)
          .map((l) => l.trim().replace(/^- /, ''))
          .filter(Boolean),
  }
}

/** Top-level fields of an exported interface of contract.ts: name → optional. */
function fields(name: string): Map<string, boolean> {
  const body = new RegExp(`export interface ${name} \\{\\n([\\s\\S]*?)\\n\\}`).exec(contract)?.[1]
  if (!body) throw new Error(`no interface ${name} in contract.ts`)
  const out = new Map<string, boolean>()
  for (const line of body.split('\n')) {
    const m = /^ {2}(\w+)(\?)?:/.exec(line)
    if (m) out.set(m[1]!, !!m[2])
  }
  return out
}

function union(name: string): string[] {
  const body = new RegExp(`export type ${name} =([\\s\\S]*?)\\n(?:\\n|export|/\\*\\*)`).exec(contract)?.[1]
  if (!body) throw new Error(`no type ${name} in contract.ts`)
  return [...body.matchAll(/'(\w+)'/g)].map((m) => m[1]!)
}

describe('docs/openapi.yaml', () => {
  it('is OpenAPI 3.1 in plain YAML (spaces, no tabs)', () => {
    expect(lines[0]).toMatch(/^openapi: 3\.1\.\d+$/)
    expect(yaml).not.toContain('\t')
    for (const [i, line] of lines.entries()) {
      const indent = line.length - line.trimStart().length
      expect(indent % 2, `line ${i + 1} indent`).toBe(0)
    }
  })

  it('documents exactly the server’s /v1 routes', () => {
    const documented = block('paths', 0)
      .flatMap((line, i, all) => {
        const path = /^ {2}(\/\S*):$/.exec(line)?.[1]
        if (!path) return []
        return block(path, 2, all).flatMap((l) => {
          const method = /^ {4}(get|post|put|patch|delete):$/.exec(l)?.[1]
          return method ? [`${method.toUpperCase()} ${path}`] : []
        })
      })
      .sort()
    expect(documented).toEqual(API_ROUTES.map((r) => `${r.method} ${r.path}`).sort())
  })

  it('has every contract shape with the same fields and required lists', () => {
    for (const name of [
      'Problem',
      'EarningRule',
      'Reward',
      'Tier',
      'FriendOffer',
      'ReferralTerms',
      'Program',
      'Coupon',
      'Member',
      'SignUpInput',
      'SignUpResult',
      'ActivityEntry',
      'ActivityPage',
      'RedemptionResult',
      'ClaimResult',
      'ReferralOffer',
    ]) {
      const expected = fields(name)
      const documented = schema(name)
      expect(documented.properties.sort(), name).toEqual([...expected.keys()].sort())
      expect(documented.required.sort(), `${name} required`).toEqual([...expected].filter(([, optional]) => !optional).map(([k]) => k).sort())
    }
  })

  it('has the contract’s enums', () => {
    for (const name of ['ErrorCode', 'RuleKind', 'RewardKind', 'ActivityType']) {
      expect(schema(name).enum.sort(), name).toEqual(union(name).sort())
    }
  })

  it('points every $ref at something defined', () => {
    const components = block('components', 0)
    for (const [, section, name] of yaml.matchAll(/\$ref: '#\/components\/(\w+)\/([\w-]+)'/g)) {
      expect(block(name!, 4, block(section!, 2, components)).length, `${section}/${name}`).toBeGreaterThan(0)
    }
  })
})

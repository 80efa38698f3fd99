/**
 * docs/openapi.yaml is generated from the contract's single source (the valibot
 * schemas of src/core/schemas.ts and the table of src/core/operations.ts) by
 * server/scripts/openapi.ts. It must be exactly what the generator writes, and a
 * document whose references all resolve. (That the server's real routes are the
 * table's is checked with the server.)
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { generateOpenApi, OPENAPI_FILE } from '../../server/scripts/openapi.ts'
import { OPERATIONS, SCHEMAS } from '../../src/core/operations.ts'

type Json = Record<string, any>

const text = readFileSync(OPENAPI_FILE, 'utf8')
const doc = parse(text) as Json

/** Every `$ref` under `node`, with where it was found. */
function refs(node: unknown, at = '#'): { ref: string; at: string }[] {
  if (Array.isArray(node)) return node.flatMap((item, i) => refs(item, `${at}/${i}`))
  if (!node || typeof node != 'object') return []
  return Object.entries(node).flatMap(([key, value]) =>
    key == '$ref' && typeof value == 'string' ? [{ ref: value, at }] : refs(value, `${at}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`),
  )
}

/** The node a local JSON pointer (`#/components/schemas/Program`) names, or undefined. */
function resolve(ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined
  return ref
    .slice(2)
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<unknown>((node, key) => (node && typeof node == 'object' ? (node as Json)[key] : undefined), doc)
}

describe('docs/openapi.yaml', () => {
  it('is what server/scripts/openapi.ts generates', () => {
    expect(text, 'docs/openapi.yaml is out of date: run npx tsx server/scripts/openapi.ts').toBe(generateOpenApi())
  })

  it('is OpenAPI 3.1 with the contract’s named schemas', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/)
    expect(Object.keys(doc.components.schemas)).toEqual(Object.keys(SCHEMAS))
    expect(doc.components.securitySchemes.customerToken).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
  })

  it('points every $ref at something defined', () => {
    const all = refs(doc)
    expect(all.length).toBeGreaterThan(50)
    const broken = all.filter(({ ref }) => resolve(ref) === undefined)
    expect(broken, 'unresolved $refs').toEqual([])
  })

  it('documents every operation of the table with responses whose schemas exist', () => {
    const documented = Object.entries(doc.paths as Json).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`))
    expect(documented.sort()).toEqual(OPERATIONS.map((op) => `${op.method} ${op.path}`).sort())

    for (const op of OPERATIONS) {
      const name = `${op.method} ${op.path}`
      const operation = doc.paths[op.path][op.method.toLowerCase()] as Json
      expect(operation.operationId, name).toBe(op.id)
      expect(Object.keys(operation.responses).sort(), `${name} statuses`).toEqual(Object.keys(op.responses).sort())
      for (const [status, documentedResponse] of Object.entries(operation.responses as Json)) {
        const response = (documentedResponse.$ref ? resolve(documentedResponse.$ref) : documentedResponse) as Json | undefined
        expect(response?.description, `${name} ${status} description`).toBeTruthy()
        const schemaRefs = refs(response?.content ?? {}).map((r) => r.ref)
        for (const ref of schemaRefs) {
          expect(ref, `${name} ${status}`).toMatch(/^#\/components\/schemas\/\w+$/)
          expect(resolve(ref), `${name} ${status} → ${ref}`).toBeDefined()
        }
        // Errors are problem details; successes with a body are one of the named schemas.
        if (Number(status) >= 400) {
          expect(Object.keys(response!.content), `${name} ${status}`).toEqual(['application/problem+json'])
          expect(schemaRefs, `${name} ${status}`).toContain('#/components/schemas/Problem')
        } else if (response?.content) {
          expect(Object.keys(response.content), `${name} ${status}`).toEqual(['application/json'])
          expect(schemaRefs, `${name} ${status}`).toHaveLength(1)
        }
      }
      const body = operation.requestBody?.content?.['application/json']?.schema?.$ref
      if (op.body) expect(body, `${name} request body`).toBe(`#/components/schemas/${op.body}`)
      const headers = (operation.parameters as Json[]).map((p) => resolve(p.$ref ?? '') ?? p).map((p) => (p as Json).name)
      expect(headers.includes('Idempotency-Key'), `${name} Idempotency-Key`).toBe(op.idempotent)
      // The program key in the header, or in the path for requests a page sends without a preflight.
      if (op.programIn == 'path') {
        expect(headers, name).not.toContain('X-Loyalkit-Program')
        expect(headers, name).toContain('key')
      } else expect(headers, name).toContain('X-Loyalkit-Program')
    }
  })
})

#!/usr/bin/env node
// The server is TypeScript run by tsx (no build step); the repository's tsconfig
// maps `loyalkit/contract` to the SDK's source.
import { fileURLToPath } from 'node:url'
import { register } from 'tsx/esm/api'

register({ tsconfig: fileURLToPath(new URL('../../tsconfig.json', import.meta.url)) })
await import('../src/main.ts')

import { cleanup, configure } from '@testing-library/preact'
import { afterEach } from 'vitest'

// `findBy…` and `waitFor` give up after 1 s by default. On a 2-core CI machine running every
// suite at once, the first lazy import of a view chunk (transformed on demand) has taken longer,
// and a panel that was merely slow failed as missing. They still resolve the moment the thing
// appears; only a real failure waits the full 5 s.
configure({ asyncUtilTimeout: 5_000 })

afterEach(() => {
  cleanup()
  document.body.replaceChildren()
})

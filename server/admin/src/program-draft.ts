/**
 * Program → the draft: the definition being edited, the version it started from, what is typed in number
 * fields and in the JSON box, and starting again from the server's program when it is loaded anew.
 */
import { useEffect, useRef, useState } from 'preact/hooks'
import type { Definition } from './program-model.ts'

export function useDraft(data: { version: number; definition: Definition }) {
  const [draft, setDraft] = useState<Definition>(() => structuredClone(data.definition))
  const [base, setBase] = useState(data.version)
  /** What is typed in number fields, by path, while it is being typed. */
  const [raw, setRaw] = useState<Record<string, string>>({})
  const [jsonText, setJsonText] = useState<string | null>(null)
  const [jsonError, setJsonError] = useState<string | null>(null)
  const resetNext = useRef(false)

  // After a save, a roll-back or "Reload", the editor starts again from the server's program.
  useEffect(() => {
    if (!resetNext.current) return
    resetNext.current = false
    setDraft(structuredClone(data.definition))
    setBase(data.version)
    setRaw({})
    setJsonText(null)
    setJsonError(null)
  }, [data])

  const update = (change: (d: Definition) => void) => {
    setDraft((d) => {
      const next = structuredClone(d)
      change(next)
      return next
    })
    setJsonText(null)
    setJsonError(null)
  }

  /** The whole program typed as JSON: it becomes the draft whenever it parses to an object. */
  const editJson = (text: string) => {
    setJsonText(text)
    try {
      const parsed: unknown = JSON.parse(text)
      if (!parsed || typeof parsed != 'object' || Array.isArray(parsed)) throw new Error('{ … }')
      setDraft(parsed as Definition)
      setRaw({})
      setJsonError(null)
    } catch (err) {
      setJsonError(err instanceof Error ? err.message : String(err))
    }
  }

  /** The next program loaded replaces the draft (call it before reloading). */
  const startOverOnLoad = () => {
    resetNext.current = true
  }

  return { draft, base, raw, setRaw, jsonText, jsonError, update, editJson, startOverOnLoad }
}

/**
 * Program: the program's current version and an editor for the parts a store
 * owner changes most (ways to earn, punch cards among them, rewards with their
 * images, tiers, campaigns, member offers, badges, a few settings), the whole
 * definition as JSON for the rest, Save (a new version; 409 when someone saved
 * first, 422 with each problem by its field, the edits kept either way), and the
 * versions with their changes and a confirmed roll-back.
 */
import { useRef, useState } from 'preact/hooks'
import { get } from './api.ts'
import { num } from './format.ts'
import { BadgesSection } from './program-badges.tsx'
import type { VersionChanges } from './program-changes.tsx'
import { useDraft } from './program-draft.ts'
import { JsonEditor } from './program-json.tsx'
import type { Definition } from './program-model.ts'
import { OffersSection } from './program-offers.tsx'
import { SaveBar, SaveErrors, SavedResult, useSave } from './program-save.tsx'
import { CampaignsSection, RewardsSection, RulesSection, SettingsSection, TiersSection } from './program-sections.tsx'
import { editorTools } from './program-tools.tsx'
import { type VersionSummary, VersionsSection } from './program-versions.tsx'
import { t } from './state.ts'
import { Load, Status, useLoad } from './ui.tsx'

interface ProgramState {
  version: number
  definition: Definition
  versions: VersionSummary[]
}

export function ProgramPage() {
  const state = useLoad(() => get<ProgramState>('/program'), [])
  return (
    <>
      <h1 tabIndex={-1}>{t('programTitle')}</h1>
      <p>{t('programIntro')}</p>
      <Load state={state}>{(data) => <Editor data={data} reload={state.reload} />}</Load>
    </>
  )
}

/** The editor: its sections change a draft of the program, which Save sends as a new version; the versions follow. */
function Editor(props: { data: ProgramState; reload: () => Promise<boolean> }) {
  const { data } = props
  const edit = useDraft(data)
  const { draft } = edit
  const [saved, setSaved] = useState<VersionChanges | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  const jsonRef = useRef<HTMLDetailsElement>(null)

  /** Loads the program again, and the editor starts again from it (after a save, a roll-back or "Reload"). */
  const startOver = () => {
    edit.startOverOnLoad()
    return props.reload()
  }
  const saving = useSave({
    draft,
    base: edit.base,
    jsonError: edit.jsonError,
    jsonRef,
    startOver,
    onStart: () => {
      setSaved(null)
      setMessage(null)
    },
    onSaved: setSaved,
  })
  const rolledBack = async (version: number, current: number) => {
    setSaved(null)
    setMessage(t('rolledBack', { version: num(version), current: num(current) }))
    await startOver()
  }
  const tools = editorTools(edit, saving.problems)

  return (
    <>
      <p class="version-line">
        <strong>{t('currentVersion', { version: num(edit.base) })}</strong>
      </p>
      <form onSubmit={saving.save} noValidate class="program-form">
        <RulesSection draft={draft} tools={tools} />
        <RewardsSection draft={draft} tools={tools} />
        <TiersSection draft={draft} tools={tools} />
        <CampaignsSection draft={draft} tools={tools} />
        <OffersSection draft={draft} tools={tools} />
        <BadgesSection draft={draft} tools={tools} />
        <SettingsSection draft={draft} tools={tools} />
        <JsonEditor draft={draft} text={edit.jsonText} error={edit.jsonError} onInput={edit.editJson} detailsRef={jsonRef} />
        <SaveBar note={saving.note} onNote={saving.setNote} busy={saving.busy} />
        <SaveErrors
          problems={saving.problems}
          problemsRef={saving.problemsRef}
          conflict={saving.conflict}
          onReload={saving.reloadAfterConflict}
          formError={saving.formError}
        />
      </form>

      <Status message={message} />
      {saved && <SavedResult saved={saved} />}

      <VersionsSection versions={data.versions} current={data.version} onRolledBack={rolledBack} />
    </>
  )
}

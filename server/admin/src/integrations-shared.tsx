/**
 * Webhooks and keys → what the keys and the webhook sections share: the confirmation an action waits for
 * (revoke a key, rotate or delete an endpoint).
 */
import { ConfirmDialog } from './ui.tsx'

/** An action waiting for confirmation: what the dialog says, and what runs once confirmed. */
export type Confirm = { title: string; text: string; confirmLabel: string; run: () => Promise<void>; fallbackFocus?: () => HTMLElement | null }

/** The dialog for `confirm`: it runs the action, then closes (an error stays shown in it). */
export function Confirmation(props: { confirm: Confirm; onClose: () => void }) {
  const { confirm } = props
  return (
    <ConfirmDialog
      title={confirm.title}
      text={confirm.text}
      confirmLabel={confirm.confirmLabel}
      onClose={props.onClose}
      fallbackFocus={confirm.fallbackFocus}
      onConfirm={async () => {
        await confirm.run()
        props.onClose()
      }}
    />
  )
}

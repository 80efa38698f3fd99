import type { Client } from '../../core/client.ts'
import { memberActions, type MemberActions } from '../../core/member-actions.ts'

const made = new WeakMap<Client, MemberActions>()

/** The member's actions on the widget's client, made once, when a view first needs them. */
export function actionsOf(client: Client): MemberActions {
  let actions = made.get(client)
  if (!actions) made.set(client, (actions = memberActions(client.kernel)))
  return actions
}

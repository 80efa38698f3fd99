// Trailpack demo store. Talks to the widget only through its public surface:
// the `loyalkit(...)` command queue and `loyalkit:*` DOM events.
const ENDPOINT = document.querySelector('script[data-endpoint]').dataset.endpoint
const PROGRAM = document.querySelector('script[data-program]').dataset.program
const ANNA = { customerId: 'cust_anna', email: 'anna@example.com', name: 'Anna' }
const EVENTS = ['ready', 'open', 'close', 'signup', 'identify', 'logout', 'points', 'tier', 'redeem', 'claim', 'consent', 'badge', 'referral-copy', 'referral-share', 'error']

const $ = (id) => document.getElementById(id)
// The store's own session (not the widget's): who is signed in to the shop, and which email earns points.
const session = {
  get signedIn() { return sessionStorage.getItem('trailpack.signedIn') == '1' },
  set signedIn(v) { v ? sessionStorage.setItem('trailpack.signedIn', '1') : sessionStorage.removeItem('trailpack.signedIn') },
  get email() { return sessionStorage.getItem('trailpack.email') },
  set email(v) { v ? sessionStorage.setItem('trailpack.email', v) : sessionStorage.removeItem('trailpack.email') },
}

const say = (text) => { $('shop-status').textContent = text }

// Live log of every widget event, newest first. textContent only: never markup.
for (const name of EVENTS) {
  document.addEventListener('loyalkit:' + name, (e) => {
    const li = document.createElement('li')
    const code = document.createElement('code')
    code.textContent = 'loyalkit:' + name
    li.append(code, ' ', JSON.stringify(e.detail, (k, v) => (k == 'token' ? '…' : v)))
    $('events').prepend(li)
  })
}
// The shopper who joins through the widget is the one who earns on orders.
document.addEventListener('loyalkit:signup', (e) => { session.email = e.detail.member.email })

/** The store's server signs customer tokens; here the demo route plays that part. */
async function customerToken() {
  const r = await fetch('/_demo/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
    body: JSON.stringify(ANNA),
  })
  if (!r.ok) throw new Error('token ' + r.status)
  return (await r.json()).token
}

function showAccount() {
  $('account-name').textContent = session.signedIn ? 'Signed in as Anna' : 'Guest'
  $('sign-in').hidden = session.signedIn
  $('sign-out').hidden = !session.signedIn
}

$('sign-in').addEventListener('click', async () => {
  session.signedIn = true
  session.email = ANNA.email
  showAccount()
  await loyalkit('identify', { getCustomerToken: customerToken }).catch(() => {})
  $('sign-out').focus()
})

$('sign-out').addEventListener('click', async () => {
  session.signedIn = false
  session.email = null
  showAccount()
  await loyalkit('logout')
  $('sign-in').focus()
})

/** The store's own backend (demo/store-backend.ts): it talks to the loyalty API with the store's secret key. */
async function backend(path, body) {
  const r = await fetch('/_demo/store' + path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
  const answer = await r.json()
  if (!r.ok) throw new Error(answer.detail || answer.title || r.status)
  return answer
}
const euro = (n) => new Intl.NumberFormat('en', { style: 'currency', currency: 'EUR' }).format(n)

for (const button of document.querySelectorAll('.buy')) {
  button.addEventListener('click', async () => {
    if (!session.email) {
      say('Join Trailpack Rewards (or sign in) to earn points on this order.')
      return
    }
    button.disabled = true
    const coupon = $('coupon').value.trim()
    try {
      const placed = await backend('/checkout', {
        email: session.email,
        ...(session.signedIn && { customerId: ANNA.customerId }),
        amount: Number(button.dataset.amount),
        ...(coupon && { coupon }),
      })
      const off = placed.discount ? ` ${euro(placed.discount)} off with ${coupon},` : coupon ? ` ${coupon} applied,` : ''
      say(`Thank you! ${button.dataset.name} is on its way —${off} you earned ${placed.order.order.points} points.`)
      $('coupon').value = ''
      sessionStorage.setItem('trailpack.lastOrder', placed.orderId)
      $('refund-last').disabled = false
      await loyalkit('refresh')
    } catch (error) {
      say('The order could not be placed: ' + error.message)
    } finally {
      button.disabled = false
    }
  })
}

$('refund-last').addEventListener('click', async () => {
  const orderId = sessionStorage.getItem('trailpack.lastOrder')
  if (!orderId) return
  $('refund-last').disabled = true
  try {
    const { refund } = await backend('/refunds', { orderId })
    sessionStorage.removeItem('trailpack.lastOrder')
    const owed = refund.pointsOwed ? ` (${refund.pointsOwed} of them already spent: owed from future points)` : ''
    say(`Order ${orderId} refunded (${euro(refund.amount)}): ${refund.points} points taken back${owed}.`)
    await loyalkit('refresh')
  } catch (error) {
    say('The refund failed: ' + error.message)
    $('refund-last').disabled = false
  }
})
$('refund-last').disabled = !sessionStorage.getItem('trailpack.lastOrder')

// The loyalty server's webhooks, as the store's backend received and verified them.
let lastHook = 0
async function pollWebhooks() {
  try {
    const r = await fetch('/_demo/store/webhooks?after=' + lastHook)
    if (r.ok) {
      for (const hook of (await r.json()).events) {
        lastHook = hook.seq
        const li = document.createElement('li')
        li.className = 'hook'
        const code = document.createElement('code')
        code.textContent = 'webhook ' + hook.type
        li.append(code, ' ', JSON.stringify(hook.data))
        $('events').prepend(li)
      }
    }
  } catch {}
  setTimeout(pollWebhooks, 2000)
}
pollWebhooks()

// Switches re-create the widget with new options, as a single-page app would.
$('switches').addEventListener('change', async () => {
  const f = new FormData($('switches'))
  await loyalkit('destroy')
  await loyalkit('init', {
    endpoint: ENDPOINT,
    program: PROGRAM,
    locale: f.get('locale'),
    theme: f.get('theme'),
    launcher: { position: f.get('launcher') },
  }).catch(() => {})
  if (session.signedIn) await loyalkit('identify', { getCustomerToken: customerToken }).catch(() => {})
})
$('open-rewards').addEventListener('click', () => loyalkit('open', 'rewards'))

showAccount()
if (session.signedIn) loyalkit('identify', { getCustomerToken: customerToken })

/** Virtual module built by rollup.config.ts: the bindings loyalkit-views.js takes from loyalkit-ui.js. */
declare module 'loyalkit:shared' {
  const shared: Record<string, Record<string, unknown>>
  export default shared
}

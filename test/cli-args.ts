import { parseArgs, type ParseArgsConfig } from 'node:util'

/**
 * The flags of one of our scripts (conformance, fault, bench), with `--help`/`-h`
 * added: a bad flag prints its error and the usage and exits 2; `--help` prints
 * the usage and exits 0.
 */
export function cliArgs<T extends ParseArgsConfig>(config: T, usage: string): ReturnType<typeof parseArgs<T>>['values'] {
  const withHelp = { ...config, options: { ...config.options, help: { type: 'boolean', short: 'h' } } } as T
  let values: ReturnType<typeof parseArgs<T>>['values'] & { help?: boolean }
  try {
    ;({ values } = parseArgs(withHelp))
  } catch (error) {
    console.error((error as Error).message + '\n' + usage)
    process.exit(2)
  }
  if (values.help) {
    console.log(usage)
    process.exit(0)
  }
  return values
}

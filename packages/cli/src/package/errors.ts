/** A packaging failure the user can act on: it names the setting and, when known, the file. */
export class PackageError extends Error {
  override readonly name = 'PackageError';
  /** the settings key at fault, e.g. `app` or `events[0].function` */
  readonly setting: string | null;
  /** the file at fault (absolute or project-relative), when there is one */
  readonly file: string | null;

  constructor(message: string, options: { setting?: string | null; file?: string | null; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.setting = options.setting ?? null;
    this.file = options.file ?? null;
  }
}

import type { RuntimeConfig } from '@tsappa/runtime/contract';
import type { TasksInput } from '@tsappa/templates';

/** How modules that cannot be bundled get into the zip. */
export type InstallStrategy =
  /** copy from the project's node_modules when this machine is linux with the target architecture, else npm */
  | 'auto'
  /** `npm install --os=linux --cpu=<arch> --omit=dev` into a staging directory */
  | 'npm'
  /** copy the production dependency closure from the project's node_modules */
  | 'copy';

export interface PackageOptions {
  /** where to write the zip; default `<projectDir>/.tsappa/<projectName>-<stage>-<sha>.zip` */
  outFile?: string;
  /** bundle a pinned copy of the AWS SDK v3 (the project's installed version) instead of using the runtime's */
  bundleAwsSdk?: boolean;
  /**
   * what the source maps cover: `app` (default) the project's own files, so the maps stay small
   * and `--enable-source-maps` costs little at cold start; `all` libraries and the runtime too
   */
  sourceMaps?: 'app' | 'all';
  /** see {@link InstallStrategy}; default `auto` */
  install?: InstallStrategy;
  /** the unzipped size limit in bytes; default 250 MB (Lambda's code + layers limit) */
  maxUnzippedBytes?: number;
  /** how many entries `biggestEntries` lists; default 10 */
  biggestCount?: number;
  /** progress lines ("bundling", "zipping"…) */
  onProgress?: (message: string) => void;
}

export interface ArchiveEntry {
  /** path inside the zip, `/`-separated, no leading `/` */
  name: string;
  /** file contents, or the absolute path to read them from */
  source: Buffer | string;
  /** bytes (unzipped) */
  size: number;
  /** the entry's modification time (see entry-times.ts); `ZIP_DATE` when absent */
  mtime?: Date;
}

export interface SizedItem {
  name: string;
  bytes: number;
}

export interface NativeModule {
  name: string;
  version: string;
  /** why it is treated as native: a `.node` file, `binding.gyp`, `gypfile`, or a build helper dependency */
  reason: string;
}

export interface ArchiveInfo {
  path: string;
  sha256: string;
  zippedBytes: number;
  unzippedBytes: number;
  entryCount: number;
}

export interface PackageResult extends ArchiveInfo {
  /** the S3 key of the artifact: `<projectName>-<stage>-<sha256 prefix>.zip` */
  artifactKey: string;
  /** the Lambda `Handler` for the template, e.g. `tsappa-entry.handler` */
  handler: string;
  /** the biggest files in the zip (or the app archive with slimHandler), biggest first */
  biggestEntries: SizedItem[];
  /** the biggest contributors (packages under node_modules, else files), biggest first */
  biggestContributors: SizedItem[];
  nativeModules: NativeModule[];
  /** packages shipped in node_modules instead of bundled (native + `external`) */
  installedPackages: string[];
  /** slimHandler: the app archive to upload next to the zip */
  slimArchive: (ArchiveInfo & { key: string }) | null;
  /** the configuration bundled next to the entry */
  runtimeConfig: RuntimeConfig;
  /** esbuild's warnings about the project's code (a dynamic require it cannot follow…): worth showing */
  warnings: string[];
  /** whether the code defines tasks (task-usage.ts): the template's task table follows it */
  tasks: TasksInput;
}

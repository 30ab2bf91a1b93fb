import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface WalkedFile {
  /** `/`-separated path relative to the walked directory */
  rel: string;
  abs: string;
  size: number;
}

/**
 * Every regular file under `root` (symlinks followed, each directory once), sorted by path.
 * `skipDir` receives the directory's relative path and prunes whole subtrees.
 */
export function walkFiles(root: string, skipDir: (rel: string, name: string) => boolean = () => false): WalkedFile[] {
  const out: WalkedFile[] = [];
  const seen = new Set<string>();
  const visit = (dir: string, prefix: string) => {
    const real = realpathSync(dir);
    if (seen.has(real)) return; // already walked: a symlink cycle or a second link
    seen.add(real);
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      const abs = join(dir, entry.name);
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      let size = 0;
      if (entry.isSymbolicLink() || isFile) {
        try {
          const st = statSync(abs);
          isDir = st.isDirectory();
          isFile = st.isFile();
          size = st.size;
        } catch {
          continue; // dangling link
        }
      }
      if (isDir) {
        if (!skipDir(rel, entry.name)) visit(abs, rel);
      } else if (isFile) {
        out.push({ rel, abs, size });
      }
    }
  };
  visit(root, '');
  return out;
}

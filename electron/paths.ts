import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The folder holding divisions, catalogues, print templates and icons. Packaged: beside the asar
 * (electron-builder extraResources); from source or the built bundle: the project's resources/.
 */
export function resourcesDir(): string {
  const candidates = [
    process.env.LEDGER_RESOURCES,
    (process as { resourcesPath?: string }).resourcesPath && join((process as { resourcesPath?: string }).resourcesPath!, 'resources'),
    resolve(here, '../resources'),
    resolve(here, '../../resources'),
  ].filter((p): p is string => !!p);
  const found = candidates.find((p) => existsSync(join(p, 'data', 'divisions.json')));
  if (!found) throw new Error(`找不到程序的资源文件夹(resources),已查找:${candidates.join(';')}。请重新安装程序。`);
  return found;
}

/**
 * The built renderer (index.html and its assets/). From the bundle (out/main) it is ../renderer; from source
 * (`npm run web` runs electron/web/cli.ts with tsx) ../renderer is the renderer's *source* folder, whose
 * index.html loads main.tsx — a white page — so a folder counts only with its built assets beside it.
 */
export function rendererDir(): string {
  const candidates = [resolve(here, '../renderer'), resolve(here, '../out/renderer'), resolve(here, '../../out/renderer')];
  return candidates.find((p) => existsSync(join(p, 'index.html')) && existsSync(join(p, 'assets'))) ?? candidates[1];
}

import { BrowserWindow, dialog } from 'electron';
import { extname, join } from 'node:path';
import { saveChosenFile } from './files';

const FILTERS: Record<string, { name: string; extensions: string[] }> = {
  '.xlsx': { name: 'Excel 工作簿', extensions: ['xlsx'] },
  '.pdf': { name: 'PDF 文件', extensions: ['pdf'] },
  '.ecmove': { name: '迁移包(已加密)', extensions: ['ecmove'] },
  '.ecbackup': { name: '备份文件(已加密)', extensions: ['ecbackup'] },
  '.ecsync': { name: '同步包', extensions: ['ecsync'] },
  '.ecack': { name: '同步回执', extensions: ['ecack'] },
  '.ecoffice': { name: '单位公钥文件', extensions: ['ecoffice'] },
};

/** The desktop's “另存为”: the system save dialog in the clerk's Documents folder, then an atomic write (thin). */
export function saveFileWithDialog(
  parent: BrowserWindow | null,
  documentsDir: string,
  fileName: string,
  bytes: Uint8Array,
): Promise<string | null> {
  const ext = extname(fileName).toLowerCase();
  const filter = FILTERS[ext] ?? { name: `${ext.slice(1).toUpperCase() || '全部'} 文件`, extensions: [ext.slice(1) || '*'] };
  return saveChosenFile(fileName, {
    chooseFile: async (name) => {
      const opts = { title: '另存为', defaultPath: join(documentsDir, name), filters: [filter] };
      const r = parent ? await dialog.showSaveDialog(parent, opts) : await dialog.showSaveDialog(opts);
      return r.canceled ? undefined : r.filePath;
    },
    bytes: () => bytes,
  });
}

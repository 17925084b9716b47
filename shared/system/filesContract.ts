import { z } from 'zod';
import { command } from '../api/define';

/** The methods whose result is a file ({ fileName, dataBase64 }) the clerk saves somewhere (often a USB stick). */
export const SAVEABLE_METHODS = [
  'reports.export',
  'reporting.workbook',
  'lists.export',
  'inspections.exportJinmin',
  'sync.exportPackage',
  'sync.officeCard',
  'sync.ackFile',
  'backups.exportArchive',
  'backups.exportCopy',
] as const;
export type SaveableMethod = (typeof SAVEABLE_METHODS)[number];

export const filesContract = {
  /**
   * Desktop only: runs one of those methods (with its own input check and access rule) and saves the file
   * through the main process's save dialog, written atomically (a pulled stick never leaves a half file
   * that looks whole). The browser mode downloads instead. Returns what the method returned, minus the bytes.
   */
  'files.saveAs': command(z.strictObject({ method: z.enum(SAVEABLE_METHODS, { error: '不能保存这种文件' }), input: z.unknown() })).returns<{
    saved: boolean;
    path: string | null;
    result: Record<string, unknown>;
  }>(),
};

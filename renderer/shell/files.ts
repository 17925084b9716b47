import type { InputOf, OutputOf } from '../../shared/api/define';
import type { Contract } from '../../shared/api/contract';
import type { SaveableMethod } from '../../shared/system/filesContract';
import { api } from '../api';

/** Saves bytes the main process produced (base64) as a browser download (the desktop app uses saveExport's dialog). */
export function downloadBase64(fileName: string, dataBase64: string, mime = 'application/octet-stream'): void {
  const bin = atob(dataBase64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Reads a file the clerk picked as base64 for the API (the renderer never passes file paths). */
export function readAsBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(new Error('无法读取所选文件'));
    r.readAsDataURL(file);
  });
}

const MIME: Record<string, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  tar: 'application/x-tar',
};

/**
 * Produces a file in the main process and saves it: in the desktop app through the system's 另存为 dialog,
 * written atomically by the main process (a USB stick pulled out never holds half a file); in the browser as
 * a download. Resolves to what the method returned (without the bytes), or null when the clerk cancelled.
 */
export async function saveExport<M extends SaveableMethod>(
  method: M,
  input: InputOf<Contract[M]>,
): Promise<Omit<OutputOf<Contract[M]>, 'dataBase64'> | null> {
  if (window.ledger) {
    const r = await api['files.saveAs']({ method, input });
    return r.saved ? (r.result as Omit<OutputOf<Contract[M]>, 'dataBase64'>) : null;
  }
  const call = api[method] as unknown as (i: unknown) => Promise<{ fileName: string; dataBase64: string }>;
  const { dataBase64, ...rest } = await call(input);
  downloadBase64(rest.fileName, dataBase64, MIME[rest.fileName.split('.').pop() ?? ''] ?? 'application/octet-stream');
  return rest as Omit<OutputOf<Contract[M]>, 'dataBase64'>;
}

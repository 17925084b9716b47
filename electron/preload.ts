import { contextBridge, ipcRenderer } from 'electron';
import type { Envelope } from '../shared/api/errors';
import { buildBridge } from './bridge';

// The method names are put in at build time from the contract (electron.vite.config.ts), so this
// sandboxed preload stays one small file with no zod and no node_modules.
declare const __LEDGER_METHODS__: string[];

contextBridge.exposeInMainWorld(
  'ledger',
  buildBridge(__LEDGER_METHODS__, (channel, method, input) => ipcRenderer.invoke(channel, method, input) as Promise<Envelope<unknown>>),
);

import type { importContract } from '../../shared/import/contract';
import type { LedgerApp } from '../app';
import { actorOf, type HandlersOf } from '../api/types';
import { ImportService } from './service';

// One import service per app: it holds the previews between the clerk's steps (in memory only).
const services = new WeakMap<LedgerApp, ImportService>();
function serviceOf(app: LedgerApp): ImportService {
  let s = services.get(app);
  if (!s) services.set(app, (s = new ImportService(app)));
  return s;
}

export const importHandlers: HandlersOf<typeof importContract> = {
  'import.preview': (input, ctx) => serviceOf(ctx.app).preview(input, actorOf(ctx)),
  'import.remap': (input, ctx) => serviceOf(ctx.app).remap(input, actorOf(ctx)),
  'import.commit': (input, ctx) => serviceOf(ctx.app).commit(input, actorOf(ctx)),
};

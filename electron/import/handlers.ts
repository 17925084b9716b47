import type { importContract } from '../../shared/import/contract';
import type { LedgerApp } from '../app';
import { actorOf, type HandlersOf } from '../api/types';
import { ImportService } from './service';

// One import service per app: it holds the previews between the clerk's steps (in memory only).
const services = new WeakMap<LedgerApp, ImportService>();
function serviceOf(app: LedgerApp): ImportService {
  const had = services.get(app);
  if (had) return had;
  const s = new ImportService(app);
  services.set(app, s);
  return s;
}

export const importHandlers: HandlersOf<typeof importContract> = {
  'import.preview': (input, ctx) => serviceOf(ctx.app).preview(input, actorOf(ctx)),
  'import.remap': (input, ctx) => serviceOf(ctx.app).remap(input, actorOf(ctx)),
  'import.commit': (input, ctx) => serviceOf(ctx.app).commit(input, actorOf(ctx)),
};

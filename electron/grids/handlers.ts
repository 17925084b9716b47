import type { gridsContract } from '../../shared/grids/contract';
import { actorOf, type HandlersOf } from '../api/types';
import { checkGrid, loadGrid, saveGrid } from './service';

export const gridsHandlers: HandlersOf<typeof gridsContract> = {
  'grids.load': (input, ctx) => loadGrid(ctx.app, input.kind, input.year, input.period),
  'grids.check': (input, ctx) => checkGrid(ctx.app, input.kind, input.year, input.period, input.rows),
  'grids.save': (input, ctx) => saveGrid(ctx.app, actorOf(ctx), input.kind, input.year, input.period, input.rows),
};

import { z } from 'zod';
import { command, query } from '../api/define';
import { OFFICE_LEVELS } from '../domain/enums';
import { TEXT_SIZES, type UserPreferences } from './preferences';
import type { Catalogues, DivisionNode, SessionUser, SystemStatus, TownshipOption } from './types';

const nothing = z.strictObject({}).optional();

export const passwordRule = z
  .string({ error: '请输入密码' })
  .min(8, { error: '密码至少 8 位' })
  .max(128, { error: '密码太长' })
  .refine((p) => /[A-Za-z]/.test(p) && /\d/.test(p), { error: '密码需同时包含字母和数字' });

export const setupInput = z.strictObject({
  office: z.strictObject({
    level: z.enum(OFFICE_LEVELS, { error: '请选择单位级别' }),
    divisionCode: z.string().regex(/^\d{12}$/, { error: '请选择所在区划' }),
    name: z.string().trim().min(2, { error: '请填写单位名称' }).max(60, { error: '单位名称太长' }),
  }),
  admin: z.strictObject({
    username: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_.-]{3,32}$/, { error: '用户名为 3–32 位字母、数字或 _ . -' }),
    displayName: z.string().trim().min(1, { error: '请填写姓名' }).max(30),
    password: passwordRule,
  }),
});
export type SetupInput = z.input<typeof setupInput>;

export const loginInput = z.strictObject({
  username: z.string().trim().min(1, { error: '请输入用户名' }).max(64),
  password: z.string().min(1, { error: '请输入密码' }).max(128),
});

export const preferencesInput = z.strictObject({ textSize: z.enum(TEXT_SIZES, { error: '请选择文字大小:标准、大或特大' }) });

export const systemContract = {
  'system.status': query(nothing, 'public').returns<SystemStatus>(),
  'system.setup': command(setupInput, 'public').returns<SystemStatus>(),
  'session.login': command(loginInput, 'public').returns<SessionUser>(),
  'session.logout': command(nothing, 'public').returns<{ ok: true }>(),
  /** The signed-in user's own display choices (文字大小). */
  'preferences.get': query(nothing).returns<UserPreferences>(),
  'preferences.update': command(preferencesInput).returns<UserPreferences>(),
  'reference.divisionTree': query(nothing, 'public').returns<DivisionNode[]>(),
  'reference.townships': query(nothing).returns<TownshipOption[]>(),
  'reference.catalogues': query(nothing).returns<Catalogues>(),
};

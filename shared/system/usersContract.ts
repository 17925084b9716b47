import { z } from 'zod';
import { command, query } from '../api/define';
import { ROLES, type Role } from '../domain/enums';
import { passwordRule } from './contract';
import { DEFAULT_SETTINGS, type Settings } from './settings';

export interface UserRow {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  active: boolean;
  createdAt: string;
  lastLoginAt: string | null;
  /** Until when the account refuses logins after repeated wrong passwords; null when it is not locked. */
  lockedUntil: string | null;
}

const username = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.-]{3,32}$/, { error: '用户名为 3–32 位字母、数字或 _ . -' });

export const createUserInput = z.strictObject({
  username,
  displayName: z.string().trim().min(1, { error: '请填写姓名' }).max(30),
  role: z.enum(ROLES, { error: '请选择角色' }),
  password: passwordRule,
});

export const updateUserInput = z.strictObject({
  id: z.uuid(),
  displayName: z.string().trim().min(1, { error: '请填写姓名' }).max(30).optional(),
  role: z.enum(ROLES, { error: '请选择角色' }).optional(),
  active: z.boolean().optional(),
});

export const resetPasswordInput = z.strictObject({ id: z.uuid(), password: passwordRule });
export const changePasswordInput = z.strictObject({ oldPassword: z.string().min(1).max(128), newPassword: passwordRule });

const pct = z.number({ error: '请填写百分比' }).min(0, { error: '不能小于 0' }).max(100, { error: '不能大于 100' });
/** Every threshold the spec marks (configurable); partial updates. */
export const settingsPatch = z.strictObject({
  licenceWarnDays: z.number().int().min(1).max(365).optional(),
  selfCheckMonthly: z.boolean().optional(),
  expertMonthlyPct: pct.optional(),
  expertQuarterlyPct: pct.optional(),
  certifiedRateTarget: pct.optional(),
  nursingBedRatioTarget: pct.optional(),
  retrofitAvgCostTarget: z.number().min(0).max(1e6).optional(),
  retrofitSubsidyCap: z.number().min(0).max(1e6).nullable().optional(),
  idleLockMinutes: z.number().int().min(1).max(240).optional(),
  includeCanteensInCoverage: z.boolean().optional(),
  reportContacts: z
    .strictObject({ head: z.string().max(30), reviewer: z.string().max(30), preparer: z.string().max(30), phone: z.string().max(30) })
    .optional(),
  syncClockBoundHours: z
    .number({ error: '请填写小时数' })
    .int({ error: '请填写整数小时' })
    .min(1, { error: '不能小于 1 小时' })
    .max(24 * 31, { error: '不能超过 744 小时(31 天)' })
    .optional(),
  reportDeadlineDay: z.number().int().min(1, { error: '报送截止日应为 1–28 日' }).max(28, { error: '报送截止日应为 1–28 日' }).optional(),
  reportLockWhen: z.enum(['approved', 'submitted']).optional(),
});

const nothing = z.strictObject({}).optional();

export const usersContract = {
  'users.list': query(nothing, 'admin').returns<UserRow[]>(),
  'users.create': command(createUserInput, 'admin').returns<UserRow>(),
  'users.update': command(updateUserInput, 'admin').returns<UserRow>(),
  'users.resetPassword': command(resetPasswordInput, 'admin').returns<{ ok: true }>(),
  /** Lifts a lock after repeated wrong passwords (a password reset lifts it too). */
  'users.unlock': command(z.strictObject({ id: z.uuid() }), 'admin').returns<UserRow>(),
  'session.changePassword': command(changePasswordInput).returns<{ ok: true }>(),
  'settings.get': query(nothing).returns<Settings>(),
  'settings.update': command(settingsPatch, 'admin').returns<Settings>(),
};

export { DEFAULT_SETTINGS };

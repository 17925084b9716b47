import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { dispatch } from '../../electron/api/dispatch';
import { zodIssuesToFieldIssues } from '../../shared/domain/entity';
import { facilityEntity } from '../../shared/facilities/schema';
import { chineseMessage } from '../../shared/domain/zodLocale';
import { makeApp } from '../helpers/app';
import { unclearWords } from '../helpers/messages';

/*
 * Every message a schema produces is Chinese and names the field (issue 14.7): zod's zh-CN locale is the
 * base, the app's own wording covers every issue code, and no English, type name, pattern or key reaches
 * the message. The fuzz test checks the same over thousands of random payloads.
 */
const schema = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  receiverId: z.uuid(),
  townshipCode: z.string().regex(/^\d{12}$/),
  search: z.string().min(2).max(5),
  kind: z.enum(['plan', 'acceptance']),
  level: z.enum(['一般隐患', '重大事故隐患']),
  items: z.array(z.string()).max(1),
  mode: z.union([z.literal(1), z.literal(2)]),
  filters: z.record(z.string().regex(/^a/), z.number()),
  quarter: z
    .number()
    .multipleOf(1)
    .refine((v) => v < 5),
});

const messagesOf = (input: unknown) => {
  const r = schema.safeParse(input);
  if (r.success) throw new Error('expected a refusal');
  return Object.fromEntries(r.error.issues.map((i) => [i.path.join('.') || '(整体)', i.message]));
};

describe('zod messages in Chinese, with the field’s label', () => {
  it('zod’s own zh-CN locale is the base, the app’s wording on top', () => {
    expect(z.config().localeError).toBeTypeOf('function');
    expect(z.config().customError).toBe(chineseMessage);
  });

  it('words every issue code with the field’s Chinese name and nothing in English', () => {
    const m = messagesOf({
      year: '2026',
      receiverId: 'not-a-uuid',
      townshipCode: '4207',
      search: 'x'.repeat(9),
      kind: 'draft',
      level: '小隐患',
      items: ['a', 'b'],
      mode: 3,
      filters: { b: 1 },
      quarter: 7,
      extra: 1,
    });
    expect(m).toEqual({
      year: '年份应为数字',
      receiverId: '接收单位格式不对',
      townshipCode: '乡镇(街道)格式不对',
      search: '搜索内容太长(最多 5 个字)',
      kind: '种类不是可以选择的值',
      level: '级别应为以下之一:一般隐患、重大事故隐患',
      items: '项目最多 1 项',
      mode: '导入方式格式不对',
      'filters.b': '筛选条件中有名称格式不对的项',
      quarter: '季度不符合要求',
      '(整体)': '提交的内容中有程序不认识的项目',
    });
    expect(messagesOf({})).toMatchObject({ year: '请填写年份', receiverId: '请填写接收单位', kind: '请选择种类' });
    expect(messagesOf({ year: 1999 }).year).toBe('年份不能小于 2000');
    expect(messagesOf({ year: 2026.5 }).year).toBe('年份应为整数');
    expect(messagesOf({ search: 'x' }).search).toBe('搜索内容至少 2 个字');
    for (const msg of [...Object.values(m), ...Object.values(messagesOf({}))]) expect(unclearWords(msg), msg).toEqual([]);
  });

  it('a record field without its own wording gets its label in front: “床位总数应为数字”', () => {
    const r = facilityEntity.schema.safeParse({
      name: '某院',
      townshipCode: '420704001000',
      type: '民办养老机构',
      status: '运营',
      bedsTotal: '多',
    });
    expect(r.success).toBe(false);
    const issues = zodIssuesToFieldIssues((r as { error: z.ZodError }).error, facilityEntity.fields);
    expect(issues.find((i) => i.field === 'bedsTotal')).toMatchObject({ label: '床位总数', message: '床位总数应填写数字' });
  });

  it('through dispatch: “提交的内容有误:年份应为数字”, never “Invalid input: expected number, received string”', async () => {
    const t = await makeApp();
    try {
      const env = await dispatch(t.ctx, 'reports.preview', { year: '2026', quarter: 2 });
      expect(env).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '提交的内容有误:年份应为数字' } });
      const unknown = await dispatch(t.ctx, 'no.such.method', {});
      expect(unknown.ok || unclearWords(unknown.error.message)).toEqual([]);
    } finally {
      t.cleanup();
    }
  });
});

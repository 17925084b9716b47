import { Alert, InputNumber, Radio, Space, Typography } from 'antd';
import type { ImportPreview, ImportQuestion } from '../../shared/import/contract';

/**
 * The choices the import will not make by itself (which year the file is for, whether hidden rows count),
 * above everything else in the preview: open ones in orange, answered ones in green. The 导入 button waits
 * until every one is answered (and the main process refuses a commit while one is open).
 */
export function ImportQuestions({
  preview: p,
  disabled,
  onAnswer,
}: {
  preview: ImportPreview;
  disabled: boolean;
  onAnswer(defaults: ImportPreview['defaults']): void;
}) {
  if (!p.questions.length) return null;
  const answer = (q: ImportQuestion, value: string | number | null) => {
    if (q.key === 'year') onAnswer({ ...p.defaults, year: value === null || value === '' ? undefined : Number(value) });
    else onAnswer({ ...p.defaults, includeHiddenRows: value === 'yes' });
  };
  return (
    <Space direction="vertical" size="small" style={{ width: '100%' }} aria-label="需要你确认的问题">
      {p.questions.map((q) => (
        <Alert
          key={q.key}
          type={q.answer === null ? 'warning' : 'success'}
          showIcon
          data-question={q.key}
          message={
            <span>
              <b>{q.title}</b>
              {q.answer === null ? <Typography.Text type="danger">(请选择后再导入)</Typography.Text> : null}
            </span>
          }
          description={
            <Space direction="vertical" size={4}>
              <span>{q.detail}</span>
              <Space wrap>
                <Radio.Group
                  aria-label={q.title}
                  disabled={disabled}
                  value={q.answer}
                  onChange={(e) => answer(q, e.target.value)}
                  options={q.options.map((o) => ({ value: o.value, label: o.label }))}
                />
                {q.key === 'year' && (
                  <InputNumber
                    aria-label="其他年度"
                    disabled={disabled}
                    placeholder={q.options.length ? '其他年度' : '填写年度'}
                    min={2000}
                    max={2100}
                    precision={0}
                    value={q.answer && !q.options.some((o) => o.value === q.answer) ? Number(q.answer) : null}
                    // Typing 2021 passes 2, 20, 202 first: only a whole year in range is an answer.
                    onChange={(v) => v !== null && v >= 2000 && v <= 2100 && answer(q, v)}
                    addonAfter="年度"
                    style={{ width: 150 }}
                  />
                )}
              </Space>
            </Space>
          }
        />
      ))}
    </Space>
  );
}

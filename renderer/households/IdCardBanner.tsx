import { Alert } from 'antd';
import type { IdCardCheck } from '../../shared/households/contract';

/** What the typed 身份证号 says, and whether another open household already uses it (with where). */
export function IdCardBanner({ check, onOpen }: { check: IdCardCheck | null; onOpen: (id: string) => void }) {
  if (!check) return null;
  if (!check.ok) return <Alert type="error" showIcon style={{ marginBottom: 12 }} title={check.error} />;
  return (
    <>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 8 }}
        title={`出生日期 ${check.birthDate},${check.sex},${check.age} 岁${check.age !== undefined && check.age < 60 ? '(不满 60 岁,请核对改造对象)' : ''}`}
        description={check.warnings.join(' ') || undefined}
      />
      {check.duplicates.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title="该身份证号已在其他改造记录中"
          description={
            <ul className="issue-list">
              {check.duplicates.map((d) => (
                <li key={d.id}>
                  {d.townshipName} · {d.projectYear} 年度 · {d.name} · 进度:{d.status}{' '}
                  <a onClick={() => onOpen(d.id)} role="button">
                    查看该记录
                  </a>
                </li>
              ))}
            </ul>
          }
        />
      )}
    </>
  );
}

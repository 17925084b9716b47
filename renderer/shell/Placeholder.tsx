import { Result } from 'antd';

/** Honest placeholder for screens that are not built yet. */
export function Placeholder({ title }: { title: string }) {
  return <Result status="info" title={title} subTitle="该功能正在建设中,后续版本提供。现有数据不受影响。" />;
}

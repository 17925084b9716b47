import { Button, Result } from 'antd';
import { Component, type ReactNode } from 'react';

/** A screen that throws shows a Chinese message and a way back, instead of a blank window. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state = { error: null as Error | null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override componentDidCatch(error: Error) {
    console.error('[screen] render failed', error); // for a technician; the clerk sees the Chinese page
  }
  override render() {
    if (this.state.error)
      return (
        <Result
          status="error"
          title="页面出错了"
          subTitle="已保存的数据不受影响。请点“返回”后重试;如果反复出现,请联系技术支持。"
          extra={<Button onClick={() => this.setState({ error: null })}>返回</Button>}
        />
      );
    return this.props.children;
  }
}

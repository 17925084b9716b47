import { Button, Result } from 'antd';
import { Component, type ReactNode } from 'react';

/** A screen that throws shows a Chinese message and a way back, instead of a blank window. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state = { error: null as Error | null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    if (this.state.error)
      return (
        <Result
          status="error"
          title="页面出错了"
          subTitle={`已保存的数据不受影响。错误信息:${this.state.error.message}`}
          extra={<Button onClick={() => this.setState({ error: null })}>返回</Button>}
        />
      );
    return this.props.children;
  }
}

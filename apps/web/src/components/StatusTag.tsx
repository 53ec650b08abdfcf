import { Tag } from 'antd';
import type { ReactNode } from 'react';

/** Tag colours with text dark enough for WCAG AA contrast (antd's preset tags are lighter). */
const PALETTE = {
  green: { color: '#135200', background: '#f6ffed', borderColor: '#b7eb8f' },
  red: { color: '#a8071a', background: '#fff1f0', borderColor: '#ffa39e' },
  blue: { color: '#003a8c', background: '#e6f4ff', borderColor: '#91caff' },
  orange: { color: '#873800', background: '#fff7e6', borderColor: '#ffd591' },
  gold: { color: '#613400', background: '#fffbe6', borderColor: '#ffe58f' },
  grey: { color: '#262626', background: '#fafafa', borderColor: '#d9d9d9' },
} as const;

export type TagTone = keyof typeof PALETTE;

export function StatusTag({ tone, children, title }: { tone: TagTone; children: ReactNode; title?: string }) {
  return (
    <Tag style={PALETTE[tone]} title={title}>
      {children}
    </Tag>
  );
}

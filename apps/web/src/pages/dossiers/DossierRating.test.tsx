import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { DossierDetail } from '../../api/dossiers';
import { DossierRating } from './DossierRating';

describe('DossierRating', () => {
  it('says the applicant has not rated yet when the detail carries no rating', () => {
    render(<DossierRating rating={null} />);
    expect(screen.getByText('Người nộp chưa đánh giá việc giải quyết hồ sơ này.')).toBeTruthy();
    expect(document.querySelector('.ant-rate')).toBeNull();
  });

  it('shows the stars with their meaning in words, the comment, where and when', () => {
    const rating: NonNullable<DossierDetail['rating']> = {
      score: 4,
      comment: 'Cán bộ hướng dẫn bổ sung rõ ràng.',
      channel: 'online',
      ratedAt: '2026-11-24T03:05:00.000Z',
    };
    render(<DossierRating rating={rating} />);
    expect(screen.getByText('4/5 sao — Hài lòng')).toBeTruthy();
    expect(document.querySelectorAll('.ant-rate-star-full')).toHaveLength(4);
    expect(screen.getByText('Cán bộ hướng dẫn bổ sung rõ ràng.')).toBeTruthy();
    expect(screen.getByText('Cổng dịch vụ công')).toBeTruthy();
    // 10:05 in Asia/Ho_Chi_Minh; the hour shown depends on the time zone the tests run in.
    expect(screen.getByText(/^24\/11\/2026 \d{2}:05$/)).toBeTruthy();
    expect(screen.queryByText('Không có góp ý.')).toBeNull();
  });

  it('says so when the rating has no comment', () => {
    render(<DossierRating rating={{ score: 1, comment: null, channel: 'counter', ratedAt: '2026-11-24T03:05:00Z' }} />);
    expect(screen.getByText('1/5 sao — Rất không hài lòng')).toBeTruthy();
    expect(screen.getByText('Không có góp ý.')).toBeTruthy();
    expect(screen.getByText('Bộ phận Một cửa')).toBeTruthy();
  });
});

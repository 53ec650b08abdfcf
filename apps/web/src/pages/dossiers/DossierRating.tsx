import { Descriptions, Rate, Space, Typography } from 'antd';
import type { DossierDetail } from '../../api/dossiers';
import { formatDateTime } from '../../format';
import { useT } from '../../i18n';

/**
 * The applicant's satisfaction rating of the dossier (stars, comment, when), as the detail API gives it: shown to
 * whoever may read the dossier. The stars are decoration; their meaning is written next to them.
 */
export function DossierRating({ rating }: { rating: DossierDetail['rating'] }) {
  const td = useT().dossiers;
  if (!rating) return <Typography.Text type="secondary">{td.ratingNone}</Typography.Text>;
  return (
    <Descriptions
      size="small"
      column={1}
      items={[
        {
          key: 'score',
          label: td.ratingScore,
          children: (
            <Space wrap size={8}>
              <span aria-hidden="true">
                <Rate disabled value={rating.score} count={5} />
              </span>
              <span>
                {td.ratingStars(rating.score)} — {td.ratingLabels[rating.score] ?? ''}
              </span>
            </Space>
          ),
        },
        {
          key: 'comment',
          label: td.ratingComment,
          children: rating.comment ? (
            <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{rating.comment}</Typography.Paragraph>
          ) : (
            <Typography.Text type="secondary">{td.ratingNoComment}</Typography.Text>
          ),
        },
        { key: 'channel', label: td.ratingChannel, children: td.ratingChannels[rating.channel] ?? rating.channel },
        { key: 'at', label: td.ratingAt, children: formatDateTime(rating.ratedAt) },
      ]}
    />
  );
}

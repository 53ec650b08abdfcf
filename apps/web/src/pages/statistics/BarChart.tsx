import { useId } from 'react';

export interface BarSeries {
  key: string;
  label: string;
  color: string;
}

export interface BarDatum {
  key: string;
  label: string;
  values: Record<string, number>;
}

/**
 * A small accessible horizontal grouped bar chart in plain SVG (no chart library: the figures are also in the
 * table beside it). role="img" with a title and a description; each bar has a <title> with its value.
 */
export function BarChart({
  title,
  description,
  series,
  data,
  formatNumber,
}: {
  title: string;
  description: string;
  series: BarSeries[];
  data: BarDatum[];
  formatNumber: (n: number) => string;
}) {
  const id = useId();
  const labelWidth = 200;
  const barHeight = 12;
  const groupGap = 14;
  const width = 720;
  const plot = width - labelWidth - 60;
  const groupHeight = series.length * barHeight + groupGap;
  const legendHeight = 28;
  const height = legendHeight + data.length * groupHeight + 8;
  const max = Math.max(1, ...data.flatMap((d) => series.map((s) => d.values[s.key] ?? 0)));
  const short = (s: string) => (s.length > 28 ? `${s.slice(0, 27)}…` : s);

  return (
    <svg
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      viewBox={`0 0 ${width} ${height}`}
      style={{ width: '100%', maxWidth: 960, height: 'auto' }}
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      <g aria-hidden="true">
        {series.map((s, i) => (
          <g key={s.key} transform={`translate(${labelWidth + i * 170}, 6)`}>
            <rect width={12} height={12} fill={s.color} />
            <text x={18} y={11} fontSize={12} fill="currentColor">
              {s.label}
            </text>
          </g>
        ))}
      </g>
      {data.map((d, gi) => {
        const y0 = legendHeight + gi * groupHeight;
        return (
          <g key={d.key}>
            <text
              x={labelWidth - 8}
              y={y0 + (series.length * barHeight) / 2 + 4}
              fontSize={12}
              textAnchor="end"
              fill="currentColor"
            >
              <title>{d.label}</title>
              {short(d.label)}
            </text>
            {series.map((s, si) => {
              const v = d.values[s.key] ?? 0;
              const w = (v / max) * plot;
              const y = y0 + si * barHeight;
              return (
                <g key={s.key}>
                  <rect x={labelWidth} y={y} width={Math.max(w, v > 0 ? 1 : 0)} height={barHeight - 2} fill={s.color}>
                    <title>{`${d.label} — ${s.label}: ${formatNumber(v)}`}</title>
                  </rect>
                  <text
                    x={labelWidth + w + 4}
                    y={y + barHeight - 3}
                    fontSize={10}
                    fill="currentColor"
                    aria-hidden="true"
                  >
                    {formatNumber(v)}
                  </text>
                </g>
              );
            })}
          </g>
        );
      })}
    </svg>
  );
}

import { Alert } from 'antd';
import type { ReactNode } from 'react';
import { ApiError, type FieldProblem } from '../api/problem';
import { useT } from '../i18n';

/**
 * Shows an API error: the server's Vietnamese `detail`, field errors that no form field displays,
 * and the request id for server errors (what an administrator needs to find the log line).
 */
export function ProblemAlert({
  error,
  extraFields = [],
  title,
  action,
}: {
  error: unknown;
  extraFields?: FieldProblem[];
  title?: ReactNode;
  action?: ReactNode;
}) {
  const t = useT();
  if (!error) return null;
  const problem = error instanceof ApiError ? error.problem : null;
  const detail = problem?.detail ?? (error instanceof Error ? error.message : t.app.networkError);
  const description = (
    <>
      {title && title !== detail ? <div>{detail}</div> : null}
      {extraFields.length === 1 ? <div>{extraFields[0]?.message}</div> : null}
      {extraFields.length > 1 ? (
        <ul style={{ margin: '4px 0 0', paddingLeft: 20 }}>
          {extraFields.map((f) => (
            <li key={f.field + f.message}>{f.message}</li>
          ))}
        </ul>
      ) : null}
      {problem?.requestId && problem.status >= 500 ? <div>{t.app.requestId(problem.requestId)}</div> : null}
    </>
  );
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={title ?? detail}
      description={
        title || extraFields.length || (problem?.requestId && problem.status >= 500) ? description : undefined
      }
      action={action}
      style={{ marginBottom: 16 }}
    />
  );
}

import { PaperClipOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useRef, type ReactNode } from 'react';

/**
 * A button that opens the file chooser (a hidden <input type=file>). Unlike antd Upload it does not
 * wrap the button in a second role="button" element (nested interactive controls fail WCAG checks).
 */
export function FilePickButton({
  children,
  onFiles,
  accept = 'application/pdf,image/png,image/jpeg',
  multiple = false,
  ariaLabel,
  loading,
  size,
  testId,
  icon,
}: {
  children: ReactNode;
  onFiles: (files: File[]) => void;
  accept?: string;
  multiple?: boolean;
  ariaLabel?: string;
  loading?: boolean;
  size?: 'small' | 'middle' | 'large';
  testId?: string;
  icon?: ReactNode;
}) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={input}
        type="file"
        accept={accept}
        multiple={multiple}
        hidden
        tabIndex={-1}
        aria-hidden="true"
        data-testid={testId}
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          if (files.length) onFiles(files);
        }}
      />
      <Button
        size={size}
        loading={loading}
        aria-label={ariaLabel}
        icon={icon ?? <PaperClipOutlined aria-hidden="true" />}
        onClick={() => input.current?.click()}
      >
        {children}
      </Button>
    </>
  );
}

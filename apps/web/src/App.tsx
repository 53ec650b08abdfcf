import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import viVN from 'antd/locale/vi_VN';
import { useState } from 'react';
import { RouterProvider } from 'react-router';
import { I18nProvider, useI18n } from './i18n';
import { createQueryClient } from './query-client';
import { router } from './router';

function Themed() {
  const { lang } = useI18n();
  return (
    <ConfigProvider
      locale={lang === 'vi' ? viVN : enUS}
      theme={{
        // Colours darkened from antd's defaults so that text meets WCAG 2.1 AA contrast (4.5:1).
        token: {
          colorPrimary: '#0b5cab',
          colorLink: '#0b5cab',
          colorError: '#c0111f',
          colorSuccess: '#237804',
          colorWarning: '#ad6800',
          colorTextSecondary: 'rgba(0, 0, 0, 0.68)',
          colorTextDescription: 'rgba(0, 0, 0, 0.68)',
          colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
          borderRadius: 6,
          fontSize: 15,
        },
      }}
      form={{ requiredMark: 'optional' }}
    >
      <AntApp>
        <RouterProvider router={router} />
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <Themed />
      </I18nProvider>
    </QueryClientProvider>
  );
}

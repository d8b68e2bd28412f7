import '@/utils/zod-jitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@/components/styles.css';
import { QueryProvider } from '@/components/query-client';
import { followTheme } from '@/utils/settings/preferences';
import { Popup } from './Popup';
import './popup.css';

followTheme();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryProvider>
      <Popup />
    </QueryProvider>
  </StrictMode>,
);

import '@/utils/lib/zod-jitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@/components/lib/styles.css';
import { QueryProvider } from '@/components/lib/query-client';
import { followTheme } from '@/utils/settings/preferences';
import { SidePanel } from './SidePanel';

followTheme();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryProvider>
      <SidePanel />
    </QueryProvider>
  </StrictMode>,
);

import '@/utils/zod-jitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@/components/styles.css';
import { QueryProvider } from '@/components/query-client';
import { SidePanel } from './SidePanel';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryProvider>
      <SidePanel />
    </QueryProvider>
  </StrictMode>,
);

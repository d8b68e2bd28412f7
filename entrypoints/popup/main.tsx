import '@/utils/zod-jitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@/components/styles.css';
import { QueryProvider } from '@/components/query-client';
import { SettingsForm } from './SettingsForm';
import './popup.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryProvider>
      <main className="popup stack">
        <h1>Loupe</h1>
        <SettingsForm />
      </main>
    </QueryProvider>
  </StrictMode>,
);

import { ConnectionStatus } from '@/components/ConnectionStatus';
import { ThisPage } from './ThisPage';
import './sidepanel.css';

export function SidePanel() {
  return (
    <div className="sidepanel stack">
      <header className="stack">
        <h1>Loupe</h1>
        <ConnectionStatus />
      </header>
      <main>
        <ThisPage />
      </main>
    </div>
  );
}

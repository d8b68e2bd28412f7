import { useEffect, useState } from 'react';
import { type PanelIntent, panelIntentItem } from '@/utils/settings/panel-intent';

/** What the right-click menu asked the panel to show, if it is for `view`; and how to dismiss it. */
export function usePanelIntent(view: PanelIntent['view']) {
  const [intent, setIntent] = useState<PanelIntent | null>(null);
  useEffect(() => {
    void panelIntentItem.getValue().then(setIntent);
    return panelIntentItem.watch(setIntent);
  }, []);
  return { intent: intent?.view === view ? intent : null, dismiss: () => void panelIntentItem.setValue(null) };
}

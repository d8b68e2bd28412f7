import { ProvenanceDetails } from '@/components/provenance/ProvenanceDetails';
import { useProvenance } from '@/components/provenance/use-provenance';
import type { PanelIntent } from '@/utils/settings/panel-intent';
import { usePanelIntent } from '../../entrypoints/sidepanel/use-panel-intent';

/** "Check provenance" from the right-click menu: the evidence for that image, whatever page it is on. */
export function ProvenanceIntent() {
  const { intent, dismiss } = usePanelIntent('provenance');
  return intent ? <IntentDetails key={intent.createdAt} intent={intent} onClose={dismiss} /> : null;
}

function IntentDetails({ intent, onClose }: { intent: PanelIntent; onClose: () => void }) {
  const check = useProvenance(intent.image.url, intent.where);
  return (
    <ProvenanceDetails imageUrl={intent.image.url} altText={intent.image.altText} check={check} onClose={onClose} />
  );
}

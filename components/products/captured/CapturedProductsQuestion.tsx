import { useStoredValue } from '@/components/lib/use-stored-value';
import { useConnection } from '@/components/lib/use-connection';
import {
  addCapturedProductsItem,
  capturedProductsAskedItem,
} from '@/utils/products/captured/captured-products-setting';
import { i18n } from '#i18n';

/**
 * Asked once, when the panel first finds itself connected: should the products of pages the person
 * saves from join their own catalogue? Says why it helps and that the products stay theirs. Either
 * answer is remembered; the popup's switch changes it later.
 */
export function CapturedProductsQuestion() {
  const connection = useConnection();
  const [asked, setAsked] = useStoredValue(capturedProductsAskedItem);
  if (asked !== false || !connection.isSuccess) return null;
  const answer = async (add: boolean) => {
    await addCapturedProductsItem.setValue(add);
    await setAsked(true);
  };
  return (
    <section className="card stack" aria-labelledby="captured-question-heading" data-testid="captured-question">
      <h2 id="captured-question-heading">{i18n.t('sidepanel.capturedQuestion.heading')}</h2>
      <p>{i18n.t('sidepanel.capturedQuestion.why')}</p>
      <p className="muted">{i18n.t('sidepanel.capturedQuestion.yours')}</p>
      <div className="row wrap">
        <button type="button" className="primary" onClick={() => void answer(true)}>
          {i18n.t('sidepanel.capturedQuestion.yes')}
        </button>
        <button type="button" onClick={() => void answer(false)}>
          {i18n.t('sidepanel.capturedQuestion.no')}
        </button>
      </div>
    </section>
  );
}

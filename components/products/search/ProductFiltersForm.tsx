import { useId, useState } from 'react';
import { type ProductFilters, ProductFiltersSchema } from '@/utils/contract';
import { i18n } from '#i18n';

const AVAILABILITY_OPTIONS = [
  ['', () => i18n.t('sidepanel.filters.any')],
  ['in_stock', () => i18n.t('products.availability.inStock')],
  ['preorder', () => i18n.t('products.availability.preorder')],
  ['backorder', () => i18n.t('products.availability.backorder')],
  ['out_of_stock', () => i18n.t('products.availability.outOfStock')],
] as const;

type Draft = { minPrice: string; maxPrice: string; currency: string; availability: string; brand: string };
const EMPTY: Draft = { minPrice: '', maxPrice: '', currency: '', availability: '', brand: '' };

/**
 * Price range, currency, availability and brand. The filters apply when the
 * form is submitted and every field is valid (the shared contract decides);
 * a bad field says what is wrong and changes nothing.
 */
export function ProductFiltersForm({ onApply }: { onApply: (filters: ProductFilters) => void }) {
  const id = useId();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [errors, setErrors] = useState<Partial<Record<keyof Draft, string>>>({});
  const field = (name: keyof Draft) => ({
    id: `${id}-${name}`,
    value: draft[name],
    'aria-invalid': Boolean(errors[name]),
    'aria-describedby': errors[name] ? `${id}-${name}-error` : undefined,
    onChange: (event: { target: { value: string } }) => setDraft({ ...draft, [name]: event.target.value }),
  });
  const error = (name: keyof Draft) =>
    errors[name] && (
      <span id={`${id}-${name}-error`} className="field-error">
        {errors[name]}
      </span>
    );

  function apply(event: React.FormEvent) {
    event.preventDefault();
    const given = Object.fromEntries(
      Object.entries({ ...draft, currency: draft.currency.trim().toUpperCase() }).filter(
        ([, value]) => value.trim() !== '',
      ),
    );
    const parsed = ProductFiltersSchema.safeParse(
      Object.fromEntries(Object.entries(given).map(([key, value]) => [key, value.trim()])),
    );
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0]), issue.message])));
      return;
    }
    setErrors({});
    onApply(parsed.data);
  }

  return (
    <details className="filters">
      <summary>{i18n.t('sidepanel.filters.heading')}</summary>
      <form className="filters-grid" onSubmit={apply} aria-label={i18n.t('sidepanel.filters.heading')} noValidate>
        <label htmlFor={`${id}-minPrice`}>
          {i18n.t('sidepanel.filters.minPrice')}
          <input inputMode="decimal" placeholder="0.00" {...field('minPrice')} />
          {error('minPrice')}
        </label>
        <label htmlFor={`${id}-maxPrice`}>
          {i18n.t('sidepanel.filters.maxPrice')}
          <input inputMode="decimal" placeholder="100.00" {...field('maxPrice')} />
          {error('maxPrice')}
        </label>
        <label htmlFor={`${id}-currency`}>
          {i18n.t('sidepanel.filters.currency')}
          <input placeholder="EUR" maxLength={3} autoCapitalize="characters" {...field('currency')} />
          {error('currency')}
        </label>
        <label htmlFor={`${id}-availability`}>
          {i18n.t('sidepanel.filters.availability')}
          <select {...field('availability')}>
            {AVAILABILITY_OPTIONS.map(([value, label]) => (
              <option key={value} value={value}>
                {label()}
              </option>
            ))}
          </select>
        </label>
        <label htmlFor={`${id}-brand`}>
          {i18n.t('sidepanel.filters.brand')}
          <input {...field('brand')} />
          {error('brand')}
        </label>
        <div className="row">
          <button type="submit">{i18n.t('sidepanel.filters.apply')}</button>
          <button
            type="button"
            onClick={() => {
              setDraft(EMPTY);
              setErrors({});
              onApply({});
            }}
          >
            {i18n.t('sidepanel.filters.clear')}
          </button>
        </div>
      </form>
    </details>
  );
}

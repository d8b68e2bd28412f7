import { useId, useState } from 'react';
import { type ProductFilters, ProductFiltersSchema } from '@/utils/contract';

const AVAILABILITY_OPTIONS = [
  ['', 'Any'],
  ['in_stock', 'In stock'],
  ['preorder', 'Pre-order'],
  ['backorder', 'Backorder'],
  ['out_of_stock', 'Out of stock'],
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
    const given = Object.fromEntries(Object.entries({ ...draft, currency: draft.currency.trim().toUpperCase() }).filter(([, value]) => value.trim() !== ''));
    const parsed = ProductFiltersSchema.safeParse(Object.fromEntries(Object.entries(given).map(([key, value]) => [key, value.trim()])));
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0]), issue.message])));
      return;
    }
    setErrors({});
    onApply(parsed.data);
  }

  return (
    <details className="filters">
      <summary>Filters</summary>
      <form className="filters-grid" onSubmit={apply} aria-label="Filters" noValidate>
        <label htmlFor={`${id}-minPrice`}>
          Lowest price
          <input inputMode="decimal" placeholder="0.00" {...field('minPrice')} />
          {error('minPrice')}
        </label>
        <label htmlFor={`${id}-maxPrice`}>
          Highest price
          <input inputMode="decimal" placeholder="100.00" {...field('maxPrice')} />
          {error('maxPrice')}
        </label>
        <label htmlFor={`${id}-currency`}>
          Currency
          <input placeholder="EUR" maxLength={3} autoCapitalize="characters" {...field('currency')} />
          {error('currency')}
        </label>
        <label htmlFor={`${id}-availability`}>
          Availability
          <select {...field('availability')}>
            {AVAILABILITY_OPTIONS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label htmlFor={`${id}-brand`}>
          Brand
          <input {...field('brand')} />
          {error('brand')}
        </label>
        <div className="row">
          <button type="submit">Apply filters</button>
          <button
            type="button"
            onClick={() => {
              setDraft(EMPTY);
              setErrors({});
              onApply({});
            }}
          >
            Clear
          </button>
        </div>
      </form>
    </details>
  );
}

import { useId } from 'react';
import { useStoredValue } from '@/components/use-stored-value';
import { type Theme, ThemeSchema, themeItem } from '@/utils/settings/preferences';

const LABELS: Record<Theme, string> = { system: 'Like the system', light: 'Light', dark: 'Dark' };

/** Light, dark, or as the system says: for the popup and the side panel. */
export function AppearanceSection() {
  const id = useId();
  const [theme, setTheme] = useStoredValue(themeItem);
  if (theme === undefined) return null;
  return (
    <section className="row" aria-label="Appearance">
      <label htmlFor={id} className="grow">
        Theme
      </label>
      <select id={id} value={theme} onChange={(event) => void setTheme(ThemeSchema.parse(event.target.value))}>
        {ThemeSchema.options.map((option) => (
          <option key={option} value={option}>
            {LABELS[option]}
          </option>
        ))}
      </select>
    </section>
  );
}

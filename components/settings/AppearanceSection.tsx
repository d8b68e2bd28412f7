import { useId } from 'react';
import { useStoredValue } from '@/components/lib/use-stored-value';
import { type Theme, ThemeSchema, themeItem } from '@/utils/settings/preferences';
import { i18n } from '#i18n';

const LABELS: Record<Theme, () => string> = {
  system: () => i18n.t('popup.appearance.system'),
  light: () => i18n.t('popup.appearance.light'),
  dark: () => i18n.t('popup.appearance.dark'),
};

/** Light, dark, or as the system says: for the popup and the side panel. */
export function AppearanceSection() {
  const id = useId();
  const [theme, setTheme] = useStoredValue(themeItem);
  if (theme === undefined) return null;
  return (
    <section className="row" aria-label={i18n.t('popup.appearance.region')}>
      <label htmlFor={id} className="grow">
        {i18n.t('popup.appearance.theme')}
      </label>
      <select id={id} value={theme} onChange={(event) => void setTheme(ThemeSchema.parse(event.target.value))}>
        {ThemeSchema.options.map((option) => (
          <option key={option} value={option}>
            {LABELS[option]()}
          </option>
        ))}
      </select>
    </section>
  );
}

import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { createApiClient } from '@/utils/lib/api-client';
import { apiErrorTexts } from '@/utils/lib/i18n/api-error-texts';
import { readConnectionSettings, watchConnectionSettings } from '@/utils/lib/connection';

/** The stored connection settings, kept current when the popup (or another page) changes them. */
export function useConnectionSettings() {
  const [settings, setSettings] = useState<{ backendUrl: string; token: string }>();
  useEffect(() => {
    let current = true;
    const load = () => void readConnectionSettings().then((value) => current && setSettings(value));
    load();
    const unwatch = watchConnectionSettings(load);
    return () => {
      current = false;
      unwatch();
    };
  }, []);
  return settings;
}

/** Checks the configured backend: reachable, compatible, token accepted. */
export function useConnection() {
  const settings = useConnectionSettings();
  const query = useQuery({
    queryKey: ['connection', settings?.backendUrl, settings?.token],
    enabled: Boolean(settings?.token),
    queryFn: ({ signal }) =>
      createApiClient({ baseUrl: settings!.backendUrl, token: settings!.token, texts: apiErrorTexts }).checkConnection(
        signal,
      ),
  });
  return { settings, ...query };
}

import { useEffect, useState } from 'react';
import type { WxtStorageItem } from 'wxt/utils/storage';

/**
 * A storage item's current value, kept in step with changes made anywhere
 * (another page, the worker, another device through sync). Undefined while loading.
 */
export function useStoredValue<T>(
  item: WxtStorageItem<T, Record<string, unknown>>,
): [T | undefined, (value: T) => Promise<void>] {
  const [value, setValue] = useState<T>();
  useEffect(() => {
    let current = true;
    void item.getValue().then((stored) => current && setValue(stored));
    const unwatch = item.watch((next) => setValue(next));
    return () => {
      current = false;
      unwatch();
    };
  }, [item]);
  const update = async (next: T) => {
    setValue(next); // show the change now; the watcher confirms it
    await item.setValue(next);
  };
  return [value, update];
}

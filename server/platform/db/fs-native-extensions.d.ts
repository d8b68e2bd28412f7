/** The part of fs-native-extensions (it ships no types) that the data-directory lock uses. */
declare module 'fs-native-extensions' {
  /** Takes an exclusive lock on the open file `fd` without waiting: false when another holds it. */
  export function tryLock(fd: number): boolean;
  export function unlock(fd: number): void;
}

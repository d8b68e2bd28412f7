/** A setting is wrong (a bad value, a file it names that cannot be read): the server stops, naming the setting. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

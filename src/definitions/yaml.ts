/** The `yaml` package, loaded only by the commands that read or write YAML. */
type YamlModule = typeof import('yaml');

export async function loadYaml(): Promise<YamlModule> {
  const m = await import('yaml');
  // bundled from its CommonJS build, the functions sit on `default`
  return ((m as { default?: YamlModule }).default ?? m) as YamlModule;
}

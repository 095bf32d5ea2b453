import { jsonValue } from '../../cli/parsers.js';
import { UsageError } from '../../errors.js';
import { maskCredentials } from '../../kinds/parameter.js';

/** A VALUE argument as JSON: bad JSON is 64, before any request. */
export function valueArg(text: string): unknown {
  try {
    return jsonValue(text);
  } catch (e) {
    throw new UsageError(maskCredentials(`VALUE '${text}': ${(e as Error).message}`));
  }
}

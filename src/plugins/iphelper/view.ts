// What the calculator template shows for an input: the values typed, every result as text, or
// the message of the first problem. The same data serves the widget and the no-JavaScript page.
import type { PluginTranslate } from '../plugin.js';
import type { IphelperKey } from './strings.js';
import { calculateSubnet, describeSubnet, SUBNET_ERRORS, SUBNET_FIELDS, type SubnetField, type SubnetInput } from './subnet.js';

export interface CalculatorView {
  values: { ip: string; prefix: string };
  /** null until an address was given, or when it has an error. */
  fields: Record<SubnetField, string> | null;
  error: string | null;
  /** The input the error is about, marked aria-invalid. */
  errorField: 'ip' | 'prefix' | null;
  fieldNames: readonly SubnetField[];
  /** Codes whose messages the template hands to the browser script. */
  errorCodes: readonly string[];
}

/** `input` null: the blank form. */
export function calculatorView(input: SubnetInput | null, t: PluginTranslate<IphelperKey>, lang: string): CalculatorView {
  const blank = { fieldNames: SUBNET_FIELDS, errorCodes: SUBNET_ERRORS };
  if (input === null) return { ...blank, values: { ip: '', prefix: '' }, fields: null, error: null, errorField: null };
  const values = { ip: input.ip, prefix: input.prefix || input.mask || '' };
  const result = calculateSubnet(input);
  if (result.ok) return { ...blank, values, fields: describeSubnet(result.subnet, lang), error: null, errorField: null };
  return { ...blank, values, fields: null, error: t(`error.${result.error}`, { max: result.max }), errorField: result.field };
}

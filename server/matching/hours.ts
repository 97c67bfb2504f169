/**
 * Hours are compared in integer hundredths so that sums are exact: 12.8 + 19.6 + 2.6 is 3,500
 * hundredths, exactly 35 h. Inputs with more than two decimals are rounded to the nearest hundredth.
 */
export function toHundredths(hours: number): number {
  return Math.round(hours * 100);
}

export function fromHundredths(hundredths: number): number {
  return hundredths / 100;
}

// Go's number formatting, shared by the YAML and JSONPath printers (kept apart
// from them so that a module needing only this does not load the YAML library).

/** Go strconv.FormatFloat(f, 'g', -1, 64): %e when the exponent is < -4 or >= 6 (shortest digits). */
export function goFormatFloatG(n: number): string {
  const [mant, expStr] = n.toExponential().split('e');
  const exp = Number(expStr);
  if (exp < -4 || exp >= 6) {
    const sign = exp < 0 ? '-' : '+';
    return `${mant}e${sign}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return String(n);
}

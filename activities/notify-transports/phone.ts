/** Vietnamese mobile numbers in the international form providers expect: 0912345678 / +84912345678 → 84912345678. */
export function internationalPhone(phone: string): string | null {
  const digits = phone.replace(/[\s.-]/g, '');
  const m = /^(?:\+?84|0)(\d{9,10})$/.exec(digits);
  return m ? `84${m[1]}` : null;
}

// Money rules in the browser: the same rules as outreach/domain/money.py,
// budget.py and repayment.py, proven equal by tests/fixtures/money_vectors.json.
// Documented in docs/money.md. Data objects use the same snake_case keys as the
// server's JSON, so one vector file serves both languages.
//
// Integer safety: every amount is at most MAX_CENTS = 1e9. Numbers are exact
// integers up to 2^53 - 1 (about 9.007e15). The largest product outside
// proRata is 2 * 1e9 * 52 + 12 = 1.04e11 in monthlyCents; sums are checked
// with Number.isSafeInteger. proRata multiplies a claim by the available
// amount (up to 1e18), so it computes with BigInt.

export const MAX_CENTS = 1_000_000_000;
export const DEFAULT_BUFFER_CENTS = 5_000;
export const MAX_SCHEDULE_MONTHS = 600;
const NBSP = '\u00a0';
const EURO = '€';

// The same characters as \s, listed to match the Python pattern one for one.
const WHITESPACE = /[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/g;
const MINUS_SIGNS = ['-', '\u2212'];
const FOREIGN = /[^0-9.,€\u2212-]/;
const PLAIN = /^[0-9]+$/;
const DECIMAL_COMMA = /^([0-9]+),([0-9]+)$/;
const GROUPED_DECIMAL_COMMA = /^([1-9][0-9]{0,2}(?:[.][0-9]{3})+),([0-9]+)$/;
const GROUPED = /^[1-9][0-9]{0,2}(?:[.][0-9]{3})+$/;
const DECIMAL_DOT = /^([0-9]+)[.]([0-9]+)$/;
const MAX_EURO_DIGITS = String(MAX_CENTS / 100).length;

export const REFUSAL_MESSAGES = Object.freeze({
  empty: {
    de: 'Bitte einen Betrag eingeben.',
    en: 'Please enter an amount.',
  },
  invalid_character: {
    de: 'Bitte nur Ziffern, Punkt und Komma eingeben, z. B. 1.234,50.',
    en: 'Please use only digits, full stops and a comma, e.g. 1.234,50.',
  },
  malformed: {
    de: 'Das ist kein gültiger Betrag. Bitte so eingeben: 12,50 oder 1.234,50.',
    en: 'That is not a valid amount. Please enter it like 12,50 or 1.234,50.',
  },
  too_many_decimals: {
    de: 'Bitte höchstens zwei Nachkommastellen (Cent) eingeben.',
    en: 'Please enter at most two decimal places (cents).',
  },
  negative: {
    de: 'Bitte einen Betrag ab 0\u00a0€ eingeben.',
    en: 'Please enter an amount of 0\u00a0€ or more.',
  },
  too_large: {
    de: 'Bitte höchstens 10.000.000,00\u00a0€ eingeben.',
    en: 'Please enter at most 10.000.000,00\u00a0€.',
  },
});

export const WARNING_MESSAGES = Object.freeze({
  no_plan_possible: {
    de: 'Kein Ratenplan möglich: Es bleibt kein Betrag für eine Rate. '
      + 'Ansprüche prüfen (Wohngeld, Kinderzuschlag, Aufstockung nach SGB II/XII) '
      + 'und die Übernahme der Mietschulden durch Jobcenter oder Sozialamt klären.',
    en: 'No repayment plan possible: nothing is left for an instalment. '
      + 'Check entitlements (Wohngeld, Kinderzuschlag, top-up under SGB II/XII) '
      + 'and ask the Jobcenter or Sozialamt to take over the rent debt.',
  },
  instalment_exceeds_free: {
    de: 'Die Rate ist höher als der freie Betrag. Der Haushalt kann sie nicht dauerhaft zahlen.',
    en: 'The instalment is higher than the free amount. The household cannot keep paying it.',
  },
  buffer_reduced: {
    de: 'Die Rate lässt weniger als den Puffer für Unvorhergesehenes übrig.',
    en: 'The instalment leaves less than the buffer for the unforeseen.',
  },
  ends_after_schonfrist: {
    de: 'Der Plan endet nach dem Ende der Schonfrist. Die Kündigung wird nur geheilt, '
      + 'wenn bis dahin der volle Betrag gezahlt ist: Übernahme der Mietschulden '
      + 'durch Jobcenter oder Sozialamt (Verpflichtungserklärung) beantragen.',
    en: 'The plan ends after the Schonfrist. The termination is only healed if the full '
      + 'amount is paid by then: ask the Jobcenter or Sozialamt to take over the rent debt '
      + '(Verpflichtungserklärung).',
  },
  too_long: {
    de: 'Der Plan würde länger als 50 Jahre laufen. Bitte eine höhere Rate oder eine andere Lösung suchen.',
    en: 'The plan would run longer than 50 years. Please find a higher instalment or another solution.',
  },
});

// rhythm -> [numerator, denominator] turning one payment into a monthly figure.
export const RHYTHMS = Object.freeze({
  weekly: [52, 12],
  monthly: [1, 1],
  every_two_months: [1, 2],
  quarterly: [1, 3],
  half_yearly: [1, 6],
  yearly: [1, 12],
  one_off: [0, 1],
});
// 'deduction': an amount taken off income before it is paid (the Jobcenter's set-off of a loan).
const KINDS = ['income', 'expense', 'deduction'];

// A programming error: a rule was called with a value it does not accept.
// People's typing never throws; parseAmount answers with a refusal instead.
export class MoneyError extends Error {
  constructor(code, detail) {
    super(`${code}: ${detail}`);
    this.name = 'MoneyError';
    this.code = code;
  }
}

export function isInt(value) {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

export function requireCents(value, name, low = 0, high = MAX_CENTS) {
  if (!isInt(value) || value < low || value > high) {
    throw new MoneyError('invalid_amount', `${name} must be an integer from ${low} to ${high}`);
  }
  return value;
}

function checkSafe(total) {
  if (!Number.isSafeInteger(total)) {
    throw new MoneyError('invalid_amount', 'total exceeds what can be added exactly');
  }
  return total;
}

// Floor division of safe integers a >= 0, b > 0 without trusting a rounded
// quotient: % is exact on integers, a - r is then an exact multiple of b, and
// dividing an exact multiple gives the exact (representable) integer.
export function floorDiv(a, b) {
  return (a - (a % b)) / b;
}

// numerator / denominator rounded to the nearest integer, halves upwards
// (numerator >= 0, denominator > 0).
export function divRoundHalfUp(numerator, denominator) {
  if (!isInt(numerator) || !isInt(denominator) || numerator < 0 || denominator <= 0) {
    throw new MoneyError('invalid_amount', 'rounding needs numerator >= 0 and denominator > 0');
  }
  return floorDiv(checkSafe(2 * numerator + denominator), checkSafe(2 * denominator));
}

// German display: "1.234,50 €" (thousands ".", decimal ",", NBSP before €).
export function formatCents(cents) {
  requireCents(cents, 'cents', -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const rest = abs % 100;
  const euros = String((abs - rest) / 100).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${sign}${euros},${String(rest).padStart(2, '0')}${NBSP}${EURO}`;
}

function refuse(code) {
  const message = REFUSAL_MESSAGES[code];
  return { ok: false, code, message: { de: message.de, en: message.en } };
}

// Read an amount as a person in Germany types it. Never throws for a string.
// Refusal codes, checked in this order: empty, invalid_character, malformed,
// too_many_decimals, negative, too_large.
export function parseAmount(text) {
  if (text === null || text === undefined) return refuse('empty');
  if (typeof text !== 'string') throw new TypeError('parseAmount() reads text');

  let s = text.replace(WHITESPACE, '');
  let negative = false;
  if (MINUS_SIGNS.includes(s.slice(0, 1))) {
    negative = true;
    s = s.slice(1);
  }
  // One "€" in front of or behind the number; a minus may stand on either side of a leading "€".
  if (s.startsWith(EURO)) {
    s = s.slice(1);
    if (!negative && MINUS_SIGNS.includes(s.slice(0, 1))) {
      negative = true;
      s = s.slice(1);
    }
  } else if (s.endsWith(EURO)) {
    s = s.slice(0, -1);
  }
  if (s === '') return refuse('empty');
  if (FOREIGN.test(s)) return refuse('invalid_character');

  let whole;
  let fraction;
  if (s.includes(',')) {
    // A comma is always the decimal mark; dots before it may only group thousands.
    const match = (s.includes('.') ? GROUPED_DECIMAL_COMMA : DECIMAL_COMMA).exec(s);
    if (match === null) return refuse('malformed');
    whole = match[1].replaceAll('.', '');
    fraction = match[2];
  } else if (s.includes('.')) {
    if (GROUPED.test(s)) {
      whole = s.replaceAll('.', '');
      fraction = '';
    } else {
      const match = DECIMAL_DOT.exec(s);
      // Exactly three digits after a lone dot group thousands, so "1234.567" is misgrouped.
      if (match === null || match[2].length === 3) return refuse('malformed');
      whole = match[1];
      fraction = match[2];
    }
  } else if (PLAIN.test(s)) {
    whole = s;
    fraction = '';
  } else {
    // Only "€" or a minus sign in the middle of the number is left.
    return refuse('malformed');
  }

  if (fraction.length > 2) return refuse('too_many_decimals');
  if (negative) return refuse('negative');
  whole = whole.replace(/^0+/, '');
  if (whole.length > MAX_EURO_DIGITS) return refuse('too_large');
  // At most 8 digits each side of these multiplications: exact.
  const cents = Number(whole || '0') * 100 + Number(fraction.padEnd(2, '0'));
  if (cents > MAX_CENTS) return refuse('too_large');
  return { ok: true, cents, echo: formatCents(cents) };
}

// The monthly figure of one payment: round-half-up(amount × numerator / denominator).
export function monthlyCents(amountCents, rhythm) {
  requireCents(amountCents, 'amount_cents');
  if (!Object.prototype.hasOwnProperty.call(RHYTHMS, rhythm)) {
    throw new MoneyError('unknown_rhythm', `unknown rhythm ${String(rhythm)}`);
  }
  const [numerator, denominator] = RHYTHMS[rhythm];
  return divRoundHalfUp(amountCents * numerator, denominator);
}

function checkItem(item) {
  if (item === null || typeof item !== 'object') {
    throw new MoneyError('invalid_item', 'budget items must be objects');
  }
  if (!KINDS.includes(item.kind)) {
    throw new MoneyError('unknown_kind', `kind must be one of ${KINDS.join(', ')}`);
  }
  if (typeof item.category !== 'string') {
    throw new MoneyError('invalid_item', 'category must be text');
  }
  const member = item.member === undefined ? null : item.member;
  if (member !== null && typeof member !== 'string') {
    throw new MoneyError('invalid_item', 'member must be text or null');
  }
  const attachable = item.attachable === undefined ? false : item.attachable;
  if (typeof attachable !== 'boolean') {
    throw new MoneyError('invalid_item', 'attachable must be true or false');
  }
  return { figure: monthlyCents(item.amount_cents, item.rhythm), attachable };
}

// Items: {kind, category, member, amount_cents, rhythm, attachable}.
// Monthly figure per item, totals, and the free amount (income − deductions − expenses).
export function budgetSummary(items) {
  if (!Array.isArray(items)) throw new MoneyError('invalid_item', 'items must be a list');
  const checked = items.map(checkItem);
  const monthly = [];
  const oneOff = [];
  let income = 0;
  let expenses = 0;
  let attachable = 0;
  let deductions = 0;
  items.forEach((item, index) => {
    const { figure, attachable: isAttachable } = checked[index];
    monthly.push(figure);
    if (item.rhythm === 'one_off') oneOff.push(index);
    if (item.kind === 'income') {
      income = checkSafe(income + figure);
      if (isAttachable) attachable += figure;
    } else if (item.kind === 'deduction') {
      deductions = checkSafe(deductions + figure);
    } else {
      expenses = checkSafe(expenses + figure);
    }
  });
  const free = income - deductions - expenses;
  return {
    monthly_cents: monthly,
    income_cents: income,
    expense_cents: expenses,
    deduction_cents: deductions,
    free_cents: free,
    free_is_negative: free < 0,
    attachable_income_cents: attachable,
    one_off_indices: oneOff,
  };
}

// Share an available amount across creditors in proportion to their claims:
// share = claim / total claims × available, floored to cents; the cents left
// over go one each to the largest remainders, ties to the creditor listed first.
// The shares add up to exactly the available amount; only when no claim is above
// 0 is the whole amount undistributed. Shares are not capped at their claims.
export function proRata(availableCents, claimsCents) {
  requireCents(availableCents, 'available_cents');
  if (!Array.isArray(claimsCents)) throw new MoneyError('invalid_amount', 'claims must be a list');
  const claims = claimsCents.map((claim) => requireCents(claim, 'claim'));
  const total = claims.reduce((sum, claim) => sum + BigInt(claim), 0n);
  const available = BigInt(availableCents);
  if (total === 0n || available === 0n) {
    return { shares: claims.map(() => 0), undistributed_cents: availableCents };
  }
  const shares = [];
  const remainders = [];
  for (const claim of claims) {
    const product = BigInt(claim) * available;
    shares.push(product / total); // BigInt division truncates; product >= 0, so it floors
    remainders.push(product % total);
  }
  let left = Number(available - shares.reduce((sum, share) => sum + share, 0n));
  const byRemainder = claims.map((_, index) => index).sort((a, b) => {
    if (remainders[a] !== remainders[b]) return remainders[a] > remainders[b] ? -1 : 1;
    return a - b; // ties: the creditor listed first
  });
  for (const index of byRemainder) {
    if (left === 0) break;
    shares[index] += 1n;
    left -= 1;
  }
  return { shares: shares.map(Number), undistributed_cents: 0 };
}

// Free amount minus the buffer, never below 0.
export function suggestedInstalment(freeCents, bufferCents = DEFAULT_BUFFER_CENTS) {
  requireCents(freeCents, 'free_cents', -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  requireCents(bufferCents, 'buffer_cents');
  // Compared before subtracting: free may be near -2^53, where a difference is no longer exact.
  return freeCents <= bufferCents ? 0 : freeCents - bufferCents;
}

export function daysInMonth(year, month) {
  if (month === 2) {
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    return leap ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function addMonths(year, month, count) {
  const index = year * 12 + (month - 1) + count;
  const newMonth = index % 12;
  return [(index - newMonth) / 12, newMonth + 1];
}

const ISO_DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

function parseIsoDate(text) {
  const match = typeof text === 'string' ? ISO_DATE.exec(text) : null;
  if (match !== null) {
    const [year, month, day] = match.slice(1).map(Number);
    if (year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)) {
      return [year, month, day];
    }
  }
  throw new MoneyError('invalid_date', 'schonfrist_end must be a date "YYYY-MM-DD"');
}

function compareTuples(a, b) {
  for (let i = 0; i < a.length; i += 1) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

// Plan to pay off arrears in monthly instalments, the first in the start month.
// instalment_cents null/absent takes the suggestion (free amount − buffer).
// schonfrist_end is "YYYY-MM-DD". due_day is the day of the month an
// instalment is paid; without it the last instalment counts as paid at the end
// of its month, so the Schonfrist warning errs on the side of caution.
export function repaymentPlan({
  arrears_cents: arrearsCents,
  free_cents: freeCents,
  start_year: startYear,
  start_month: startMonth,
  buffer_cents: bufferCents = DEFAULT_BUFFER_CENTS,
  instalment_cents: instalmentCents = null,
  schonfrist_end: schonfristEnd = null,
  due_day: dueDay = null,
}) {
  requireCents(arrearsCents, 'arrears_cents');
  const suggestion = suggestedInstalment(freeCents, bufferCents);
  const instalment = instalmentCents === null ? suggestion : requireCents(instalmentCents, 'instalment_cents');
  if (!(isInt(startYear) && isInt(startMonth) && startYear >= 1 && startYear <= 9999
        && startMonth >= 1 && startMonth <= 12)) {
    throw new MoneyError('invalid_date', 'start month needs a year 1–9999 and a month 1–12');
  }
  const end = schonfristEnd === null ? null : parseIsoDate(schonfristEnd);
  if (dueDay !== null && !(isInt(dueDay) && dueDay >= 1 && dueDay <= 31)) {
    throw new MoneyError('invalid_date', 'due_day must be 1–31');
  }

  const plan = (months, payoff, schedule, warnings) => ({
    suggested_instalment_cents: suggestion,
    instalment_cents: instalment,
    months,
    payoff: payoff === null ? null : { year: payoff[0], month: payoff[1] },
    schedule,
    warnings: warnings.map((code) => ({
      code,
      message: { de: WARNING_MESSAGES[code].de, en: WARNING_MESSAGES[code].en },
    })),
  });

  if (arrearsCents === 0) return plan(0, null, [], []);
  if (instalment === 0) return plan(null, null, [], ['no_plan_possible']);
  const warnings = [];
  if (instalment > freeCents) {
    warnings.push('instalment_exceeds_free');
  } else if (instalment + bufferCents > freeCents) {
    warnings.push('buffer_reduced');
  }

  // arrears + instalment <= 2e9: safe.
  const months = floorDiv(arrearsCents + instalment - 1, instalment);
  const payoff = addMonths(startYear, startMonth, months - 1);
  if (end !== null) {
    const lastDay = daysInMonth(payoff[0], payoff[1]);
    const paidOn = dueDay === null ? lastDay : Math.min(dueDay, lastDay);
    if (compareTuples([payoff[0], payoff[1], paidOn], end) > 0) warnings.push('ends_after_schonfrist');
  }

  const schedule = [];
  if (months > MAX_SCHEDULE_MONTHS) {
    warnings.push('too_long');
  } else {
    let remaining = arrearsCents;
    for (let offset = 0; offset < months; offset += 1) {
      const paid = Math.min(instalment, remaining);
      remaining -= paid;
      const [year, month] = addMonths(startYear, startMonth, offset);
      schedule.push({ year, month, instalment_cents: paid, remaining_cents: remaining });
    }
  }
  return plan(months, payoff, schedule, warnings);
}

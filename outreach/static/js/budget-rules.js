// Budget rules beyond the money basics, in the browser: the same rules as
// outreach/domain/debts.py, entitlements.py, budget_charts.py and budget_plan.evaluate(),
// proven equal by tests/fixtures/money_vectors.json. Documented in docs/money.md.
import {
  MoneyError, budgetSummary, daysInMonth, divRoundHalfUp, floorDiv, isInt, proRata, repaymentPlan, requireCents,
} from '/static/js/money.js';

export const PRIMARY_CLAIMS = ['rent', 'energy', 'maintenance', 'fine'];
export const CLAIM_TYPES = [...PRIMARY_CLAIMS, 'jobcenter_loan', 'consumer_credit', 'telecom', 'insurance', 'tax',
  'health', 'other'];
const BASIC_INCOME = ['buergergeld', 'sgb12'];
const EARNED_INCOME = ['net_wages', 'minijob', 'self_employment'];
const OWN_INCOME = [...EARNED_INCOME, 'alg1', 'pension', 'sick_pay', 'parental_allowance', 'maintenance',
  'advance_maintenance', 'bafoeg_bab'];
export const BAR_WIDTH = 280;
export const ARREARS_HEIGHT = 100;
export const MAX_MONTH_BARS = 60;

export function priority(claimType) {
  if (!CLAIM_TYPES.includes(claimType)) throw new MoneyError('invalid_item', `unknown claim type ${claimType}`);
  return PRIMARY_CLAIMS.includes(claimType) ? 'primary' : 'secondary';
}

function debtTotal(debt) {
  const parts = ['principal_cents', 'interest_cents', 'costs_cents'].map((name) => requireCents(debt[name] ?? 0, name));
  priority(debt.claim_type);
  return parts[0] + parts[1] + parts[2];
}

// Primary debts first (pro rata, never beyond their total), the rest pro rata to the others.
export function creditorSplit(availableCents, debts) {
  requireCents(availableCents, 'available_cents');
  if (!Array.isArray(debts)) throw new MoneyError('invalid_item', 'debts must be a list');
  const totals = debts.map(debtTotal);
  const shares = debts.map(() => 0);
  let left = availableCents;
  const given = {};
  for (const klass of ['primary', 'secondary']) {
    const indices = debts.map((debt, index) => index).filter((index) => priority(debts[index].claim_type) === klass);
    const claims = indices.map((index) => totals[index]);
    const total = claims.reduce((sum, claim) => sum + claim, 0);
    if (!Number.isSafeInteger(total)) throw new MoneyError('invalid_amount', 'claims exceed what can be added exactly');
    const amount = Math.min(left, total);
    if (claims.length) proRata(amount, claims).shares.forEach((share, i) => { shares[indices[i]] = share; });
    given[klass] = claims.length && total ? amount : 0;
    left -= given[klass];
  }
  return { shares, primary_cents: given.primary, secondary_cents: given.secondary, undistributed_cents: left };
}

export function setoffCents(standardRateCents, percent) {
  requireCents(standardRateCents, 'standard_rate_cents');
  if (!isInt(percent) || percent < 0 || percent > 100) {
    throw new MoneyError('invalid_amount', 'percent must be an integer from 0 to 100');
  }
  return divRoundHalfUp(standardRateCents * percent, 100);
}

// § 850c ZPO orientation (no table steps); attachable amounts round down to the cent.
export function garnishment(incomeCents, dependants, { base_cents: base, first_cents: first, further_cents: further,
  fully_attachable_above_cents: ceiling }) {
  requireCents(incomeCents, 'income_cents', 0, Number.MAX_SAFE_INTEGER); // a monthly total, not one entry
  [base, first, further, ceiling].forEach((value, i) => requireCents(value, `reference ${i}`));
  if (!isInt(dependants) || dependants < 0 || dependants > 20) {
    throw new MoneyError('invalid_amount', 'dependants must be an integer from 0 to 20');
  }
  const counted = Math.min(dependants, 5);
  const exempt = base + (counted >= 1 ? first : 0) + further * Math.max(0, counted - 1);
  if (incomeCents <= exempt) return { exempt_cents: exempt, attachable_cents: 0 };
  const freeTenths = 3 + (counted >= 1 ? 2 : 0) + Math.max(0, counted - 1);
  const within = Math.max(0, Math.min(incomeCents, ceiling) - exempt);
  const above = Math.max(0, incomeCents - Math.max(ceiling, exempt));
  return { exempt_cents: exempt, attachable_cents: floorDiv(within * (10 - freeTenths), 10) + above };
}

export function kindergeldCheck(kindergeldMonthlyCents, children, rateCents) {
  requireCents(kindergeldMonthlyCents, 'kindergeld_monthly_cents', 0, Number.MAX_SAFE_INTEGER);
  requireCents(rateCents, 'rate_cents');
  if (!isInt(children) || children < 0) throw new MoneyError('invalid_amount', 'children must be an integer >= 0');
  if (rateCents === 0) return null;
  if (kindergeldMonthlyCents % rateCents) return { code: 'kindergeld_not_whole_rates', rate_cents: rateCents };
  if (kindergeldMonthlyCents < children * rateCents) {
    return { code: 'kindergeld_missing', rate_cents: rateCents, expected_cents: children * rateCents, children };
  }
  return null;
}

export function entitlementHints(freeCents, categories, { children, outside_benefit_unit: outside,
  kinderzuschlag_max_cents: kizMax }) {
  requireCents(kizMax, 'kinderzuschlag_max_cents');
  if (!isInt(freeCents) || !isInt(children) || !isInt(outside)) {
    throw new MoneyError('invalid_amount', 'free amount and counts must be integers');
  }
  if (freeCents >= 0) return [];
  const gap = -freeCents;
  const hints = [];
  let covers = false;
  if (categories.some((c) => OWN_INCOME.includes(c))) {
    const possible = categories.some((c) => EARNED_INCOME.includes(c)) ? children * kizMax : 0;
    covers = possible >= gap;
    hints.push({ code: 'wohngeld_first', gap_cents: gap, children, kinderzuschlag_cents: possible,
      kinderzuschlag_may_cover: covers });
  }
  if (outside && categories.some((c) => BASIC_INCOME.includes(c))) {
    hints.push({ code: 'wohngeld_outside_benefit_unit', members: outside });
  }
  if (!covers) hints.push({ code: 'top_up', gap_cents: gap });
  return hints;
}

export function budgetBars(incomeCents, deductionCents, expenseCents) {
  [incomeCents, deductionCents, expenseCents].forEach((v, i) => requireCents(v, `bar ${i}`, 0, Number.MAX_SAFE_INTEGER));
  const available = incomeCents - deductionCents;
  const free = available - expenseCents;
  const values = [['income', available], ['expenses', expenseCents], ['free', free]];
  const longest = Math.max(...values.map(([, value]) => Math.abs(value)));
  return {
    bars: values.map(([key, value]) => ({
      key, cents: value, width: longest ? divRoundHalfUp(Math.abs(value) * BAR_WIDTH, longest) : 0, negative: value < 0,
    })),
  };
}

export function arrearsBars(arrearsCents, remainingCents) {
  requireCents(arrearsCents, 'arrears_cents');
  const shown = remainingCents.slice(0, MAX_MONTH_BARS).map((r) => requireCents(r, 'remaining_cents'));
  const width = shown.length ? floorDiv(BAR_WIDTH, shown.length) : 0;
  return {
    bar_width: width,
    bars: shown.map((r, index) => ({
      x: index * width, height: arrearsCents ? divRoundHalfUp(r * ARREARS_HEIGHT, arrearsCents) : 0, cents: r,
    })),
    truncated: remainingCents.length > MAX_MONTH_BARS,
  };
}

function ref(references, key) {
  const value = references[key];
  return isInt(value) ? value : 0;
}

// Every figure of a plan (the payload the form sends), as budget_plan.evaluate() gives it.
export function evaluatePlan(plan, context) {
  const refs = context.references;
  const items = plan.items.map((i) => ({
    kind: i.kind, category: i.category, amount_cents: i.amount_cents, rhythm: i.rhythm,
    member: i.member_id || null, attachable: i.attachable,
  }));
  const setoffs = plan.setoffs.map((row) => {
    const cents = setoffCents(ref(refs, `standard_rate_${row.level}`), ref(refs, 'jobcenter_setoff_percent'));
    items.push({ kind: 'deduction', category: 'jobcenter_setoff', amount_cents: cents, rhythm: 'monthly',
      member: row.member_id || null, attachable: false });
    return { member_id: row.member_id, level: row.level, monthly_cents: cents };
  });
  const summary = budgetSummary(items);
  const terms = plan.plan;
  const [year, month] = terms.start.split('-').map(Number);
  const repayment = repaymentPlan({
    arrears_cents: terms.arrears_cents, free_cents: summary.free_cents, start_year: year, start_month: month,
    buffer_cents: terms.buffer_cents, instalment_cents: terms.instalment_cents,
    schonfrist_end: context.schonfrist_end ?? null, due_day: terms.due_day,
  });
  const split = creditorSplit(plan.creditor_amount_cents ?? 0, plan.debts);
  const kindergeld = items.reduce((sum, item, i) => sum + (item.category === 'kindergeld' ? summary.monthly_cents[i] : 0), 0);
  const kindergeldHint = kindergeldCheck(kindergeld, context.children, ref(refs, 'kindergeld_per_child'));
  const hints = entitlementHints(summary.free_cents, items.filter((i) => i.kind === 'income').map((i) => i.category), {
    children: context.children, outside_benefit_unit: plan.outside_benefit_unit.length,
    kinderzuschlag_max_cents: ref(refs, 'kinderzuschlag_max_per_child'),
  });
  // § 850c ZPO protects each debtor: with a debtor chosen, only that person's attachable income counts.
  const debtor = plan.debtor_member_id || '';
  const attachable = items.reduce((sum, item, i) => sum + (item.kind === 'income' && item.attachable
    && (!debtor || item.member === debtor) ? summary.monthly_cents[i] : 0), 0);
  let payoffOn = null;
  if (repayment.payoff) { // the day the last instalment is paid: the due day, else the month's last day
    const lastDay = daysInMonth(repayment.payoff.year, repayment.payoff.month);
    const day = terms.due_day ? Math.min(terms.due_day, lastDay) : lastDay;
    payoffOn = `${String(repayment.payoff.year).padStart(4, '0')}-${String(repayment.payoff.month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  }
  return {
    summary,
    setoffs,
    repayment: { ...repayment, payoff_on: payoffOn },
    debts: { totals_cents: plan.debts.map(debtTotal), priorities: plan.debts.map((d) => priority(d.claim_type)), ...split },
    garnishment: {
      ...garnishment(attachable, plan.dependants, {
        base_cents: ref(refs, 'garnishment_exempt_base'), first_cents: ref(refs, 'garnishment_exempt_first'),
        further_cents: ref(refs, 'garnishment_exempt_further'),
        fully_attachable_above_cents: ref(refs, 'garnishment_fully_attachable_above'),
      }),
      income_cents: attachable,
      debtor_member_id: debtor,
    },
    hints: [...(kindergeldHint ? [kindergeldHint] : []), ...hints],
    charts: {
      budget: budgetBars(summary.income_cents, summary.deduction_cents, summary.expense_cents),
      arrears: arrearsBars(terms.arrears_cents, repayment.schedule.map((row) => row.remaining_cents)),
    },
  };
}

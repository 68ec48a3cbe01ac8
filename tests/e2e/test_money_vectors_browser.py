"""The money rules in real Chromium give exactly what the shared vectors expect (as Python does)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.conftest import static_url

VECTORS = json.loads(
    (Path(__file__).resolve().parents[1] / "fixtures/money_vectors.json").read_text(encoding="utf-8")
)["vectors"]

# Loads the module the pages use and answers each vector as JSON: the result, or
# {"error": code} for a MoneyError. Anything else thrown is reported, never hidden.
RUN_VECTORS_JS = """
async ([vectors, moneyUrl, rulesUrl]) => {
  const money = await import(moneyUrl);
  const rules = await import(rulesUrl);
  const call = (op, input) => {
    switch (op) {
      case 'parse': return money.parseAmount(input.text);
      case 'format': return money.formatCents(input.cents);
      case 'monthly': return money.monthlyCents(input.cents, input.rhythm);
      case 'budget': return money.budgetSummary(input.items);
      case 'pro_rata': return money.proRata(input.available_cents, input.claims_cents);
      case 'plan': return money.repaymentPlan(input);
      case 'creditor_split': return rules.creditorSplit(input.available_cents, input.debts);
      case 'setoff': return rules.setoffCents(input.standard_rate_cents, input.percent);
      case 'garnishment': return rules.garnishment(input.income_cents, input.dependants, input);
      case 'kindergeld': return rules.kindergeldCheck(input.kindergeld_monthly_cents, input.children, input.rate_cents);
      case 'hints': return rules.entitlementHints(input.free_cents, input.categories, input);
      case 'budget_bars': return rules.budgetBars(input.income_cents, input.deduction_cents, input.expense_cents);
      case 'arrears_bars': return rules.arrearsBars(input.arrears_cents, input.remaining_cents);
      case 'evaluate': return rules.evaluatePlan(input.plan, input.context);
      default: throw new Error(`unknown op ${op}`);
    }
  };
  return vectors.map((vector) => {
    try {
      return call(vector.op, vector.input);
    } catch (error) {
      if (error instanceof money.MoneyError) return { error: error.code };
      return { unexpected: String(error) };
    }
  });
}
"""


def test_every_money_vector_gives_the_same_answer_in_chromium(page, live_app_factory):
    server = live_app_factory()
    page.goto(server.url + "/offline")
    # The hashed names the pages use (budget-rules imports money by its hashed name: one module).
    modules = [static_url(server.app, "js/money.js"), static_url(server.app, "js/budget-rules.js")]
    results = page.evaluate(RUN_VECTORS_JS, [VECTORS, *modules])
    assert len(results) == len(VECTORS)
    mismatches = [
        {"id": vector["id"], "note": vector["note"], "expected": vector["expected"], "got": result}
        for vector, result in zip(VECTORS, results)
        if result != vector["expected"]
    ]
    assert mismatches == []

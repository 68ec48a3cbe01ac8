// The budget form: every change recomputes the figures, hints and pictures at once (offline too,
// with the same rules as the server); saving puts a mutation into the outbox first, shows it as
// "not yet sent", then asks the sync to send it. What is typed stays in the fields: an amount
// that cannot be read is marked with the reason and left out of the figures until corrected.
import { deviceId } from "/static/js/device.js";
import { currentPerson, newId, openOutbox } from "/static/js/outbox.js";
import { t } from "/static/js/messages.js";
import { renderPending } from "/static/js/pending.js";
import { MoneyError, formatCents, parseAmount } from "/static/js/money.js";
import { evaluatePlan } from "/static/js/budget-rules.js";
import { drawCharts, fill } from "/static/js/budget-charts.js";

const form = document.getElementById("budget-form");
const context = JSON.parse(form.dataset.context);
const texts = context.texts;
const lang = document.documentElement.lang === "en" ? "en" : "de";
let counter = 0;

const out = (name) => form.querySelector(`[data-out="${name}"]`);
const plain = (cents) => formatCents(cents).replace("\u00a0€", "");

function mark(input, message) {
  const echo = document.getElementById(input.getAttribute("aria-describedby") || "");
  if (message) input.setAttribute("aria-invalid", "true");
  else input.removeAttribute("aria-invalid");
  if (echo) {
    echo.classList.toggle("error-text", Boolean(message));
    if (message) echo.textContent = message;
  }
}

// {cents} | {empty: true} | {error}; the echo shows the value as read ("12,50 €") or why not.
function readAmount(input) {
  const echo = document.getElementById(input.getAttribute("aria-describedby") || "");
  if (input.value.trim() === "") {
    mark(input, "");
    if (echo) echo.textContent = "";
    return { empty: true };
  }
  const result = parseAmount(input.value);
  if (!result.ok) {
    mark(input, result.message[lang]);
    return { error: result.code };
  }
  mark(input, "");
  if (echo) echo.textContent = result.echo;
  return { cents: result.cents };
}

function field(row, name) {
  return row.querySelector(`[data-field="${name}"]`);
}

function collect() {
  let invalid = 0;
  const itemRows = [];
  const items = [];
  for (const row of form.querySelectorAll('[data-row="income"], [data-row="expense"]')) {
    const amount = readAmount(field(row, "amount"));
    if (amount.error) invalid += 1;
    if (amount.empty && field(row, "label").value.trim()) {
      mark(field(row, "amount"), texts.amount_required); // a described row without an amount is not dropped
      invalid += 1;
    }
    if (amount.cents === undefined) continue;
    itemRows.push(row);
    items.push({
      kind: row.dataset.row, category: field(row, "category").value, member_id: field(row, "member_id").value,
      amount_cents: amount.cents, rhythm: field(row, "rhythm").value,
      attachable: row.dataset.row === "income" && field(row, "attachable").checked, label: field(row, "label").value.trim(),
    });
  }
  const setoffRows = [...form.querySelectorAll('[data-row="setoff"]')];
  const setoffs = setoffRows.map((row) => ({ member_id: field(row, "member_id").value, level: Number(field(row, "level").value) }));
  const debtRows = [];
  const debts = [];
  for (const row of form.querySelectorAll('[data-row="debt"]')) {
    const parts = Object.fromEntries(["principal", "interest", "costs"].map((name) => [name, readAmount(field(row, name))]));
    const creditor = field(row, "creditor");
    const touched = creditor.value.trim() || Object.values(parts).some((p) => !p.empty);
    if (!touched) continue;
    const broken = Object.values(parts).some((p) => p.error);
    if (!creditor.value.trim()) {
      mark(creditor, texts.creditor_required);
      invalid += 1;
      continue;
    }
    mark(creditor, "");
    if (broken) {
      invalid += 1;
      continue;
    }
    debtRows.push(row);
    debts.push({
      creditor: creditor.value.trim(), representative: field(row, "representative").value.trim(),
      reference: field(row, "reference").value.trim(), claim_type: field(row, "claim_type").value,
      principal_cents: parts.principal.cents ?? 0, interest_cents: parts.interest.cents ?? 0,
      costs_cents: parts.costs.cents ?? 0, titled: field(row, "titled").checked,
    });
  }
  const planAmount = (name, fallback) => {
    const value = readAmount(form.elements[name]);
    if (value.error) invalid += 1;
    return value.cents ?? fallback;
  };
  const dependants = Number(form.elements.dependants.value || 0);
  const dependantsOk = Number.isInteger(dependants) && dependants >= 0 && dependants <= 20;
  mark(form.elements.dependants, dependantsOk ? "" : "!");
  if (!dependantsOk) invalid += 1;
  const start = form.elements.start.value;
  const startYear = Number(start.slice(0, 4));
  const startOk = /^\d{4}-(0[1-9]|1[0-2])$/.test(start) && startYear >= 2000 && startYear <= 2100;
  mark(form.elements.start, startOk ? "" : "!");
  if (!startOk) invalid += 1;
  const dueDay = form.elements.due_day.value ? Number(form.elements.due_day.value) : null;
  const dueOk = dueDay === null || (Number.isInteger(dueDay) && dueDay >= 1 && dueDay <= 31);
  mark(form.elements.due_day, dueOk ? "" : "!");
  if (!dueOk) invalid += 1;
  const payload = {
    case_id: form.dataset.caseId, items, setoffs, debts,
    outside_benefit_unit: [...form.querySelectorAll("[data-outside]:checked")].map((box) => box.value),
    dependants: dependantsOk ? dependants : 0,
    debtor_member_id: form.elements.debtor_member_id.value,
    creditor_amount_cents: planAmount("creditor_amount", null),
    plan: {
      arrears_cents: planAmount("arrears", 0), buffer_cents: planAmount("buffer", 0),
      instalment_cents: planAmount("instalment", null), start: startOk ? start : "2000-01", due_day: dueOk ? dueDay : null,
    },
    note: form.elements.note.value,
    resolves: (form.dataset.resolves || "").split(" ").filter(Boolean),
  };
  return { payload, invalid, itemRows, setoffRows, debtRows };
}

function hintText(hint) {
  const code = hint.code === "wohngeld_first" && hint.kinderzuschlag_may_cover ? "wohngeld_first_covers" : hint.code;
  return fill(texts.hints[code], {
    gap: formatCents(hint.gap_cents ?? 0), children: hint.children ?? 0, members: hint.members ?? 0,
    kinderzuschlag: formatCents(hint.kinderzuschlag_cents ?? 0), rate: formatCents(hint.rate_cents ?? 0),
    expected: formatCents(hint.expected_cents ?? 0),
  });
}

function listOf(target, entries, make) {
  target.replaceChildren(...entries.map(make));
}

function render(collected, evaluation) {
  const { summary, repayment, debts, garnishment: seizable } = evaluation;
  out("income").textContent = formatCents(summary.income_cents);
  out("deductions").textContent = formatCents(summary.deduction_cents);
  out("expenses").textContent = formatCents(summary.expense_cents);
  out("free").textContent = formatCents(summary.free_cents);
  out("free-bar").textContent = formatCents(summary.free_cents);
  out("negative").hidden = !summary.free_is_negative;
  listOf(out("hints"), evaluation.hints, (hint) => Object.assign(document.createElement("li"), { textContent: hintText(hint) }));
  out("attachable").textContent = formatCents(seizable.income_cents);
  out("exempt").textContent = formatCents(seizable.exempt_cents);
  out("seizable").textContent = formatCents(seizable.attachable_cents);
  out("suggested").textContent = formatCents(repayment.suggested_instalment_cents);
  out("instalment").textContent = formatCents(repayment.instalment_cents);
  out("months").textContent = repayment.months === null ? "–" : String(repayment.months);
  out("payoff").textContent = repayment.payoff_on
    ? new Date(`${repayment.payoff_on}T12:00:00`).toLocaleDateString(document.documentElement.lang, { dateStyle: "medium" }) : "–";
  listOf(out("warnings"), repayment.warnings, (warning) => {
    const item = Object.assign(document.createElement("li"), { className: "warning", textContent: warning.message[lang] });
    item.dataset.code = warning.code;
    return item;
  });
  listOf(out("schedule"), repayment.schedule, (entry) => {
    const line = document.createElement("tr");
    for (const [text, amount] of [[`${String(entry.month).padStart(2, "0")}/${entry.year}`, false],
      [formatCents(entry.instalment_cents), true], [formatCents(entry.remaining_cents), true]]) {
      line.append(Object.assign(document.createElement("td"), { textContent: text, className: amount ? "amount" : "" }));
    }
    return line;
  });
  collected.itemRows.forEach((row, index) => {
    row.querySelector("[data-monthly]").textContent = `${texts.per_month}: ${formatCents(summary.monthly_cents[index])}`;
  });
  collected.setoffRows.forEach((row, index) => {
    row.querySelector("[data-monthly]").textContent = `${texts.per_month}: ${formatCents(evaluation.setoffs[index].monthly_cents)}`;
  });
  collected.debtRows.forEach((row, index) => {
    row.querySelector("[data-share]").textContent = `${formatCents(debts.totals_cents[index])} · `
      + `${texts.priorities[debts.priorities[index]]} · ${texts.share}: ${formatCents(debts.shares[index])}`;
  });
  out("debts-total").textContent = formatCents(debts.totals_cents.reduce((sum, cents) => sum + cents, 0));
  out("undistributed").textContent = formatCents(debts.undistributed_cents);
  drawCharts(form, evaluation.charts, texts);
}

function update() {
  const collected = collect();
  const note = out("invalid");
  note.hidden = collected.invalid === 0;
  note.textContent = fill(texts.needs_fix, { n: collected.invalid });
  try {
    const evaluation = evaluatePlan(collected.payload, context);
    render(collected, evaluation);
    return { ...collected, evaluation };
  } catch (error) {
    if (!(error instanceof MoneyError)) throw error;
    note.hidden = false;
    note.textContent = texts.not_computable;
    return { ...collected, invalid: collected.invalid + 1 };
  }
}

function addRow(kind, values = {}) {
  const template = document.getElementById(`row-${kind}`);
  const row = template.content.firstElementChild.cloneNode(true);
  counter += 1;
  for (const node of [row, ...row.querySelectorAll("*")]) {
    for (const attribute of ["id", "for", "aria-describedby"]) {
      const value = node.getAttribute(attribute);
      if (value && value.includes("__N__")) node.setAttribute(attribute, value.replace("__N__", `new${counter}`));
    }
  }
  for (const [name, value] of Object.entries(values)) {
    const input = field(row, name);
    if (!input) continue;
    if (input.type === "checkbox") input.checked = Boolean(value);
    else input.value = value;
  }
  form.querySelector(`[data-rows="${kind}"]`).append(row);
  return row;
}

function fillFrom(payload) {
  for (const list of form.querySelectorAll("[data-rows]")) list.replaceChildren();
  for (const item of payload.items) {
    addRow(item.kind, { ...item, amount: plain(item.amount_cents) });
  }
  for (const row of payload.setoffs) addRow("setoff", row);
  for (const debt of payload.debts) {
    addRow("debt", { ...debt, principal: plain(debt.principal_cents), interest: debt.interest_cents ? plain(debt.interest_cents) : "",
      costs: debt.costs_cents ? plain(debt.costs_cents) : "" });
  }
  for (const box of form.querySelectorAll("[data-outside]")) box.checked = payload.outside_benefit_unit.includes(box.value);
  form.elements.dependants.value = payload.dependants;
  form.elements.debtor_member_id.value = payload.debtor_member_id || "";
  form.elements.creditor_amount.value = payload.creditor_amount_cents === null ? "" : plain(payload.creditor_amount_cents);
  form.elements.arrears.value = plain(payload.plan.arrears_cents) || "0";
  form.elements.buffer.value = plain(payload.plan.buffer_cents) || "0";
  form.elements.instalment.value = payload.plan.instalment_cents === null ? "" : plain(payload.plan.instalment_cents);
  form.elements.start.value = payload.plan.start;
  form.elements.due_day.value = payload.plan.due_day ?? "";
  form.elements.note.value = payload.note;
}

async function save() {
  const message = form.querySelector("[data-form-message]");
  const state = update();
  if (state.invalid) {
    message.textContent = texts.fix_before_save;
    const first = form.querySelector('[aria-invalid="true"]');
    if (first) {
      const fold = first.closest("details");
      if (fold) fold.open = true; // a folded part opens to show what to correct
      first.focus();
    }
    return;
  }
  const person = currentPerson();
  const box = await openOutbox(person);
  const mutation = {
    id: newId(), kind: form.dataset.outboxForm, entity_id: form.dataset.planId,
    base_revision: form.dataset.baseRevision || null, schema_version: Number(form.dataset.schemaVersion),
    payload: state.payload, author: person, device_id: await deviceId(), device_time: new Date().toISOString(),
  };
  await box.put({
    id: mutation.id, mutation, state: "waiting", saved_at: Date.now(), case_id: form.dataset.caseId,
    title: texts.title, excerpt: `${texts.free}: ${formatCents(state.evaluation.summary.free_cents)}`,
  });
  if (form.dataset.replaces) {
    await box.remove(form.dataset.replaces); // stored first: the corrected version takes the rejected one's place
    delete form.dataset.replaces;
  }
  form.dataset.baseRevision = mutation.id; // a further save builds on this one
  form.dataset.resolves = "";
  await renderPending();
  message.textContent = t.saved;
  document.dispatchEvent(new CustomEvent("outreach:saved"));
  if (navigator.serviceWorker && navigator.serviceWorker.ready) {
    navigator.serviceWorker.ready.then((registration) => registration.sync && registration.sync.register("outbox")).catch(() => {});
  }
}

form.addEventListener("input", update);
form.addEventListener("change", (event) => {
  const row = event.target.closest('[data-row="income"]');
  if (row && event.target.dataset.field === "category" && !row.dataset.attachableTouched) {
    field(row, "attachable").checked = context.attachable_by_default.includes(event.target.value);
  }
  if (row && event.target.dataset.field === "attachable") row.dataset.attachableTouched = "1";
  update();
});
form.addEventListener("click", (event) => {
  const add = event.target.closest("[data-add]");
  if (add) {
    const row = addRow(add.dataset.add);
    if (add.dataset.add === "income") field(row, "attachable").checked = context.attachable_by_default.includes(field(row, "category").value);
    row.querySelector("select, input").focus();
    update();
  }
  const remove = event.target.closest("[data-remove]");
  if (remove) {
    remove.closest("[data-row]").remove();
    update();
  }
});
form.addEventListener("submit", (event) => {
  event.preventDefault();
  save();
});
document.addEventListener("outreach:fix", (event) => {
  if (event.detail.mutation.kind !== form.dataset.outboxForm) return;
  fillFrom(event.detail.mutation.payload);
  form.dataset.baseRevision = event.detail.mutation.base_revision || "";
  form.dataset.replaces = event.detail.id;
  form.querySelector("[data-form-message]").textContent = "";
  update();
  form.scrollIntoView();
});
// A cached form shows the plan as the server had it; a newer version may wait on this phone.
// Show that one and build on it, so a later save is not a conflict with oneself.
async function resumeUnsent() {
  const person = currentPerson();
  if (!person) return;
  const box = await openOutbox(person);
  const waiting = (await box.forCase(form.dataset.caseId))
    .filter((item) => item.mutation.kind === form.dataset.outboxForm && item.state === "waiting")
    .sort((a, b) => a.saved_at - b.saved_at);
  const newest = waiting[waiting.length - 1];
  if (!newest) return;
  fillFrom(newest.mutation.payload);
  form.dataset.baseRevision = newest.mutation.id;
  form.dataset.resolves = "";
  const notice = document.querySelector("[data-unsent-notice]");
  notice.textContent = texts.showing_unsent;
  notice.hidden = false;
  update();
}

update();
resumeUnsent();

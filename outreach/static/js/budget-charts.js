// Draws the tenant's pictures from the chart geometry (budget-rules.js), element for element as
// templates/budgets/_charts.html does on the server, so the live form and the copy look the same.
import { formatCents } from "/static/js/money.js";

const SVG = "http://www.w3.org/2000/svg";
const BAR_FILL = { income: "#1e6b35", expenses: "#7a1f2b", free: "#1a5fb4" };

function element(name, attributes, text) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

function keepHeading(svg) {
  for (const child of [...svg.children]) if (!["title", "desc"].includes(child.tagName)) child.remove();
}

export function fill(template, values) {
  return template.replace(/%\((\w+)\)s/g, (match, key) => (key in values ? String(values[key]) : match));
}

export function drawCharts(root, charts, texts) {
  const budget = root.querySelector('svg[data-chart="budget"]');
  if (budget) {
    keepHeading(budget);
    charts.budget.bars.forEach((bar, index) => {
      const label = `${texts.bars[bar.key]}: ${formatCents(bar.cents)}`;
      budget.append(element("text", { x: 0, y: 12 + index * 38, class: "chart-label", "font-size": 11 }, label));
      budget.append(element("rect", { x: 0, y: 17 + index * 38, width: bar.width, height: 16, "data-bar": bar.key,
        fill: bar.negative ? "#a4161a" : BAR_FILL[bar.key] }));
    });
    budget.querySelector("desc").textContent = charts.budget.bars
      .map((bar) => `${texts.bars[bar.key]}: ${formatCents(bar.cents)}`).join("; ");
  }
  const arrears = root.querySelector('svg[data-chart="arrears"]');
  if (arrears) {
    const { bars, bar_width: width, truncated } = charts.arrears;
    keepHeading(arrears);
    for (const bar of bars) {
      arrears.append(element("rect", { x: bar.x, y: 110 - bar.height, width: Math.max(width - 1, 1), height: bar.height,
        "data-bar": "month", fill: "#8a4b00" }));
    }
    arrears.append(element("line", { x1: 0, y1: 110.5, x2: 280, y2: 110.5, stroke: "#1b1b1b", "stroke-width": 1 }));
    arrears.querySelector("desc").textContent = bars.length
      ? fill(texts.arrears_desc, { months: bars.length, first: formatCents(bars[0].cents),
        last: formatCents(bars[bars.length - 1].cents) }) + (truncated ? ` (${texts.truncated})` : "")
      : "";
    arrears.closest("figure").hidden = bars.length === 0;
  }
}

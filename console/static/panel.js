// The customer's 360° panel of the open case ("guest, not verified" for a guest).
import { call, el, errorOf } from "/static/api.js";

const REASONS = {
  asked: "asked for a person", fallback: "the assistant did not understand",
  escalation: "escalated", accepted_offer: "accepted an offer", agent_pick: "picked by an agent",
};

export function reasonText(reason) {
  return REASONS[reason] || reason;
}

function money(amount, currency) {
  return amount === null || amount === undefined ? "" : `${amount} ${currency || ""}`.trim();
}

function day(iso) {
  return iso ? new Date(iso).toLocaleDateString() : "";
}

function facts(pairs) {
  const list = el("dl");
  for (const [name, value] of pairs) {
    if (value === null || value === undefined || value === "") continue;
    list.append(el("dt", {}, name), el("dd", {}, value));
  }
  return list;
}

function section(title, items, line) {
  if (!items || !items.length) return null;
  return el("section", {}, el("h3", {}, title), el("ul", {}, ...items.map((i) => el("li", {}, line(i)))));
}

export async function showCustomer(caseId) {
  const box = document.getElementById("customer");
  box.replaceChildren(el("span", { className: "muted" }, "Loading…"));
  const result = await call("GET", `/api/cases/${caseId}/customer`);
  if (!result.ok) {
    box.replaceChildren(el("p", { className: "error" }, errorOf(result)));
    return;
  }
  const c = result.body;
  if (!c.verified) {
    box.replaceChildren(el("p", { className: "guest", "data-testid": "customer-guest" }, c.label));
    return;
  }
  const parts = [
    el("p", { "data-testid": "customer-name" }, el("strong", {}, c.name), ` — ${c.label}`),
    facts([
      ["E-mail", c.email], ["Account", c.account_type],
      ["Place", [c.city, c.country].filter(Boolean).join(", ")],
      ["Since", day(c.customer_since)], ["Orders", c.order_count],
      ["Spent", money(c.lifetime_spend, c.currency)], ["Segment", c.segment],
      ["Propensity", c.propensity === null ? null : `${Math.round(c.propensity * 100)}%`],
      ["Marketing", c.marketing_consent ? "consented" : "no consent"],
    ]),
    section("Recent orders", c.orders, (o) =>
      `#${o.order_id} ${day(o.placed_at)} · ${o.status} · ${money(o.total, o.currency)}` +
      (o.carrier ? ` · ${o.carrier} ${o.tracking_number || ""} ${o.last_scan || ""}` : "")),
    section("Open returns", c.open_returns, (r) =>
      `#${r.order_id} · ${r.return_status}${r.refund_status ? ` · refund ${r.refund_status}` : ""}`),
    section("Tickets", c.tickets, (t) => `#${t.ticket_id} ${t.category} · ${t.status} · ${t.summary}`),
    section("Offers", c.offers, (o) => `${o.product_name} · ${o.status} · ${o.reason}`),
  ];
  box.replaceChildren(...parts.filter(Boolean));
}

export function clearCustomer() {
  document.getElementById("customer").replaceChildren(el("span", { className: "muted" }, "No case open."));
}

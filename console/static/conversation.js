// The open case: transcript (customer, bot, agent, system lines and private notes styled
// apart), the composer with canned replies ("/"), and the case's actions.
import { call, el, errorOf } from "/static/api.js";
import { clearCustomer, reasonText, showCustomer } from "/static/panel.js";

const state = { me: null, detail: null, canWrite: false, seen: new Set(), canned: [], cannedIndex: 0, typingTimer: 0, typingSent: false, customerTypingTimer: 0 };
let onChange = () => {};
const $ = (id) => document.getElementById(id);

export function setUp(me, changed) {
  state.me = me;
  onChange = changed;
  $("claim").addEventListener("click", () => act("claim"));
  $("handback").addEventListener("click", () => act("handback"));
  $("open-transfer").addEventListener("click", openTransfer);
  $("open-close").addEventListener("click", () => toggle("close-form"));
  $("transfer-form").addEventListener("submit", transfer);
  $("close-form").addEventListener("submit", closeCase);
  for (const cancel of document.querySelectorAll("[data-cancel]")) {
    cancel.addEventListener("click", () => { cancel.closest("form").hidden = true; });
  }
  $("composer-form").addEventListener("submit", (e) => { e.preventDefault(); send(); });
  $("add-note").addEventListener("click", addNote);
  $("send-product").addEventListener("click", sendProduct);
  const composer = $("composer");
  composer.addEventListener("input", composerInput);
  composer.addEventListener("keydown", composerKeys);
}

export function currentCaseId() {
  return state.detail ? state.detail.case.case_id : null;
}

function flash(text) {
  $("flash").textContent = text || "";
}

function who(entry) {
  if (entry.kind === "customer") {
    const understood = entry.intent
      ? ` · ${entry.intent}${entry.confidence === null ? "" : ` ${Math.round(entry.confidence * 100)}%`}`
      : "";
    return `Customer${understood}`;
  }
  if (entry.kind === "bot") return "Assistant";
  if (entry.kind === "agent") return entry.agent_name || "Agent";
  return null;
}

function entryNode(entry) {
  const node = el("li", { className: `msg msg-${entry.kind}`, "data-testid": `msg-${entry.kind}`, "data-event-id": entry.event_id });
  const label = who(entry);
  if (label) node.append(el("span", { className: "who" }, label));
  node.append(entry.text || "");
  const cards = (entry.custom && entry.custom.cards) || [];
  for (const card of cards) {
    node.append(el("span", { className: "card-line" }, `🛍 ${card.name} · ${card.price} ${card.currency || ""}`));
  }
  for (const button of entry.buttons || []) {
    node.append(el("span", { className: "card-line" }, `[${button.title}]`));
  }
  return node;
}

function noteNode(note) {
  if (note.kind === "system") {
    return el("li", { className: "msg msg-system", "data-testid": "msg-case-system" }, note.text);
  }
  return el("li", { className: "msg msg-note", "data-testid": "msg-note" },
    el("span", { className: "who" }, `Private note · ${note.agent_name || ""}`), note.text);
}

function time(value) {
  return value ? Date.parse(value) : 0;
}

function renderTranscript() {
  const list = $("transcript");
  const lines = [
    ...state.detail.transcript.map((e) => ({ at: time(e.at), node: entryNode(e) })),
    ...state.detail.notes.map((n) => ({ at: time(n.created_at), node: noteNode(n) })),
  ].sort((a, b) => a.at - b.at);
  list.replaceChildren(...lines.map((l) => l.node));
  list.scrollTop = list.scrollHeight;
}

function renderHead() {
  const c = state.detail.case;
  const mine = c.assignee_id === state.me.id;
  const open = c.status !== "closed";
  // The title is the customer's own first words; the ticket summary stays in the 360 panel.
  const title = (c.first_message || c.summary || "Conversation").split("\n")[0];
  $("case-title").textContent = `${title.length > 90 ? title.slice(0, 89) + "…" : title} · case ${c.case_id}`;
  $("case-meta").textContent = [
    c.status.replace("_", " "), `priority ${c.priority}`, reasonText(c.reason),
    c.assignee_name ? `with ${c.assignee_name}` : "unassigned", c.customer_id ? "verified customer" : "guest, not verified",
  ].join(" · ");
  $("claim").hidden = !(open && c.status === "queued" && !c.assignee_id);
  $("handback").hidden = !(open && mine && c.status === "assigned");
  $("open-transfer").hidden = !open;
  $("open-close").hidden = !(open && (mine || state.me.role === "supervisor"));
  const canWrite = open && mine && c.status === "assigned";
  state.canWrite = canWrite;
  $("composer").disabled = !open;  // a colleague may still add a private note
  for (const id of ["send-product", "product-sku"]) $(id).disabled = !canWrite;
  $("composer-form").querySelector('[type="submit"]').disabled = !canWrite;
  $("add-note").disabled = !open;
}

export async function openCase(caseId, { focus = true } = {}) {
  const result = await call("GET", `/api/cases/${caseId}`);
  if (!result.ok) {
    flash(errorOf(result));
    return;
  }
  const changedCase = !state.detail || state.detail.case.case_id !== caseId;
  state.detail = result.body;
  state.seen = new Set(result.body.transcript.map((e) => e.event_id));
  $("no-case").hidden = true;
  $("case-view").hidden = false;
  renderHead();
  renderTranscript();
  if (changedCase) {
    $("composer-error").textContent = "";
    $("transfer-form").hidden = true;
    $("close-form").hidden = true;
    loadCanned(caseId);
    showCustomer(caseId);
    if (focus) $("conversation").focus();
  }
}

export function closeView() {
  state.detail = null;
  $("case-view").hidden = true;
  $("no-case").hidden = false;
  clearCustomer();
}

export function onEntry(event) {
  if (currentCaseId() !== event.case_id || state.seen.has(event.entry.event_id)) return;
  state.seen.add(event.entry.event_id);
  state.detail.transcript.push(event.entry);
  if (event.entry.kind === "customer") $("typing").textContent = "";
  const list = $("transcript");
  list.append(entryNode(event.entry));
  list.scrollTop = list.scrollHeight;
}

export function onCaseChanged(event) {
  if (currentCaseId() === event.case_id) openCase(event.case_id, { focus: false });
}

export function onTyping(event) {
  if (currentCaseId() !== event.case_id) return;
  $("typing").textContent = event.typing ? "The customer is typing…" : "";
  clearTimeout(state.customerTypingTimer);
  if (event.typing) state.customerTypingTimer = setTimeout(() => { $("typing").textContent = ""; }, 8000);
}

async function act(action, body) {
  const caseId = currentCaseId();
  const result = await call("POST", `/api/cases/${caseId}/${action}`, body);
  if (!result.ok) {
    flash(errorOf(result));
  } else {
    flash(result.body && result.body.warning ? result.body.warning : "");
  }
  await openCase(caseId, { focus: false });
  onChange();
  return result;
}

function toggle(id) {
  $(id).hidden = !$(id).hidden;
  if (!$(id).hidden) $(id).querySelector("input, select").focus();
}

async function openTransfer() {
  const result = await call("GET", "/api/agents");
  const select = $("transfer-agent");
  const options = [el("option", { value: "" }, "— nobody —")];
  for (const a of result.ok ? result.body : []) {
    if (a.agent_id !== state.me.id) options.push(el("option", { value: a.agent_id }, `${a.display_name} (${a.team})`));
  }
  select.replaceChildren(...options);
  toggle("transfer-form");
}

async function transfer(event) {
  event.preventDefault();
  const agentId = $("transfer-agent").value;
  const team = $("transfer-team").value.trim();
  if (!agentId && !team) {
    flash("Pick a colleague or name a team.");
    return;
  }
  const result = await act("transfer", agentId ? { agent_id: Number(agentId) } : { team });
  if (result.ok) $("transfer-form").hidden = true;
}

async function closeCase(event) {
  event.preventDefault();
  const resolution = $("close-form").querySelector('input[name="resolution"]:checked').value;
  const result = await act("close", { resolution, category: $("close-category").value });
  if (result.ok) $("close-form").hidden = true;
}

async function send() {
  const composer = $("composer");
  const text = composer.value.trim();
  if (!text) return;
  if (!state.canWrite) {
    $("composer-error").textContent = "Claim this conversation to write to the customer, or add your text as a private note.";
    return;
  }
  const result = await call("POST", `/api/cases/${currentCaseId()}/reply`, { text });
  if (!result.ok) {
    $("composer-error").textContent = `${errorOf(result)} Your text is still here.`;
    return;  // the text stays in the composer
  }
  $("composer-error").textContent = "";
  composer.value = "";
  stopTyping();
  composer.focus();
}

async function addNote() {
  const composer = $("composer");
  const text = composer.value.trim();
  if (!text) return;
  const result = await call("POST", `/api/cases/${currentCaseId()}/note`, { text });
  if (!result.ok) {
    $("composer-error").textContent = errorOf(result);
    return;
  }
  composer.value = "";
  state.detail.notes = result.body.notes;
  renderTranscript();
}

async function sendProduct() {
  const sku = $("product-sku").value.trim();
  if (!sku) return;
  const result = await call("POST", `/api/cases/${currentCaseId()}/send_product`, { sku });
  $("composer-error").textContent = result.ok ? "" : errorOf(result);
  if (result.ok) $("product-sku").value = "";
}

async function loadCanned(caseId) {
  const result = await call("GET", `/api/canned?case=${caseId}`);
  state.canned = result.ok ? result.body : [];
}

function stopTyping() {
  clearTimeout(state.typingTimer);
  if (state.typingSent) {
    state.typingSent = false;
    call("POST", `/api/cases/${currentCaseId()}/typing`, { typing: false });
  }
}

function composerInput() {
  const composer = $("composer");
  const value = composer.value;
  if (value.startsWith("/")) showCanned(value.slice(1).toLowerCase());
  else $("canned-list").hidden = true;
  if (!state.canWrite) return;
  if (!state.typingSent && value.trim()) {
    state.typingSent = true;
    call("POST", `/api/cases/${currentCaseId()}/typing`, { typing: true });
  }
  clearTimeout(state.typingTimer);
  state.typingTimer = setTimeout(stopTyping, 3000);
}

function matches(query) {
  return state.canned.filter((c) => c.shortcut.startsWith(query) || c.title.toLowerCase().includes(query));
}

function showCanned(query) {
  const list = $("canned-list");
  const found = matches(query);
  state.cannedIndex = Math.min(state.cannedIndex, Math.max(0, found.length - 1));
  list.replaceChildren(...found.map((c, i) => {
    const item = el("li", { role: "option", id: `canned-${c.shortcut}`, "aria-selected": i === state.cannedIndex ? "true" : "false", "data-testid": "canned-item" },
      `/${c.shortcut} — ${c.title}`, el("small", {}, c.text));
    item.addEventListener("mousedown", (e) => { e.preventDefault(); useCanned(c); });
    return item;
  }));
  list.hidden = !found.length;
  $("composer").setAttribute("aria-activedescendant", found.length ? `canned-${found[state.cannedIndex].shortcut}` : "");
}

function useCanned(reply) {
  const composer = $("composer");
  composer.value = reply.text;
  $("canned-list").hidden = true;
  composer.focus();
}

function composerKeys(event) {
  const list = $("canned-list");
  if (!list.hidden) {
    const found = matches($("composer").value.slice(1).toLowerCase());
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      state.cannedIndex = (state.cannedIndex + step + found.length) % found.length;
      showCanned($("composer").value.slice(1).toLowerCase());
      return;
    }
    if (event.key === "Enter" || event.key === "Tab") {
      event.preventDefault();
      if (found[state.cannedIndex]) useCanned(found[state.cannedIndex]);
      return;
    }
    if (event.key === "Escape") {
      list.hidden = true;
      return;
    }
  }
  if (event.key === "Enter" && !event.shiftKey) {
    event.preventDefault();
    send();
  }
}

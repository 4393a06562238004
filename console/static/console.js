// The console's start: log-in, the queue (mine / unassigned / all / bot conversations), the
// presence switch with its heartbeat, and the live stream that keeps everything current.
import { call, el, errorOf, setCsrf, waitText } from "/static/api.js";
import { closeView, currentCaseId, onCaseChanged, onEntry, onTyping, openCase, setUp } from "/static/conversation.js";
import { reasonText } from "/static/panel.js";

const $ = (id) => document.getElementById(id);
const state = { me: null, view: "unassigned", rows: [], loadedAt: 0, stream: null, refreshTimer: 0 };

async function start() {
  $("login-form").addEventListener("submit", logIn);
  const me = await call("GET", "/api/me");
  if (me.ok) enter(me.body);
  else showLogin();
}

function showLogin() {
  $("app").hidden = true;
  $("login").hidden = false;
  $("login-email").focus();
}

async function logIn(event) {
  event.preventDefault();
  $("login-error").textContent = "";
  const token = await call("GET", "/api/csrf");
  if (!token.ok) {
    $("login-error").textContent = errorOf(token);
    return;
  }
  setCsrf(token.body.csrf);
  const result = await call("POST", "/api/login", {
    email: $("login-email").value, password: $("login-password").value,
  });
  if (!result.ok) {
    $("login-error").textContent = errorOf(result);
    $("login-password").select();
    return;
  }
  $("login-password").value = "";
  enter(result.body);
}

let setUpDone = false;

function enter(body) {
  state.me = body.agent;
  setCsrf(body.csrf);
  $("login").hidden = true;
  $("app").hidden = false;
  $("me-name").textContent = `${state.me.display_name} · ${state.me.team}${state.me.role === "supervisor" ? " · supervisor" : ""}`;
  $("presence").value = state.me.presence === "offline" ? "online" : state.me.presence;
  if (!setUpDone) {
    setUpDone = true;
    setUp(state.me, refreshSoon);
    for (const tab of document.querySelectorAll('[role="tab"]')) {
      tab.addEventListener("click", () => pickView(tab.dataset.view));
      tab.addEventListener("keydown", tabKeys);
    }
    $("presence").addEventListener("change", sendPresence);
    $("logout").addEventListener("click", logOut);
    setInterval(tick, 1000);
    setInterval(sendPresence, 60000);
  }
  sendPresence();
  refresh();
  listen();
}

async function logOut() {
  await call("POST", "/api/presence", { presence: "offline" });
  await call("POST", "/api/logout");
  if (state.stream) state.stream.close();
  closeView();
  showLogin();
}

async function sendPresence() {
  const result = await call("POST", "/api/presence", { presence: $("presence").value });
  if (result.status === 401) showLogin();
}

function tabKeys(event) {
  if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
  const tabs = [...document.querySelectorAll('[role="tab"]')];
  const at = tabs.indexOf(event.target) + (event.key === "ArrowRight" ? 1 : -1);
  const next = tabs[(at + tabs.length) % tabs.length];
  next.focus();
  pickView(next.dataset.view);
}

function pickView(view) {
  state.view = view;
  for (const tab of document.querySelectorAll('[role="tab"]')) {
    tab.setAttribute("aria-selected", tab.dataset.view === view ? "true" : "false");
    tab.tabIndex = tab.dataset.view === view ? 0 : -1;
  }
  refresh();
}

function refreshSoon() {
  clearTimeout(state.refreshTimer);
  state.refreshTimer = setTimeout(refresh, 150);
}

async function refresh() {
  const path = state.view === "bots" ? "/api/conversations" : `/api/cases?view=${state.view}`;
  const result = await call("GET", path);
  if (result.status === 401) {
    showLogin();
    return;
  }
  state.rows = result.ok ? result.body : [];
  state.loadedAt = Date.now();
  renderList();
}

function caseItem(row) {
  const button = el("button", { type: "button", "data-testid": "case-item", "data-case-id": row.case_id, "aria-current": row.case_id === currentCaseId() ? "true" : "false" },
    el("span", { className: "case-line" },
      el("span", {}, el("span", { className: `badge ${row.priority}` }, row.priority), " ", reasonText(row.reason)),
      el("span", { className: "wait", "data-wait": row.wait_seconds, "data-testid": "case-wait" }, waitText(row.wait_seconds))),
    el("p", { className: "case-first" }, row.first_message || row.summary || "(no message yet)"),
    el("span", { className: "case-line muted" },
      el("span", {}, row.assignee_name ? `with ${row.assignee_name}` : "waiting"),
      el("span", {}, `${row.team}${row.customer_id ? "" : " · guest"}`)));
  button.addEventListener("click", () => { openCase(row.case_id); markCurrent(row.case_id); });
  return el("li", {}, button);
}

function botItem(row) {
  const take = el("button", { type: "button", className: "quiet", "data-testid": "take-over" }, row.case_id ? `Open case ${row.case_id}` : "Take over");
  take.addEventListener("click", async () => {
    if (row.case_id) {
      openCase(row.case_id);
      return;
    }
    const result = await call("POST", `/api/conversations/${encodeURIComponent(row.conversation_id)}/take_over`);
    $("flash").textContent = result.ok ? (result.body.warning || "") : errorOf(result);
    if (result.ok) {
      pickView("mine");
      openCase(result.body.case_id);
    }
  });
  return el("li", { className: "bot-row", "data-testid": "bot-conversation" },
    el("div", { className: "case-first" }, row.last_customer_text || "(nothing said yet)"),
    el("div", { className: "case-line muted" }, el("span", {}, `${row.customer_messages} messages`), take));
}

function renderList() {
  const list = $("case-list");
  const rows = state.rows;
  list.replaceChildren(...rows.map((r) => (state.view === "bots" ? botItem(r) : caseItem(r))));
  $("case-list-empty").hidden = rows.length > 0;
  $("case-list-empty").textContent = state.view === "bots" ? "No conversation with the assistant in the last 30 minutes." : "Nobody is waiting.";
}

function markCurrent(caseId) {
  for (const item of document.querySelectorAll('[data-testid="case-item"]')) {
    item.setAttribute("aria-current", Number(item.dataset.caseId) === caseId ? "true" : "false");
  }
}

function tick() {
  const elapsed = (Date.now() - state.loadedAt) / 1000;
  for (const wait of document.querySelectorAll("[data-wait]")) {
    wait.textContent = waitText(Number(wait.dataset.wait) + elapsed);
  }
}

function listen() {
  if (state.stream) state.stream.close();
  const stream = new EventSource("/api/stream");
  state.stream = stream;
  stream.onmessage = (message) => {
    const event = JSON.parse(message.data);
    if (event.type === "entry") onEntry(event);
    else if (event.type === "typing") onTyping(event);
    else if (event.type === "case") {
      onCaseChanged(event);
      refreshSoon();
    } else if (event.type === "reset") {
      refreshSoon();
      if (currentCaseId()) openCase(currentCaseId(), { focus: false });
    }
  };
}

start();

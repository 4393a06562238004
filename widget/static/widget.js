// The shop's chat widget, for any page: one <script src=".../widget.js" data-rasa-url="..."
// data-identity-url="..." defer> tag. widget/bundle.py serves this file (after parts.js and
// history.js) together with the vendored socket.io client inside one function scope, so the host
// page gains exactly one global, `window.IcrmWidget` (open, close, toggle, send, identify), and
// the widget draws itself in an open shadow root with its own styles, touching none of the host's.
//
// With every message it sends two things the assistant checks and never stores:
// - client_key: a random secret of this browser for the conversation, so a guest's in-chat
//   verification holds only here (knowing the conversation id is not enough to continue it); it
//   is also what the history replay asks for (X-Client-Key), so only this browser reads it back,
//   and what session_request carries to rejoin the conversation's room (its live messages);
// - identity_token: for a logged-in customer, the shop's short-lived token for this very
//   conversation, fetched from data-identity-url and again before it runs out.
// The conversation (session id + client key) is kept in localStorage per identity, so it survives
// reloads and page changes; its messages are replayed from the Rasa server.
function icrmWidget(io, css) {
  "use strict";
  if (window.IcrmWidget) return; // the tag twice on one page: one widget
  const script = document.currentScript;
  const attr = (name, fallback) => (script && script.getAttribute("data-" + name)) || fallback;
  const scriptUrl = new URL(script && script.src ? script.src : location.href, location.href);
  const CONFIG = {
    rasaUrl: attr("rasa-url", location.origin).replace(/\/+$/, ""),
    socketPath: attr("socket-path", "/socket.io"),
    identityUrl: attr("identity-url", ""),
    title: attr("title", "Shop assistant"),
    startOpen: attr("open", "false") === "true",
    assetBase: scriptUrl.origin, // card images are the shop's files, also on a foreign host page
  };
  const STORE = "icrm-widget:";
  const TYPING_IDLE_MS = 2500;
  const AGENT_TYPING_MS = 8000;

  // ---- storage (may be unavailable: private modes, sandboxed frames) -------------------------
  function load(name) {
    try { return JSON.parse(localStorage.getItem(STORE + name) || "null"); } catch (e) { return null; }
  }
  function save(name, value) {
    try { localStorage.setItem(STORE + name, JSON.stringify(value)); } catch (e) { /* memory only */ }
  }

  // remember and send are called on taps and renders only, when everything below exists.
  const parts = icrmParts(CONFIG.assetBase, (payload, shown) => remember(payload, shown),
    (payload, shown) => send(payload, shown));
  const replay = icrmHistory(CONFIG.rasaUrl);
  const el = parts.el;
  const imageUrl = parts.imageUrl;

  const host = document.createElement("icrm-widget");
  const shadow = host.attachShadow({ mode: "open" });
  if (shadow.adoptedStyleSheets !== undefined && typeof CSSStyleSheet === "function") {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    shadow.adoptedStyleSheets = [sheet]; // not an inline <style>: a strict CSP allows it
  } else {
    shadow.append(el("style", { text: css }));
  }
  const ui = {};
  ui.badge = el("span", { class: "badge", "data-testid": "unread-badge", hidden: true, "aria-hidden": "true" });
  ui.launcher = el("button", { type: "button", class: "launcher", "data-testid": "launcher",
    "aria-controls": "panel", "aria-expanded": "false", "aria-label": "Open chat" }, [parts.bubbleIcon(), ui.badge]);
  ui.avatar = el("span", { class: "avatar", "aria-hidden": "true", text: "?" });
  ui.title = el("span", { class: "title", id: "chat-title", "data-testid": "chat-title", text: CONFIG.title });
  ui.status = el("span", { class: "status", id: "chat-status", "data-testid": "chat-status",
    role: "status", text: "connecting…" });
  ui.close = el("button", { type: "button", class: "close", "data-testid": "close", "aria-label": "Minimise chat", text: "–" });
  ui.banner = el("div", { class: "banner", "data-testid": "connection-banner", hidden: true });
  ui.messages = el("div", { class: "messages", id: "messages", "data-testid": "messages", role: "log",
    "aria-live": "polite", "aria-relevant": "additions", "aria-label": "Conversation", tabIndex: 0 });
  ui.typing = el("div", { class: "typing", "data-testid": "typing", hidden: true, "aria-live": "polite" });
  ui.input = el("input", { id: "message", "data-testid": "message-input", autocomplete: "off",
    placeholder: "Type a message…", maxLength: 2000, "aria-label": "Message" });
  ui.send = el("button", { type: "submit", "data-testid": "send", text: "Send" });
  ui.form = el("form", { id: "composer", class: "composer" }, [ui.input, ui.send]);
  ui.panel = el("section", { class: "panel", id: "panel", "data-testid": "panel", role: "dialog",
    "aria-labelledby": "chat-title", hidden: true }, [
    el("header", { class: "head" }, [ui.avatar, el("div", { class: "who" }, [ui.title, ui.status]), ui.close]),
    ui.banner, ui.messages, ui.typing, ui.form,
  ]);
  shadow.append(el("div", { class: "root" }, [ui.launcher, ui.panel]));
  ui.avatar.textContent = CONFIG.title.slice(0, 1).toUpperCase();

  // ---- state ---------------------------------------------------------------------------------
  // identitySeq: a newer identify() makes every pending answer of an older one stale.
  const state = { socket: null, sessionId: null, clientKey: null, confirmed: false, pendingKey: null,
    identity: null, identitySeq: 0, token: null, tokenExpires: 0, customer: null, identityFailed: false,
    outbox: [], flushing: false, open: false, unread: 0, agent: null, titles: new Map(),
    typingSent: false, typingTimer: null, agentTypingTimer: null };

  // ---- rendering -----------------------------------------------------------------------------
  function scrollDown() { ui.messages.scrollTop = ui.messages.scrollHeight; }
  function append(node) { ui.messages.append(node); scrollDown(); return node; }

  function add(kind, text) { return append(el("div", { class: "msg " + kind, text: text })); }
  function note(text) { return add("note", text); }

  function initial(agent) { return String(agent.initial || agent.name || "?").slice(0, 1).toUpperCase(); }

  function addAgentMessage(agent, text) {
    const bubble = el("div", { class: "msg agent" }, [el("span", { class: "agent-name", text: agent.name })]);
    bubble.append(document.createTextNode(text));
    return append(el("div", { class: "agent-line" },
      [el("span", { class: "avatar agent", "aria-hidden": "true", text: initial(agent) }), bubble]));
  }

  function setAgent(agent) {
    state.agent = agent && agent.name ? { name: String(agent.name), initial: initial(agent) } : null;
    ui.title.textContent = state.agent ? state.agent.name + " · support" : CONFIG.title;
    ui.avatar.textContent = state.agent ? state.agent.initial : CONFIG.title.slice(0, 1).toUpperCase();
    ui.avatar.classList.toggle("agent", Boolean(state.agent));
    if (!state.agent) showAgentTyping(null, false);
  }

  // The shown title of a button payload, so a replayed "/accept_offer{...}" reads as the button did.
  function remember(payload, shown) { if (payload) state.titles.set(payload, shown); }

  function retireQuickReplies() {
    for (const b of ui.messages.querySelectorAll(".buttons button, .csat button")) b.disabled = true;
  }

  function csatOf(msg) {
    if (msg.live === "csat_request") return msg.csat || true;
    return msg.csat || (msg.custom && msg.custom.csat) || null;
  }

  // One message of the assistant or an agent, live (bot_uttered) or replayed from the history.
  function renderBot(msg, live) {
    const agent = msg.agent && msg.agent.name ? msg.agent : null;
    if (msg.live === "joined" || msg.live === "left" || msg.live === "resume") {
      setAgent(msg.live === "joined" ? agent : null);
      note(msg.text || (agent ? agent.name + (msg.live === "joined" ? " joined the chat" : " left the chat") : ""));
      return;
    }
    // The rating request comes as the case closes and the assistant is back: it names the agent
    // in its bubble but does not bring them back into the header.
    if (agent && !state.agent && msg.live !== "csat_request") setAgent(agent);
    if (agent && live) showAgentTyping(null, false);
    const csat = csatOf(msg);
    if (msg.text) {
      if (agent) addAgentMessage(agent, msg.text);
      else add("bot", msg.text);
    }
    if (msg.type === "product_cards" && Array.isArray(msg.cards)) append(parts.cardRow(msg.cards));
    if (Array.isArray(msg.quick_replies)) append(parts.buttonGroup(msg.quick_replies));
    else if (Array.isArray(msg.buttons)) append(parts.buttonGroup(msg.buttons));
    const src = msg.attachment && msg.attachment.payload && imageUrl(msg.attachment.payload.src);
    if (src) append(el("div", { class: "msg bot" }, [el("img", { class: "attachment", src: src, alt: "image" })]));
    if (csat) {
      const question = typeof csat === "object" && csat.question ? String(csat.question) : null;
      append(parts.csatBox(question || msg.text || "How did we do? Rate this chat:", Boolean(question) || !msg.text));
    }
    if (live && !state.open) setUnread(state.unread + 1);
  }

  // ---- history replay ------------------------------------------------------------------------
  function rebuild(entries) {
    ui.messages.textContent = "";
    setAgent(null);
    contextNote();
    for (const entry of entries) {
      const who = entry.kind || entry.sender || entry.role || entry.event;
      if (who === "customer" || who === "user") {
        const text = String(entry.text || "");
        if (text) { retireQuickReplies(); add("user", state.titles.get(text) || text); }
      } else {
        renderBot(replay.fromHistory(entry), false);
      }
    }
    for (const item of state.outbox) append(item.bubble);
  }

  // ---- identity ------------------------------------------------------------------------------
  function identityKey() { return state.identity ? "id:" + JSON.stringify(state.identity) : "guest"; }

  function contextNote() {
    if (!state.identity) note("Browsing as a guest");
    else if (state.customer && state.customer.name) note("Logged in as " + state.customer.name);
  }

  // A token for the logged-in customer in this conversation, fresh for at least a minute.
  async function ensureToken() {
    if (!CONFIG.identityUrl || !state.identity || !state.sessionId) return null;
    if (state.token && Date.now() < state.tokenExpires - 60000) return state.token;
    const seq = state.identitySeq;
    const response = await fetch(CONFIG.identityUrl, { method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(Object.assign({}, state.identity, { session_id: state.sessionId })) });
    if (!response.ok) throw new Error("identity " + response.status);
    const body = await response.json();
    if (seq !== state.identitySeq) return null; // a newer log-in started meanwhile
    state.token = body.identity_token;
    state.tokenExpires = Date.now() + 1000 * Number(body.expires_in || 0);
    if (!state.customer) {
      state.customer = body;
      contextNote();
      document.dispatchEvent(new CustomEvent("icrm-widget:identity", { detail: body }));
    }
    return state.token;
  }

  function identityFailed(error) {
    console.warn("icrm-widget: no identity token for conversation " + state.sessionId + ": " + error.message);
    if (state.identityFailed) return;
    state.identityFailed = true;
    note("We couldn't confirm your log-in just now, so the assistant sees you as a guest.");
  }

  // ---- the socket, the session and the outbox ------------------------------------------------
  function setConnection(text, problem) {
    ui.status.textContent = text;
    ui.banner.hidden = !problem;
    ui.banner.textContent = problem || "";
  }

  function ready() { return Boolean(state.socket && state.socket.connected && state.confirmed); }

  function requestSession() {
    // One conversation per identity: switching customers never mixes identities.
    const stored = load("session:" + identityKey());
    state.pendingKey = identityKey();
    state.confirmed = false;
    // The client key proves this browser holds the conversation: Rasa lets no one else into its
    // room and confirms a fresh session id instead (bot/channels/session_guard.py).
    const resume = Boolean(stored && stored.session_id);
    state.socket.emit("session_request", { session_id: resume ? stored.session_id : null,
      client_key: resume && stored.client_key ? stored.client_key : null });
  }

  async function sessionConfirmed(sessionId) {
    if (state.pendingKey !== identityKey()) return; // the answer to an older request
    const key = state.pendingKey;
    const seq = state.identitySeq;
    state.pendingKey = null;
    const stored = load("session:" + key);
    const resumed = Boolean(stored && stored.session_id === sessionId && stored.client_key);
    state.sessionId = sessionId;
    state.clientKey = resumed ? stored.client_key : randomKey();
    save("session:" + key, { session_id: sessionId, client_key: state.clientKey });
    if (resumed) {
      const entries = await replay.fetch(sessionId, state.clientKey);
      if (seq !== state.identitySeq) return;
      if (entries && entries.length) rebuild(entries);
    }
    state.confirmed = true;
    try { await ensureToken(); } catch (error) { identityFailed(error); }
    flushOutbox();
  }

  // The secret of this browser for one conversation: 128 random bits, kept with its session id.
  function randomKey() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function connect() {
    const socket = io(CONFIG.rasaUrl, { path: CONFIG.socketPath, transports: ["websocket"],
      reconnectionDelayMax: 10000 });
    state.socket = socket;
    socket.on("connect", () => { setConnection("online", null); requestSession(); });
    socket.on("disconnect", (reason) => {
      state.confirmed = false;
      setConnection("reconnecting…", "Connection lost. We're reconnecting; what you type will be sent then.");
      // socket.io retries by itself after a network drop, not when the server closed the socket.
      if (reason === "io server disconnect") setTimeout(() => socket.connect(), 2000);
    });
    socket.on("connect_error", () => {
      state.confirmed = false;
      setConnection("offline — retrying…", "You're offline. We keep trying; what you type will be sent then.");
    });
    socket.on("session_confirm", (id) => { sessionConfirmed(id); });
    socket.on("bot_uttered", (msg) => { if (msg && typeof msg === "object") renderBot(msg, true); });
    socket.on("agent_typing", (data) => { if (data) showAgentTyping(data.agent, Boolean(data.typing)); });
  }

  async function flushOutbox() {
    if (state.flushing) return;
    state.flushing = true;
    try {
      while (state.outbox.length && ready()) {
        const item = state.outbox[0];
        const seq = state.identitySeq;
        // supports_cards: this widget renders product cards; other channels get plain text.
        const metadata = { client_key: state.clientKey, supports_cards: true };
        try {
          const token = await ensureToken();
          if (token) metadata.identity_token = token;
        } catch (error) {
          identityFailed(error);
        }
        if (seq !== state.identitySeq || !ready()) break;
        state.socket.emit("user_uttered", { message: item.text, session_id: state.sessionId, metadata: metadata });
        state.outbox.shift();
        item.bubble.classList.remove("pending");
      }
    } finally {
      state.flushing = false;
    }
  }

  function send(text, shown) {
    const message = String(text == null ? "" : text).trim();
    if (!message) return false;
    retireQuickReplies();
    const bubble = add("user pending", shown || message);
    state.outbox.push({ text: message, bubble: bubble });
    stopTyping();
    flushOutbox();
    return true;
  }

  // ---- typing, both ways ---------------------------------------------------------------------
  function emitTyping(typing) {
    if (ready()) state.socket.emit("user_typing", { session_id: state.sessionId, typing: typing });
  }
  function stopTyping() {
    clearTimeout(state.typingTimer);
    if (state.typingSent) emitTyping(false);
    state.typingSent = false;
  }
  function typed() {
    if (!ui.input.value) { stopTyping(); return; }
    if (!state.typingSent) { state.typingSent = true; emitTyping(true); } // once per burst
    clearTimeout(state.typingTimer);
    state.typingTimer = setTimeout(stopTyping, TYPING_IDLE_MS);
  }
  function showAgentTyping(agent, typing) {
    clearTimeout(state.agentTypingTimer);
    const name = (agent && agent.name) || (state.agent && state.agent.name) || "The agent";
    ui.typing.hidden = !typing;
    ui.typing.textContent = typing ? name + " is typing…" : "";
    if (typing) state.agentTypingTimer = setTimeout(() => showAgentTyping(null, false), AGENT_TYPING_MS);
    scrollDown(); // the indicator takes room from the messages: keep the newest in view
  }

  // ---- open / close / unread -----------------------------------------------------------------
  function setUnread(count) {
    state.unread = count;
    ui.badge.hidden = count === 0;
    ui.badge.textContent = String(count);
    ui.launcher.setAttribute("aria-label", count ? "Open chat, " + count + " unread" : "Open chat");
  }

  function setOpen(open, focus) {
    state.open = open;
    ui.panel.hidden = !open;
    ui.launcher.classList.toggle("open", open);
    ui.launcher.setAttribute("aria-expanded", String(open));
    save("open", open);
    if (open) {
      setUnread(0);
      scrollDown();
      if (focus) ui.input.focus();
    } else if (focus) {
      ui.launcher.focus();
    }
  }

  // ---- the host page's API -------------------------------------------------------------------
  // identify(params): who is logged in, as the shop's identity endpoint needs it (the demo shop:
  // {customer_id: 3}); {} for an endpoint that knows from its own cookie; null for a guest. Each
  // identity has its own conversation.
  function identify(params) {
    ++state.identitySeq;
    state.identity = params && typeof params === "object" ? params : null;
    state.token = null;
    state.tokenExpires = 0;
    state.customer = null;
    state.identityFailed = false;
    state.sessionId = null;
    state.confirmed = false;
    state.outbox = [];
    ui.messages.textContent = "";
    setAgent(null);
    contextNote();
    if (state.socket && state.socket.connected) requestSession();
  }

  ui.launcher.addEventListener("click", () => setOpen(!state.open, true));
  ui.close.addEventListener("click", () => setOpen(false, true));
  ui.panel.addEventListener("keydown", (event) => {
    if (event.key === "Escape") { event.preventDefault(); setOpen(false, true); }
  });
  ui.input.addEventListener("input", typed);
  ui.form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = ui.input.value;
    ui.input.value = "";
    send(text);
  });

  window.IcrmWidget = Object.freeze({
    open: () => setOpen(true, true),
    close: () => setOpen(false, false),
    toggle: () => setOpen(!state.open, true),
    send: (text) => send(text),
    identify: identify,
  });

  identify(null); // a guest until the host page says otherwise (it may, before the socket is up)

  function start() {
    document.body.append(host);
    const remembered = load("open");
    setOpen(remembered === null ? CONFIG.startOpen : Boolean(remembered), false);
    connect();
    document.dispatchEvent(new CustomEvent("icrm-widget:ready"));
  }

  // Deferred or at the end of <body>, the body is there; a tag in <head> without defer waits.
  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start, { once: true });
}

// The shop's chat widget: speaks Rasa's socket.io channel and passes who is logged in.
// With every message it sends two things the assistant checks and never stores:
// - client_key: a random secret of this browser tab for the conversation, so a guest's in-chat
//   verification holds only here (knowing the conversation id is not enough to continue it);
// - identity_token: for a logged-in customer, the shop's short-lived token for this very
//   conversation, fetched again before it runs out.
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const messages = $("messages");
  // loginSeq: a newer log-in makes every pending answer of an older one stale.
  const state = { socket: null, sessionId: null, token: null, tokenExpires: 0, customerId: null,
                  customer: null, loginSeq: 0, pendingKey: null };

  function add(kind, text) {
    const div = document.createElement("div");
    div.className = "msg " + kind;
    div.textContent = text;
    messages.appendChild(div);
    messages.scrollTop = messages.scrollHeight;
    return div;
  }

  function addButtons(buttons) {
    const box = document.createElement("div");
    box.className = "buttons";
    for (const b of buttons) {
      const btn = document.createElement("button");
      btn.type = "button";
      btn.textContent = b.title;
      btn.addEventListener("click", () => send(b.payload, b.title));
      box.appendChild(btn);
    }
    messages.appendChild(box);
  }

  // Product cards (the assistant's offers and search results): image, name, price, reason and
  // an "Add to basket" button that sends the card's payload back to the assistant.
  function addCards(cards) {
    const row = document.createElement("div");
    row.className = "cards";
    row.setAttribute("data-testid", "product-cards");
    for (const c of cards) {
      const card = document.createElement("div");
      card.className = "card";
      const img = document.createElement("div");
      img.className = "card-img";
      img.textContent = (c.name || "?").slice(0, 1);
      if (c.image_url) {
        const pic = new Image();
        pic.alt = c.name || "";
        pic.onload = () => { img.textContent = ""; img.appendChild(pic); };
        pic.src = c.image_url;
      }
      const name = document.createElement("div");
      name.className = "card-name";
      name.textContent = c.name || "";
      const price = document.createElement("div");
      price.className = "card-price";
      price.textContent = (c.price != null ? Number(c.price).toFixed(2) + " " + (c.currency || "") : "")
        + (c.discount_pct ? "  −" + Number(c.discount_pct) + "% for you" : "");
      const reason = document.createElement("div");
      reason.className = "card-reason";
      reason.textContent = c.reason || "";
      card.append(img, name, price, reason);
      for (const b of c.buttons || []) {
        const btn = document.createElement("button");
        btn.type = "button";
        btn.textContent = b.title;
        btn.addEventListener("click", () => send(b.payload, b.title + ": " + (c.name || "")));
        card.appendChild(btn);
      }
      row.appendChild(card);
    }
    messages.appendChild(row);
    messages.scrollTop = messages.scrollHeight;
  }

  function setStatus(text) { $("chat-status").textContent = text; }

  function sessionKey() { return "icrm-session-" + (state.customerId || "guest"); }

  // The tab's secret for one conversation: 128 random bits, kept with the session id.
  function clientKey() {
    const name = "icrm-client-" + sessionKey();
    let key = sessionStorage.getItem(name);
    if (!key) {
      const bytes = new Uint8Array(16);
      crypto.getRandomValues(bytes);
      key = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
      sessionStorage.setItem(name, key);
    }
    return key;
  }

  // A token for the logged-in customer in this conversation, fresh for at least a minute.
  async function ensureToken() {
    if (!state.customerId || !state.sessionId) return null;
    if (state.token && Date.now() < state.tokenExpires - 60000) return state.token;
    const seq = state.loginSeq;
    const session = await getJSON("/api/login", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ customer_id: Number(state.customerId), session_id: state.sessionId }),
    });
    if (seq !== state.loginSeq) return null;  // a newer log-in started meanwhile
    state.token = session.identity_token;
    state.tokenExpires = Date.now() + 1000 * Number(session.expires_in || 0);
    if (!state.customer) {
      state.customer = session;
      showOrders(session);
      add("note", "Logged in as " + session.name);
    }
    return state.token;
  }

  function connect(rasaUrl, socketPath) {
    const socket = io(rasaUrl, { path: socketPath, transports: ["websocket"] });
    state.socket = socket;
    socket.on("connect", () => {
      setStatus("online");
      requestSession();
    });
    socket.on("disconnect", () => setStatus("reconnecting…"));
    socket.on("connect_error", () => setStatus("offline — retrying…"));
    socket.on("session_confirm", (sessionId) => {
      // Only the confirmation of the session we asked for last, for the customer now logged in.
      if (state.pendingKey !== sessionKey()) return;
      state.pendingKey = null;
      state.sessionId = sessionId;
      sessionStorage.setItem(sessionKey(), sessionId);
      ensureToken().catch((error) => setStatus("error: " + error.message));
    });
    socket.on("bot_uttered", (msg) => {
      if (msg.text) add("bot", msg.text);
      if (msg.type === "product_cards" && Array.isArray(msg.cards)) addCards(msg.cards);
      if (msg.quick_replies) addButtons(msg.quick_replies);
      else if (msg.buttons) addButtons(msg.buttons);
      if (msg.attachment && msg.attachment.payload && msg.attachment.payload.src) {
        add("bot", msg.attachment.payload.src);
      }
    });
  }

  function requestSession() {
    // One conversation per logged-in customer: switching customers never mixes identities.
    const stored = sessionStorage.getItem(sessionKey());
    state.pendingKey = sessionKey();
    state.socket.emit("session_request", { session_id: stored || null });
  }

  async function send(text, shown) {
    if (!text || !state.socket || !state.sessionId) return;
    add("user", shown || text);
    // supports_cards: this widget renders product cards; other channels get plain text.
    const metadata = { client_key: clientKey(), supports_cards: true };
    try {
      const token = await ensureToken();
      if (token) metadata.identity_token = token;
    } catch (error) {
      setStatus("error: " + error.message);
    }
    state.socket.emit("user_uttered", { message: text, session_id: state.sessionId, metadata });
  }

  async function getJSON(url, options) {
    const response = await fetch(url, options);
    if (!response.ok) throw new Error(url + ": " + response.status);
    return response.json();
  }

  function showOrders(customer) {
    const box = $("my-orders");
    box.textContent = "";
    if (!customer) return;
    for (const order of customer.orders) {
      const el = document.createElement("div");
      el.className = "order";
      el.innerHTML = "<b></b> <span></span>";
      el.querySelector("b").textContent = "#" + order.id;
      el.querySelector("span").textContent = order.status;
      el.title = "Ask the assistant about this order";
      el.addEventListener("click", () => send("where is my order " + order.id + "?"));
      box.appendChild(el);
    }
  }

  function login(customerId) {
    ++state.loginSeq;
    state.customerId = customerId || null;
    state.customer = null;
    state.token = null;
    state.tokenExpires = 0;
    state.sessionId = null;
    messages.textContent = "";
    showOrders(null);
    // The token is fetched once the conversation's id is confirmed (it is bound to it).
    if (!customerId) add("note", "Browsing as a guest");
    if (state.socket && state.socket.connected) requestSession();
  }

  async function main() {
    const config = await getJSON("/api/config");
    const customers = await getJSON("/api/customers");
    const picker = $("customer-picker");
    for (const c of customers) {
      const option = document.createElement("option");
      option.value = c.id;
      option.textContent = c.name;
      picker.appendChild(option);
    }
    picker.addEventListener("change", () => login(picker.value));
    const products = await getJSON("/api/products");
    for (const p of products) {
      const card = document.createElement("div");
      card.className = "product";
      card.innerHTML = '<div class="cat"></div><div class="name"></div><div class="price"></div>';
      card.querySelector(".cat").textContent = p.category;
      card.querySelector(".name").textContent = p.name;
      card.querySelector(".price").textContent = new Intl.NumberFormat("en", {
        style: "currency",
        currency: p.currency,
      }).format(Number(p.price));
      $("products").appendChild(card);
    }
    $("composer").addEventListener("submit", (event) => {
      event.preventDefault();
      const input = $("message");
      const text = input.value.trim();
      input.value = "";
      send(text);
    });
    connect(config.rasa_url, config.socket_path);
    login("");
  }

  main().catch((error) => setStatus("error: " + error.message));
})();

// The shop's chat widget: speaks Rasa's socket.io channel and passes who is logged in.
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const messages = $("messages");
  // loginSeq: a newer log-in makes every pending answer of an older one stale.
  const state = { socket: null, sessionId: null, token: null, customerId: null, loginSeq: 0,
                  pendingKey: null };

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

  function send(text, shown) {
    if (!text || !state.socket || !state.sessionId) return;
    add("user", shown || text);
    // supports_cards: this widget renders product cards; other channels get plain text.
    const metadata = state.token ? { identity_token: state.token, supports_cards: true }
                                 : { supports_cards: true };
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

  async function login(customers, customerId) {
    const seq = ++state.loginSeq;
    state.customerId = customerId || null;
    state.token = null;
    state.sessionId = null;
    messages.textContent = "";
    if (customerId) {
      const session = await getJSON("/api/login", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ customer_id: Number(customerId) }),
      });
      if (seq !== state.loginSeq) return;  // a newer log-in started meanwhile
      state.token = session.identity_token;
      const customer = customers.find((c) => String(c.id) === String(customerId));
      showOrders(customer);
      add("note", "Logged in as " + customer.name);
    } else {
      showOrders(null);
      add("note", "Browsing as a guest");
    }
    if (state.socket && state.socket.connected) requestSession();
  }

  async function main() {
    const config = await getJSON("/api/config");
    const customers = await getJSON("/api/customers");
    const picker = $("customer-picker");
    for (const c of customers) {
      const option = document.createElement("option");
      option.value = c.id;
      option.textContent = c.name + " (" + c.email + ")";
      picker.appendChild(option);
    }
    picker.addEventListener("change", () => login(customers, picker.value));
    const products = await getJSON("/api/products");
    for (const p of products) {
      const card = document.createElement("div");
      card.className = "product";
      card.innerHTML = '<div class="cat"></div><div class="name"></div><div class="price"></div>';
      card.querySelector(".cat").textContent = p.category;
      card.querySelector(".name").textContent = p.name;
      card.querySelector(".price").textContent = "€" + p.price;
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
    await login(customers, "");
  }

  main().catch((error) => setStatus("error: " + error.message));
})();

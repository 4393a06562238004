// The demo shop page's own script (not the widget's): the log-in picker, the shop window and the
// logged-in customer's orders. It talks to the chat widget only through window.IcrmWidget:
// identify() when someone "logs in", send() when an order is clicked; the widget tells it who is
// logged in with an "icrm-widget:identity" event carrying the shop's log-in answer.
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const PICKED = "icrm-demo:customer";

  async function getJSON(url) {
    const response = await fetch(url);
    if (!response.ok) throw new Error(url + ": " + response.status);
    return response.json();
  }

  function widget() { return window.IcrmWidget || null; }

  function showOrders(customer) {
    const box = $("my-orders");
    box.textContent = "";
    for (const order of (customer && customer.orders) || []) {
      const item = document.createElement("button");
      item.type = "button";
      item.className = "order";
      const id = document.createElement("b");
      id.textContent = "#" + order.id;
      const status = document.createElement("span");
      status.textContent = order.status;
      item.append(id, " ", status);
      item.title = "Ask the assistant about this order";
      item.addEventListener("click", () => {
        const chat = widget();
        if (chat) { chat.open(); chat.send("where is my order " + order.id + "?"); }
      });
      box.append(item);
    }
  }

  function login(customerId) {
    try { sessionStorage.setItem(PICKED, customerId || ""); } catch (e) { /* demo only */ }
    showOrders(null);
    const chat = widget();
    // The widget asks /api/login for a token once its conversation's id is confirmed.
    if (chat) chat.identify(customerId ? { customer_id: Number(customerId) } : null);
  }

  async function fillPicker(picker, remembered) {
    for (const c of await getJSON("/api/customers")) {
      const option = document.createElement("option");
      option.value = c.id;
      option.textContent = c.name;
      picker.append(option);
    }
    picker.value = remembered;
    if (picker.value !== remembered) login("");  // that customer is no longer offered
  }

  async function fillWindow() {
    for (const p of await getJSON("/api/products")) {
      const card = document.createElement("div");
      card.className = "product";
      if (p.image_url) {
        const photo = new Image();
        photo.className = "photo";
        photo.alt = "";  // the name below says what it is
        photo.loading = "lazy";
        photo.src = p.image_url;
        card.append(photo);
      }
      for (const [cls, text] of [["cat", p.category], ["name", p.name],
        ["price", new Intl.NumberFormat("en", { style: "currency", currency: p.currency }).format(Number(p.price))]]) {
        const line = document.createElement("div");
        line.className = cls;
        line.textContent = text;
        card.append(line);
      }
      $("products").append(card);
    }
  }

  function main() {
    const picker = $("customer-picker");
    let remembered = "";
    try { remembered = sessionStorage.getItem(PICKED) || ""; } catch (e) { /* demo only */ }
    document.addEventListener("icrm-widget:identity", (event) => showOrders(event.detail));
    picker.addEventListener("change", () => login(picker.value));
    if (remembered) login(remembered);  // before the widget's socket is up: no guest detour
    fillPicker(picker, remembered).catch((error) => console.warn("customers:", error.message));
    fillWindow().catch((error) => console.warn("products:", error.message));
  }

  main();
})();

// The widget's message parts, built as DOM nodes (textContent only, never markup): quick-reply
// buttons, product cards with the shop's photos, the CSAT prompt. widget/bundle.py puts this file
// before widget.js in the widget's one function scope; widget.js appends what these return.
// remember(payload, shown) learns how a payload reads (for the replay); send(payload, shown) is a
// tap; assetBase is the shop's origin, which relative photo URLs belong to on any host page.
function icrmParts(assetBase, remember, send) {
  "use strict";
  // ---- DOM -----------------------------------------------------------------------------------
  function el(tag, props, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("data-") || key.startsWith("aria-") || key === "role") node.setAttribute(key, value);
      else node[key] = value;
    }
    for (const child of children || []) node.append(child);
    return node;
  }

  function bubbleIcon() {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    const path = document.createElementNS(ns, "path");
    path.setAttribute("d", "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H8l-5 4V5a2 2 0 0 1 1-2z");
    svg.append(path);
    return svg;
  }

  function buttonGroup(buttons) {
    const box = el("div", { class: "buttons", "data-testid": "quick-replies", role: "group", "aria-label": "Suggested replies" });
    for (const b of buttons) {
      if (!b || !b.title) continue;
      const payload = b.payload || b.title;
      remember(payload, b.title);
      box.append(el("button", { type: "button", text: b.title, onclick: () => send(payload, b.title) }));
    }
    return box;
  }

  function imageUrl(url) {
    try {
      const resolved = new URL(url, assetBase);
      return resolved.protocol === "https:" || resolved.protocol === "http:" ? resolved.href : null;
    } catch (e) { return null; }
  }

  function money(amount, currency) {
    if (amount == null || amount === "") return "";
    try {
      return new Intl.NumberFormat(document.documentElement.lang || "en", { style: "currency", currency: currency })
        .format(Number(amount));
    } catch (e) {
      return Number(amount).toFixed(2) + (currency ? " " + currency : "");
    }
  }

  // Product cards (the assistant's offers and search results, or one an agent sends): photo, name,
  // price, reason and buttons that send the card's payload back.
  function cardRow(cards) {
    const row = el("div", { class: "cards", "data-testid": "product-cards", role: "list" });
    for (const c of cards) {
      if (!c || typeof c !== "object") continue;
      const name = String(c.name || "");
      const img = el("div", { class: "card-img", "aria-hidden": c.image_url ? "false" : "true", text: (name || "?").slice(0, 1) });
      const src = c.image_url ? imageUrl(c.image_url) : null;
      if (src) {
        const pic = el("img", { alt: name, decoding: "async" }); // not lazy: it loads detached
        pic.addEventListener("load", () => { img.textContent = ""; img.append(pic); });
        pic.src = src;
      }
      const price = el("div", { class: "card-price", text: money(c.price, c.currency) });
      if (c.discount_pct) price.append(" ", el("span", { class: "deal", text: "−" + Number(c.discount_pct) + "% for you" }));
      const card = el("div", { class: "card", role: "listitem", "data-testid": "product-card" }, [
        img, el("div", { class: "card-name", text: name }), price,
        el("div", { class: "card-reason", text: String(c.reason || "") }),
      ]);
      for (const b of c.buttons || []) {
        const shown = b.title + ": " + name;
        remember(b.payload, shown);
        card.append(el("button", { type: "button", text: b.title, "aria-label": b.title + " — " + name,
          onclick: () => send(b.payload, shown) }));
      }
      row.append(card);
    }
    return row;
  }

  // The satisfaction prompt: five buttons; a tap sends /rate_chat{"csat_score": N}.
  // `question` is shown unless the message's own text already asked it (then only announced).
  function csatBox(question, showQuestion) {
    const scale = el("div", { class: "scale" });
    for (let n = 1; n <= 5; n++) {
      const payload = '/rate_chat{"csat_score": ' + n + "}";
      const rated = "Rated " + n + " out of 5";
      remember(payload, rated);
      scale.append(el("button", { type: "button", text: String(n), "data-score": String(n),
        "aria-label": n + " out of 5", onclick: () => send(payload, rated) }));
    }
    const box = el("div", { class: "csat", "data-testid": "csat", role: "group", "aria-label": question }, [
      el("div", { text: showQuestion ? question : "", hidden: !showQuestion }), scale,
      el("div", { class: "ends", "aria-hidden": "true" }, [el("span", { text: "1 poor" }), el("span", { text: "5 great" })]),
    ]);
    return box;
  }

  return { el: el, bubbleIcon: bubbleIcon, imageUrl: imageUrl, buttonGroup: buttonGroup,
    cardRow: cardRow, csatBox: csatBox };
}

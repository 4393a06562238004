// The history replay: a returning browser asks the Rasa server for its conversation
// (GET /webhooks/socketio/history, answered by bot/channels/history.py only for the conversation's
// own client key) and gets each message back in the shape of a live bot_uttered. widget/bundle.py
// puts this file before widget.js in the widget's one function scope.
function icrmHistory(rasaUrl) {
  "use strict";
  const HISTORY_TIMEOUT_MS = 5000;

  // Stored messages come back as {kind|sender, text, buttons, custom, agent, live, timestamp};
  // custom is what the bot sent as a custom message (Rasa keeps it under "data" for socket.io).
  function fromHistory(entry) {
    let custom = entry.custom || (entry.data && entry.data.custom) || null;
    if (custom && custom.data && typeof custom.data === "object") custom = custom.data;
    const msg = Object.assign({}, custom || {}, { text: entry.text || "" });
    const meta = entry.metadata || {};
    for (const key of ["buttons", "quick_replies", "attachment", "agent", "live"]) {
      const value = entry[key] || (entry.data && entry.data[key]) || meta[key];
      if (value) msg[key] = value;
    }
    if (msg.agent && !msg.agent.name) delete msg.agent;
    return msg;
  }

  function historyEntries(body) {
    const list = Array.isArray(body) ? body : (body && (body.messages || body.history || body.events)) || [];
    return list.filter((entry) => entry && typeof entry === "object");
  }

  // The conversation's messages (oldest first), or null: then the chat goes on without replay.
  async function fetchHistory(sessionId, clientKey) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), HISTORY_TIMEOUT_MS);
    try {
      const url = rasaUrl + "/webhooks/socketio/history?conversation_id=" + encodeURIComponent(sessionId);
      const response = await fetch(url, { headers: { "X-Client-Key": clientKey }, signal: controller.signal,
        credentials: "omit", cache: "no-store" });
      if (!response.ok) { // not there (yet), or not this browser's: no replay
        console.info("icrm-widget: no history for conversation " + sessionId + " (" + response.status + ")");
        return null;
      }
      return historyEntries(await response.json());
    } catch (e) { // network, CORS or a server without the route: the chat works without replay
      console.info("icrm-widget: no history for conversation " + sessionId + " (" + e.message + ")");
      return null;
    } finally {
      clearTimeout(timer);
    }
  }

  return { fetch: fetchHistory, fromHistory: fromHistory };
}

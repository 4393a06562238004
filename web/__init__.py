"""The demo web shop: a page with a customer picker and a chat box speaking to Rasa's socket.io.

It plays the part of a real shop's website: the shop knows who is logged in and passes that to
the assistant as a signed identity token with every chat message.
"""

"""What the assistant says about accounts.

The sign-up, password-reset and registration answers are the same whether or not an address is
registered: they must never tell anyone (in words or by being different) that an account exists.
"""

from __future__ import annotations

from icrm_models.accounts.outbox import LINK_VALID_FOR

LINK_HOURS = int(LINK_VALID_FOR.total_seconds() // 3600)

INVALID_EMAIL = (
    "That doesn't look like an e-mail address — could you type it again? (Like name@example.com.)"
)

SIGNUP_SENT = (
    "Thanks! I've sent an e-mail to {email}. Open the link in it to finish creating your "
    f"account — it's valid for {LINK_HOURS} hours. If that address already has an account, the "
    "e-mail explains how to get back into it instead. Nothing there in a few minutes? Have a "
    "look in your spam folder."
)
RESET_SENT = (
    "If {email} belongs to an account with us, a link to reset your password is on its way — "
    f"it's valid for {LINK_HOURS} hours. Nothing after a few minutes? Check your spam folder and "
    "make sure it's the address you registered with."
)

REGISTRATION_TIPS = (
    "Sorry that signing up is giving you trouble! What usually helps:\n"
    "• The confirmation e-mail can take a few minutes — please check your spam or promotions "
    "folder too.\n"
    f"• The link in it is valid for {LINK_HOURS} hours; after that you need a new one.\n"
    '• "E-mail already in use" means there is already an account with that address: reset '
    'your password ("I forgot my password") to get into it.'
)
REGISTRATION_ASK_EMAIL = (
    'Want a new sign-up link? Say "resend the link to" followed by your e-mail address.'
)
REGISTRATION_RESENT = (
    "I've sent a fresh sign-up link to {email}, valid for "
    f"{LINK_HOURS} hours. If that address already has an account, you'll get an e-mail "
    "explaining how to reset your password instead."
)

NOT_VERIFIED = (
    "I can't confirm it's you, so I haven't changed anything. Please log in on our website and "
    "ask me once more."
)

# Step-up: what a guest proven in the chat (and anyone setting a new e-mail address) is told
STEP_UP_SENT = (
    "For your security I've sent a confirmation link to the e-mail address on your account; the "
    "change is made once you open it."
)
EMAIL_CONFIRM_SENT = (
    "Almost done — I've sent a confirmation link to {value}. Your account's e-mail address "
    f"changes once you open it (it's valid for {LINK_HOURS} hours); until then we keep writing "
    "to your current address, which will hear about the change."
)
TOO_MANY_LINKS = (
    "I've already sent several confirmation links for your account in the last hour, so I won't "
    "send another one now. Please use the newest one in your inbox — or log in on our website "
    "and make the change there."
)

# Changing account details
FIELD_LABELS = {"name": "name", "email": "e-mail address", "address": "postal address"}
FIELD_UNKNOWN = "Sorry, which one: your name, your e-mail address or your postal address?"
FIELD_UNSUPPORTED = (
    "I can change your name, e-mail address or postal address here. Your password, phone "
    'number and birthday are changed under "My account" on our website (forgot your password? '
    "Ask me for a reset link). Which of the three would you like to change?"
)
INVALID_VALUE = {
    "email": INVALID_EMAIL,
    "name": (
        "That doesn't look like a name I can save — letters, spaces, hyphens and apostrophes "
        "only, up to 100 characters. What should it be?"
    ),
    "address": (
        "That doesn't look like a full postal address. Please give street, house number, "
        'postcode and town, like "12 Rue de la Paix, 75002 Paris".'
    ),
}
EMAIL_UNAVAILABLE = (
    "I can't change your e-mail to that address here. Please contact our customer service at "
    "{contact} and they'll sort it out."
)
EMAIL_UNAVAILABLE_RETRY = EMAIL_UNAVAILABLE + " Or give me a different address."
UPDATED = {
    "name": "Done — the name on your account is now {value}.",
    "email": (
        "Done — your account's e-mail address is now {value}. I've let your previous address "
        "know, just in case."
    ),
    "address": (
        "Done — your address is now {value}. Orders you've already placed keep their delivery "
        "address; ask me if one of them should go to the new one."
    ),
}
UNCHANGED = "That's already the {label} on your account — nothing to change."

# Personal or business account
TYPE_UNCLEAR = "Sorry, I didn't get that — should it be a personal or a business account?"
SWITCHED = "Done — your account is now a {account_type} account."
ALREADY_THAT_TYPE = "Your account is already a {account_type} account — nothing to change."

# Deleting the account
DELETED = (
    "Your account has been deleted. I've sent a confirmation to your e-mail address, and you "
    "won't get marketing e-mails from us any more. Thank you for having shopped with us."
)
KEPT = "OK, I haven't deleted anything — your account stays as it is."

# Newsletter
SUBSCRIBED = (
    "Done — you're subscribed to our newsletter. You can unsubscribe any time, here or with the "
    "link in every newsletter."
)
UNSUBSCRIBED = (
    "Done — you're unsubscribed from our newsletter. Order and delivery e-mails will still "
    "reach you."
)
ALREADY_SUBSCRIBED = "You're already subscribed to our newsletter — nothing to change."
ALREADY_UNSUBSCRIBED = "You're not subscribed to our newsletter, so there's nothing to stop."
STATUS_SUBSCRIBED = (
    "Yes, you're subscribed to our newsletter. Say \"unsubscribe\" if you'd like to stop it."
)
STATUS_UNSUBSCRIBED = (
    "No, you're not subscribed to our newsletter at the moment. Say \"subscribe me\" if you'd "
    "like it."
)

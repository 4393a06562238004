"""The scripted demo conversations, as data: who speaks, what they say, how often it happens.

Each :class:`Script` is one kind of conversation a shop's chat sees, with a weight that says how
common it is (the weights are proportions of all conversations, not probabilities that must sum
to one). Texts are alternatives: the plan (``icrm_models.demo_conversations.plan``) picks one per
step with its seeded random generator, so 500 conversations do not all read alike, and fills the
placeholders from a real demo customer of the database:

- ``{order}`` one of the customer's orders (their most recent delivered one when they have one),
- ``{email}`` the customer's e-mail (a guest proves who they are with it and ``{order}``),
- ``{first_name}`` the customer's first name.

``expect`` lists texts of which at least one should appear in the assistant's answer (case
folded, after the placeholders are filled); a miss is counted as *off script* in the summary, not
as an error: the conversation still lands in the tracker store, it just went another way than
planned (which the analytics should show too).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Who = Literal["member", "guest", "anonymous"]
Resolution = Literal["solved", "not_solved"]


@dataclass(frozen=True)
class Say:
    """The customer types one of ``texts``."""

    texts: tuple[str, ...]
    expect: tuple[str, ...] = ()


@dataclass(frozen=True)
class AnswerOffers:
    """The customer asks for offers (one of ``texts``; the widget shows cards) and then accepts
    the first card's offer with its button, or declines them all in words."""

    texts: tuple[str, ...]
    accept: bool


@dataclass(frozen=True)
class AgentHandles:
    """A person in the agents' console takes the handed-off conversation: claims it, sends
    ``first_reply``, hears one of ``customer_says``, sends ``second_reply`` and closes the case
    as ``resolution`` in ``category`` (the console's categories)."""

    first_reply: tuple[str, ...]
    customer_says: tuple[str, ...]
    second_reply: tuple[str, ...]
    resolution: Resolution
    category: str


@dataclass(frozen=True)
class Rate:
    """The customer taps one of ``scores`` in the widget's rating (``/rate_chat{...}``)."""

    scores: tuple[int, ...]


Step = Say | AnswerOffers | AgentHandles | Rate


@dataclass(frozen=True)
class Script:
    """One kind of conversation: its name, how common it is, who talks, and the steps."""

    name: str
    weight: float
    who: Who
    steps: tuple[Step, ...]


HELLO = Say(("hi", "hello", "hey there", "good morning", "hi, I have a question"))
THANKS = Say(("thanks", "thank you!", "great, thanks", "perfect, thank you"))
BYE = Say(("bye", "goodbye", "that's all, bye", "ok bye"))
HUMAN = Say(
    (
        "I want to talk to a human",
        "can I speak to a real person please",
        "let me talk to an agent",
        "connect me to customer service staff",
    )
)
WHERE_IS = (
    "where is my order {order}?",
    "has my order {order} shipped yet?",
    "can you track order {order} for me",
    "what's the status of order {order}",
)
# messages the assistant's NLU cannot place (it answers "Did you mean …?"): checked against the
# trained model; plain gibberish it reads as out of scope, rightly
UNCLEAR = Say(
    ("xq", "what about the other one", "can you do the thing", "ok but what about mine"),
    expect=("not sure i understood",),
)
OUT_OF_SCOPE = (
    "what's the weather like in Paris tomorrow?",
    "can you book me a flight to Rome",
    "who won the football match last night",
    "write me a poem about cats",
    "asdkj qwe zzxq",
)
AGENT_HELLO = (
    "Hello {first_name}, Anna here. Let me have a look.",
    "Hi {first_name}, thanks for waiting. I'm on it.",
    "Good day {first_name}, I'll check that for you now.",
)
AGENT_DONE = (
    "All sorted, you'll get an e-mail confirmation shortly.",
    "I've taken care of it. Anything else I can do?",
    "Done. Sorry for the trouble!",
)
AGENT_SORRY = (
    "I'm afraid I can't change that today; a colleague will follow up by e-mail.",
    "Unfortunately that isn't possible, but I've noted your request.",
)

SCRIPTS: tuple[Script, ...] = (
    Script(
        "order look-up (logged in)",
        14,
        "member",
        (Say(WHERE_IS, expect=("{order}",)), THANKS),
    ),
    Script(
        "order look-up (guest, verified)",
        10,
        "guest",
        (
            Say(("where is my order?", "I'd like to track my parcel", "where's my package?")),
            Say(("{email}", "it's {email}", "my email is {email}")),
            Say(("{order}", "order {order}", "the number is {order}"), expect=("verified",)),
            BYE,
        ),
    ),
    Script(
        "offers accepted",
        5,
        "member",
        (
            HELLO,
            AnswerOffers(("any deals for me?", "what would you recommend for me?"), accept=True),
            THANKS,
        ),
    ),
    Script(
        "offers declined",
        6,
        "member",
        (AnswerOffers(("any deals for me?", "do you have any offers?"), accept=False), BYE),
    ),
    Script(
        "product search",
        10,
        "anonymous",
        (
            Say(
                (
                    "do you have rain jackets?",
                    "I'm looking for yoga pants",
                    "show me hoodies",
                    "do you sell running shorts?",
                    "I need a water bottle",
                    "have you got any tank tops in black?",
                )
            ),
            THANKS,
        ),
    ),
    Script(
        "delivery and payment questions",
        8,
        "anonymous",
        (
            Say(
                (
                    "how long does delivery take?",
                    "which payment methods do you accept?",
                    "what delivery options do you have?",
                    "what is your refund policy?",
                )
            ),
            THANKS,
        ),
    ),
    Script(
        "small talk",
        4,
        "anonymous",
        (HELLO, Say(("are you a bot?", "am I talking to a robot?")), THANKS, BYE),
    ),
    Script(
        "return completed",
        5,
        "member",
        (
            Say(("I'd like to return order {order}", "I want to send back order {order}")),
            Say(("it's too small", "it doesn't fit", "I changed my mind")),
            Say(("yes", "yes please")),
            THANKS,
        ),
    ),
    Script(
        "return abandoned",
        3,
        "member",
        (Say(("I want to return something", "how do I return an item?")),),
    ),
    Script(
        "complaint filed",
        4,
        "member",
        (
            Say(
                (
                    "I want to complain, the zipper of the jacket I got broke after two days",
                    "I want to make a complaint: the parcel arrived damaged and wet",
                )
            ),
            Say(("the quality of the product is bad", "the package was damaged in delivery")),
            THANKS,
        ),
    ),
    Script(
        "complaint abandoned",
        2,
        "member",
        (Say(("I want to complain", "I have a complaint")),),
    ),
    Script(
        "address change completed",
        3,
        "member",
        (
            Say(("I need to change the delivery address of order {order}",)),
            Say(("Hauptstrasse 12, 10115 Berlin", "12 Rose Lane, London E1 6AN")),
            Say(("yes",)),
            THANKS,
        ),
    ),
    Script(
        "address change abandoned",
        2,
        "member",
        (Say(("I want to change my shipping address", "can I change the delivery address?")),),
    ),
    Script(
        "cancellation thought over",
        2,
        "member",
        (Say(("please cancel order {order}",)), Say(("no, keep it", "no"))),
    ),
    Script(
        "fallback then back on track",
        4,
        "member",
        (UNCLEAR, Say(WHERE_IS, expect=("{order}",)), THANKS),
    ),
    Script("out of scope", 4, "anonymous", (Say(OUT_OF_SCOPE), BYE)),
    Script("left after a fallback", 5, "anonymous", (HELLO, UNCLEAR)),
    Script("left after out of scope", 2, "anonymous", (Say(OUT_OF_SCOPE),)),
    Script(
        "handoff solved",
        4,
        "member",
        (
            HUMAN,
            AgentHandles(
                AGENT_HELLO,
                ("my parcel hasn't arrived", "I was charged twice", "the size is wrong"),
                AGENT_DONE,
                "solved",
                "delivery",
            ),
            Rate((5, 5, 4, 4, 3)),
        ),
    ),
    Script(
        "handoff not solved",
        2,
        "member",
        (
            HUMAN,
            AgentHandles(
                AGENT_HELLO,
                ("I want a refund without sending it back", "can you change the price?"),
                AGENT_SORRY,
                "not_solved",
                "returns",
            ),
            Rate((1, 2, 2, 3)),
        ),
    ),
    Script(
        "handoff solved, no rating",
        1,
        "member",
        (
            HUMAN,
            AgentHandles(AGENT_HELLO, ("where is my invoice?",), AGENT_DONE, "solved", "billing"),
        ),
    ),
)


def script_named(name: str) -> Script:
    """The script called ``name``; ``ValueError`` naming the known ones otherwise."""
    for script in SCRIPTS:
        if script.name == name:
            return script
    known = ", ".join(s.name for s in SCRIPTS)
    raise ValueError(f"no demo script {name!r}; known: {known}")

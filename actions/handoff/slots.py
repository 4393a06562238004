"""The slots of the handoff to a colleague.

``handoff_offered`` (bool, featurized): the bot has just asked "Shall I connect you to a
colleague?"; the rules send the next "yes" to ``action_handoff_to_human`` and the next "no" to
an acknowledgement, and both reset it. ``handoff_requested`` (bool): a colleague was asked to
take over this conversation.
"""

HANDOFF_OFFERED = "handoff_offered"
HANDOFF_REQUESTED = "handoff_requested"

"""The iCRM Assist action server: a thin layer from Rasa's tracker to ``icrm_models``.

Rasa 3.6 calls this rasa-sdk >= 3.21 server over the same, stable action-server HTTP protocol;
the SDK's major.minor check would warn on every call that 3.6 != 3.21. The protocol is compatible
(checked by the end-to-end tests), so that one warning is silenced on purpose.
"""

import warnings

warnings.filterwarnings(
    "ignore",
    message=r"Your versions of rasa and rasa_sdk might not be compatible",
    category=UserWarning,
)

"""The one script a page loads: the vendored socket.io client and the widget in one scope.

Loaded by its own ``<script>`` tag, socket.io's UMD build would set ``window.io`` on the host
page, and on a page with an AMD loader (RequireJS, which Magento shops use) it would call the
page's ``define`` instead and leave the widget without a client. Inside the bundle it finds local
``module``/``exports`` objects, takes its CommonJS branch and hands its ``io`` to the widget, so
the host page gains only ``window.IcrmWidget``. The widget's CSS travels as a string the widget
adopts into its shadow root. No build step: plain concatenation, done once when the app starts.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

WIDGET_STATIC = Path(__file__).with_name("static")
# The widget's sources, in the order they share one scope: widget.js uses the other two.
WIDGET_SOURCES = ("parts.js", "history.js", "widget.js")
# The vendored client's last line points at a source map we don't ship (a 404 in dev tools).
SOURCE_MAP = re.compile(r"^//# sourceMappingURL=.*$", flags=re.M)


@dataclass(frozen=True)
class Bundle:
    """The built script and its validator (an ETag, so browsers revalidate cheaply)."""

    text: str
    etag: str


def bundle_text(*, socket_io_js: str, widget_js: str, widget_css: str) -> str:
    """The served script: the widget's function called with socket.io's export and its CSS.

    >>> widget = "function icrmWidget(io, css) {}"
    >>> text = bundle_text(socket_io_js="module.exports = 1;", widget_js=widget, widget_css="a { }")
    >>> text.splitlines()[-2]
    'icrmWidget(module.exports, "a { }");'
    """
    if "function icrmWidget(" not in widget_js:
        raise ValueError("widget.js must define function icrmWidget(io, css)")
    return "\n".join(
        [
            "/* iCRM Assist chat widget (widget/static/widget.js) with socket.io-client (MIT). */",
            "(function () {",
            "var module = { exports: {} }, exports = module.exports;",
            SOURCE_MAP.sub("", socket_io_js).rstrip(),
            ";",
            widget_js.rstrip(),
            f"icrmWidget(module.exports, {json.dumps(widget_css)});",
            "})();",
        ]
    )


def build_bundle(socket_io: Path, static: Path = WIDGET_STATIC) -> Bundle:
    """Read the client at ``socket_io`` and the widget's files in ``static`` into one script."""
    text = bundle_text(
        socket_io_js=socket_io.read_text(encoding="utf-8"),
        widget_js="\n".join((static / name).read_text(encoding="utf-8") for name in WIDGET_SOURCES),
        widget_css=(static / "widget.css").read_text(encoding="utf-8"),
    )
    return Bundle(text=text, etag='"' + hashlib.sha256(text.encode()).hexdigest()[:32] + '"')

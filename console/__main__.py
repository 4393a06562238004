"""``python -m console``: serve the agents' console."""

from console.server import main

main()

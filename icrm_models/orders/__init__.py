"""Order look-ups shared by the action server, the CLI and the web shop."""

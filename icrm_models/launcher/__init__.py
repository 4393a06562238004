"""Start and stop the whole stack: Rasa server, action server and the demo web shop."""

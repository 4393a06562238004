"""``python -m web --port 8000 --rasa-url http://127.0.0.1:5005``: serve the demo shop."""

from web.server import main

if __name__ == "__main__":
    main()

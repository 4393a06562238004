"""``python -m actions``: start the action server."""

from actions.server import main

if __name__ == "__main__":  # register_package imports this module too; start only when run
    main()

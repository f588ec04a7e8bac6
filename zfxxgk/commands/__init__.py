"""Sub-commands of the ``zfxxgk`` CLI: each module has ``register(subparsers)``; see zfxxgk/cli.py."""

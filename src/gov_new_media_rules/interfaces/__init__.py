"""How people meet the library at a terminal: rendering tables that fit and reading what they type.

Kept apart from ``cli.py`` (argument wiring and commands) so that the rendering and the input
rules can be tested on their own, and reused by later interfaces (reports) without the CLI.
Nothing in the library's core imports this package.
"""

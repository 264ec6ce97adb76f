"""The library's version, in one place: the build reads it from here (pyproject.toml,
``[tool.hatch.version]``), and ``import gov_new_media_rules`` does not ask ``importlib.metadata``,
which costs a scan of the installed distributions on every start."""

__version__ = "0.1.0"

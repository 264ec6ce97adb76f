"""The validated policy library, kept between runs.

Loading the policy tree parses every TOML file and checks every quote against its source text:
about 150 ms, which every ``gnmr`` command paid before doing anything. The result depends only
on the files of the tree and on this library's own code, so it is kept, as Python keeps compiled
modules in ``__pycache__``, in the user's cache folder (``$GNMR_CACHE_DIR`` when set), under a
fingerprint of both: the path, size and modification time of every file under the policy tree and
of every module of the package, the library version and the Python version. Any edit to a policy
file or to the code makes a new fingerprint, and the tree is loaded and validated afresh.

The cache holds nothing the library did not compute itself from the tree; a file that cannot be
read back (truncated, from another Python) is ignored and replaced. ``GNMR_NO_CACHE=1`` turns it
off. Policy files stay data: nothing in them is executed, cached or not.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ._version import __version__

if TYPE_CHECKING:
    from .loading import PolicyLibrary

__all__ = ["CACHE_DIR_ENV", "cache_dir", "cached_library", "fingerprint"]

CACHE_DIR_ENV = "GNMR_CACHE_DIR"
_PACKAGE = Path(__file__).resolve().parent
_PREFIX = "library-"


def cache_dir() -> Path:
    override = os.environ.get(CACHE_DIR_ENV)
    if override:
        return Path(override).expanduser().absolute()
    import platformdirs

    return Path(platformdirs.user_cache_dir("gov-new-media-rules", appauthor=False))


def _files(folder: Path) -> list[tuple[str, int, int]]:
    found = []
    for directory, subfolders, names in os.walk(folder):
        subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
        for name in sorted(names):
            path = os.path.join(directory, name)
            try:
                status = os.stat(path)
            except OSError:
                continue
            found.append((os.path.relpath(path, folder), status.st_size, status.st_mtime_ns))
    return found


def fingerprint(root: Path) -> str:
    """What a loaded library depends on, as one hash: the tree's files and the package's own."""
    digest = hashlib.sha256(f"{__version__}\0{sys.version}\0{root}".encode())
    for part in (root, _PACKAGE):
        for entry in _files(part):
            digest.update(repr(entry).encode())
    return digest.hexdigest()[:32]


def cached_library(root: Path, load: Callable[[Path], PolicyLibrary]) -> PolicyLibrary:
    """``load(root)``, or the same library as a previous run computed it from the same files."""
    if os.environ.get("GNMR_NO_CACHE"):
        return load(root)
    folder = cache_dir()
    path = folder / f"{_PREFIX}{fingerprint(root)}.pickle"
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)  # noqa: S301 - written by this library, keyed by its fingerprint
    except Exception:  # absent, unreadable, truncated, from another version: load afresh
        pass
    library = load(root)
    _keep(library, folder, path)
    return library


def _keep(library: PolicyLibrary, folder: Path, path: Path) -> None:
    """Write the cache whole (a temporary file renamed), and drop the ones it replaces."""
    temporary = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".library-", dir=folder)
        with os.fdopen(handle, "wb") as out:
            pickle.dump(library, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
        temporary = None
        for old in folder.glob(f"{_PREFIX}*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:  # a read-only or full cache folder costs the next run its head start only
        pass
    finally:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)

"""Writing fixed files: atomically, keeping mode, byte-order mark and line endings, and
never over a file that changed on disk since it was read."""

from __future__ import annotations

import os
import stat
import tempfile

from migrator.model import Source


class WriteError(Exception):
    pass


def write_source(source: Source, text: str) -> None:
    path = source.path
    data = source.to_bytes(text)
    try:
        current = path.read_bytes()
    except OSError as error:
        raise WriteError(f"{path}: cannot be read back before writing ({error})") from error
    if current != source.raw:
        raise WriteError(
            f"{path}: changed on disk while it was being checked; not written. Run again."
        )
    target = path.resolve() if path.is_symlink() else path
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError as error:
        raise WriteError(f"{path}: cannot be written ({error}); check permissions") from error
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except OSError as error:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise WriteError(f"{path}: cannot be written ({error}); check permissions") from error

"""
Safety checks for untrusted Office files, run before any parser sees them.

An ``.xlsx`` or ``.docx`` file is a zip archive of XML parts.  Before it is
handed to openpyxl or python-docx, :func:`check_office_file` verifies that

* the file is what its extension says (zip magic bytes, then the content
  type of the main part: a workbook for ``.xlsx``, a document for ``.docx``;
  an old ``.xls`` or ``.doc`` file gets a message saying so);
* it is not a zip bomb: the number of members, the total uncompressed size
  and the compression ratio stay within :class:`Limits` (Python's
  :mod:`zipfile` never returns more bytes than a member declares, so the
  declared sizes checked here bound what the parsers can inflate);
* no XML part declares a DTD (``<!DOCTYPE``), so entity expansion (the
  "billion laughs") cannot happen whatever parser reads the part.  Office
  files never contain a DTD.  In addition openpyxl parses with defusedxml
  (a dependency of the ``office`` extra) and python-docx's lxml parser has
  ``resolve_entities=False``.

Sheet size is checked while reading (:meth:`Limits.check_sheet`).  Nothing in
a file is ever executed: macros (``vbaProject.bin``) are not even read.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import IO, Final

from attrs import frozen

from perftarget.exceptions import Location, Problem, TableError

__all__ = ["DEFAULT_LIMITS", "Limits", "check_office_file"]

_ZIP_MAGIC: Final = b"PK\x03\x04"
_OLE_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAIN_PART: Final[dict[str, tuple[str, tuple[bytes, ...]]]] = {
    ".xlsx": (
        "an Excel workbook",
        (b"spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml"),
    ),
    ".docx": (
        "a Word document",
        (b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml"),
    ),
}
_SKIPPED: Final = ((b"<!--", b"-->"), (b"<?", b"?>"))
_PROLOG_LIMIT: Final = 1 << 20


@frozen(kw_only=True)
class Limits:
    """
    Limits applied to untrusted files; pass your own to the readers to change them.

    Attributes:
        max_file_bytes: Largest file accepted, compressed.
        max_uncompressed_bytes: Largest total uncompressed size of a zip's members.
        max_ratio: Largest compression ratio (uncompressed / compressed) of a
            member larger than 1 MiB; ordinary sheets stay well below 100.
        max_members: Most members a zip may hold.
        max_rows: Most rows read from one sheet or table.
        max_columns: Most columns read from one sheet or table.
        max_cells: Most cells (rows × columns) in one sheet or table.

    Examples:
        >>> Limits(max_rows=10).max_rows
        10
    """

    max_file_bytes: int = 256 << 20
    max_uncompressed_bytes: int = 1 << 30
    max_ratio: int = 200
    max_members: int = 10_000
    max_rows: int = 1_048_576
    max_columns: int = 1_000
    max_cells: int = 20_000_000

    def check_sheet(self, rows: int, columns: int, where: Location) -> None:
        """
        Check a sheet's size.

        Args:
            rows: Rows read (or declared) so far.
            columns: Widest row read (or declared) so far.
            where: The sheet, for the message.

        Raises:
            TableError: A limit is exceeded; the message names it.
        """
        within = rows <= self.max_rows and columns <= self.max_columns
        if within and rows * columns <= self.max_cells:
            return  # the common case: readers call this once per row
        for value, limit, name in (
            (rows, self.max_rows, "max_rows"),
            (columns, self.max_columns, "max_columns"),
            (rows * columns, self.max_cells, "max_cells"),
        ):
            if value > limit:
                raise TableError(
                    [
                        Problem(
                            where=where,
                            message=f"sheet too large: {value} exceeds the limit Limits.{name}"
                            f"={limit} ({rows} rows × {columns} columns); raise the limit "
                            "if the file is trusted",
                        )
                    ]
                )


DEFAULT_LIMITS: Final = Limits()


def _fail(file: str, message: str) -> TableError:
    return TableError([Problem(where=Location(file=file), message=message)])


def check_office_file(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> None:
    """
    Check that an ``.xlsx`` or ``.docx`` file is safe to hand to its parser.

    Args:
        path: The file; its extension says what it must be.
        limits: The limits to apply.

    Raises:
        TableError: The file is not what its extension says, is too large,
            looks like a zip bomb, or declares a DTD; the message names the
            limit or the problem.
        OSError: The file cannot be read.
    """
    path = Path(path)
    file = str(path)
    suffix = path.suffix.lower()
    what, content_types = _MAIN_PART[suffix]
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise _fail(file, f"file too large: {size} bytes exceeds Limits.max_file_bytes")
    with path.open("rb") as stream:
        magic = stream.read(8)
    if magic.startswith(_OLE_MAGIC):
        old = ".xls" if suffix == ".xlsx" else ".doc"
        raise _fail(
            file,
            f"not {what}: this is an old binary Office file ({old}); save it as {suffix} first",
        )
    if not magic.startswith(_ZIP_MAGIC):
        raise _fail(file, f"not {what}: the file does not start like a {suffix} (zip) file")
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as error:
        raise _fail(file, f"not {what}: damaged zip archive ({error})") from None
    with archive:
        _check_members(archive, file, limits)
        try:
            types = archive.read("[Content_Types].xml")
        except KeyError:
            raise _fail(file, f"not {what}: the archive has no [Content_Types].xml") from None
        if not any(t in types for t in content_types):
            raise _fail(file, f"not {what}: the archive holds another kind of Office document")
        for info in archive.infolist():
            if info.filename.endswith((".xml", ".rels")):
                with archive.open(info) as part:
                    _check_prolog(part, file, info.filename)


def _check_members(archive: zipfile.ZipFile, file: str, limits: Limits) -> None:
    members = archive.infolist()
    if len(members) > limits.max_members:
        raise _fail(file, f"zip bomb suspected: {len(members)} members exceed Limits.max_members")
    total = 0
    for info in members:
        total += info.file_size
        if info.file_size > 1 << 20:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.max_ratio:
                raise _fail(
                    file,
                    f"zip bomb suspected: member {info.filename} expands {ratio:.0f} times, "
                    f"over Limits.max_ratio={limits.max_ratio}",
                )
    if total > limits.max_uncompressed_bytes:
        raise _fail(
            file,
            f"zip bomb suspected: {total} bytes uncompressed exceed "
            f"Limits.max_uncompressed_bytes={limits.max_uncompressed_bytes}",
        )


def _check_prolog(part: IO[bytes], file: str, name: str) -> None:
    """Reject a part whose prolog (the text before the root element) has a DTD."""
    buffer = part.read(65536)
    if buffer.startswith((b"\xff\xfe", b"\xfe\xff")):
        buffer = (buffer + part.read(_PROLOG_LIMIT)).decode("utf-16", errors="ignore").encode()
    position = 0
    eof = False
    while True:
        if not eof and _needs_more(buffer, position):
            chunk = part.read(65536)
            eof = not chunk
            buffer += chunk
            if len(buffer) > _PROLOG_LIMIT:
                break
            continue
        if position >= len(buffer):
            break
        if buffer.startswith(b"<!DOCTYPE", position):
            raise _fail(file, f"unsafe XML: part {name} declares a DTD (<!DOCTYPE)")
        for opener, closer in _SKIPPED:
            if buffer.startswith(opener, position):
                end = buffer.find(closer, position)
                position = len(buffer) if end < 0 else end + len(closer)
                break
        else:
            if buffer[position : position + 1] == b"<":
                return
            position += 1
    raise _fail(file, f"unsafe or malformed XML: part {name} has no root element in its first MiB")


def _needs_more(buffer: bytes, position: int) -> bool:
    for opener, closer in _SKIPPED:
        if buffer.startswith(opener, position) and buffer.find(closer, position) < 0:
            return True
    return len(buffer) - position < 9

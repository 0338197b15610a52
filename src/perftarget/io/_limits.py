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
  "billion laughs") cannot happen whatever parser reads the part.  Every
  member that an XML parser could read is checked, whatever its name, in
  UTF-8 or UTF-16/UTF-32 with or without a byte-order mark; a part that
  declares another encoding is refused.  Office files never contain a DTD.
  In addition openpyxl parses with defusedxml (a dependency of the
  ``office`` extra) and python-docx's lxml parser has
  ``resolve_entities=False``.

Every reader first calls :func:`check_regular_file`: only a regular file is
read (a device such as ``/dev/zero``, a named pipe or a socket is refused by
its type, before it is opened, even behind a symlink), and its size is
checked.  :func:`reading` is the one boundary every reader runs in: whatever
a damaged or hostile file makes a parser raise (a damaged zip, malformed
XML, a missing part, a bad encoding, a CSV error, a number out of range,
nesting too deep, a missing file or a directory) becomes a
:class:`~perftarget.TableError` naming the file.  Sheet size is checked
from the archive's metadata before a sheet is loaded and again while it is
read (:meth:`Limits.check_sheet`).  Nothing in a file is ever executed:
macros (``vbaProject.bin``) are not even read.
"""

from __future__ import annotations

import codecs
import csv
import decimal
import errno
import os
import stat
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Final

from attrs import frozen

from perftarget.core._lang import say
from perftarget.exceptions import Location, PerftargetError, Problem, TableError

__all__ = [
    "DEFAULT_LIMITS",
    "Limits",
    "check_office_file",
    "check_regular_file",
    "read_bytes",
    "reading",
]

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
_SKIPPED: Final = (("<!--", "-->"), ("<?", "?>"))
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
        max_rows: Most rows read from one sheet or table; for an ``.xlsx``
            checked from the sheet's declared dimension and its row count
            before the sheet is loaded.
        max_columns: Most columns read from one sheet or table.
        max_cells: Most cells (rows × columns) in one sheet or table.
        max_cell_chars: Longest cell, in characters (Excel's own limit).
        max_line_chars: Longest line of a text (``.txt``) file, in characters.
        max_depth: Deepest nesting of a JSON document.
        max_digits: Most digits in a number of a JSON document.
        max_exponent: Largest exponent (power of ten, either sign) of a
            number in a JSON document.

    Examples:
        >>> Limits(max_rows=10).max_rows
        10
    """

    max_file_bytes: int = 256 << 20
    max_uncompressed_bytes: int = 1 << 30
    max_ratio: int = 200
    max_members: int = 10_000
    max_rows: int = 100_000
    max_columns: int = 1_000
    max_cells: int = 20_000_000
    max_cell_chars: int = 32_767
    max_line_chars: int = 100_000
    max_depth: int = 64
    max_digits: int = 40
    max_exponent: int = 40

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
                raise TableError([Problem(where=where, message=over_limit(name, limit, value))])


DEFAULT_LIMITS: Final = Limits()


def over_limit(name: str, limit: int, found: int) -> str:
    """
    Say that a limit of :class:`Limits` was exceeded, and how to raise it.

    Examples:
        >>> print(over_limit("max_rows", 10, 11))  # doctest: +NORMALIZE_WHITESPACE
        too large: 11 exceeds the limit Limits.max_rows=10; if the file is trusted,
        pass Limits(max_rows=...) to the reader
    """
    return say(
        f"超出限制：{found} 超过 Limits.{name}={limit}；如文件可信，"
        f"可向读取函数传入 Limits({name}=...) 提高限制",
        f"too large: {found} exceeds the limit Limits.{name}={limit}; if the file is trusted, "
        f"pass Limits({name}=...) to the reader",
    )


def _fail(file: str, message: str) -> TableError:
    return TableError([Problem(where=Location(file=file), message=message)])


def _os_message(error: OSError) -> str:
    """The user's words for an operating-system error, without ``[Errno n]``."""
    if isinstance(error, FileNotFoundError):
        return say("找不到文件", "file not found")
    if isinstance(error, IsADirectoryError):
        return say("这是一个目录，不是文件", "is a directory, not a file")
    if isinstance(error, PermissionError):
        return say("没有读取权限", "permission denied")
    reason = error.strerror or os.strerror(error.errno or errno.EIO)
    return say(f"无法访问文件（{reason}）", f"cannot access the file ({reason})")


def os_problem(file: str, error: OSError) -> TableError:
    """
    Turn an operating-system error on ``file`` into a :class:`TableError`.

    Examples:
        >>> str(os_problem("x.csv", FileNotFoundError(2, "No such file")).problems[0])
        'x.csv: file not found'
    """
    return _fail(file, _os_message(error))


def check_regular_file(path: Path, limits: Limits = DEFAULT_LIMITS) -> int:
    """
    Check, before opening it, that ``path`` is a regular file within the size limit.

    The type comes from ``stat`` (a symlink is followed), so ``/dev/zero``,
    a named pipe or a socket is refused without being opened: their
    reported size says nothing about what reading them would give.

    Args:
        path: The file.
        limits: Its size limit (``max_file_bytes``).

    Returns:
        Its size in bytes.

    Raises:
        TableError: The file is missing, a directory, not a regular file,
            not readable, or too large; the message says which.
    """
    file = str(path)
    try:
        status = path.stat()
    except OSError as error:
        raise os_problem(file, error) from None
    if stat.S_ISDIR(status.st_mode):
        raise os_problem(file, IsADirectoryError(errno.EISDIR, "is a directory"))
    if not stat.S_ISREG(status.st_mode):
        raise _fail(
            file,
            say(
                "不是普通文件（设备、管道或套接字）：只读取普通文件",
                "not a regular file (a device, pipe or socket): only regular files are read",
            ),
        )
    if status.st_size > limits.max_file_bytes:
        raise _fail(file, over_limit("max_file_bytes", limits.max_file_bytes, status.st_size))
    return status.st_size


def read_bytes(path: Path, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """
    Read a whole regular file, never more than ``limits.max_file_bytes``.

    The file is opened without blocking and checked again once open, so a
    file swapped for a pipe after :func:`check_regular_file` cannot hang.

    Args:
        path: The file.
        limits: Its size limit.

    Returns:
        Its bytes.

    Raises:
        TableError: As :func:`check_regular_file`; also when the file grew
            past the limit while it was read.
    """
    check_regular_file(path, limits)
    file = str(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        raise os_problem(file, error) from None
    with os.fdopen(descriptor, "rb") as stream:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise _fail(file, say("不是普通文件", "not a regular file"))
        try:
            data = stream.read(limits.max_file_bytes + 1)
        except OSError as error:
            raise os_problem(file, error) from None
    if len(data) > limits.max_file_bytes:
        raise _fail(file, over_limit("max_file_bytes", limits.max_file_bytes, len(data)))
    return data


def _raised_by_us(error: BaseException) -> bool:
    """Whether the innermost frame of ``error``'s traceback is perftarget code."""
    trace = error.__traceback__
    if trace is None:
        return False
    while trace.tb_next is not None:
        trace = trace.tb_next
    return str(trace.tb_frame.f_globals.get("__name__", "")).startswith("perftarget")


def _xml_place(error: SyntaxError) -> str:
    line = getattr(error, "lineno", None)
    column = getattr(error, "offset", None)
    if not line:
        return ""
    return say(f"（第 {line} 行第 {column} 列）", f" (line {line}, column {column})")


@contextmanager
def reading(file: str) -> Iterator[None]:
    """
    Turn every failure caused by the content of ``file`` into a :class:`TableError`.

    Our own errors pass through unchanged.  What a parser raises on a damaged
    or hostile file becomes one problem naming the file: a damaged zip
    archive, malformed XML (with its line and column), a part missing from
    an archive, an encoding error, a CSV error, a number out of range,
    nesting too deep, a missing file, a directory, or a permission.  An
    error raised by perftarget's own code (a bug) is not hidden.

    Args:
        file: The file being read, for the message.

    Raises:
        TableError: What went wrong, in the user's language.

    Examples:
        >>> with reading("x.xlsx"):
        ...     raise zipfile.BadZipFile("Bad CRC-32 for file 'xl/styles.xml'")
        Traceback (most recent call last):
        ...
        perftarget.exceptions.TableError: 1 problem in the input:
          - x.xlsx: damaged zip archive: Bad CRC-32 for file 'xl/styles.xml'
    """
    try:
        yield
    except PerftargetError:
        raise
    except OSError as error:
        raise os_problem(file, error) from None
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise _fail(
            file, say(f"zip 压缩包已损坏：{error}", f"damaged zip archive: {error}")
        ) from None
    except SyntaxError as error:  # xml.etree ParseError, lxml XMLSyntaxError
        message = getattr(error, "msg", None) or str(error)
        raise _fail(
            file,
            say(
                f"XML 格式错误{_xml_place(error)}：{message}",
                f"malformed XML{_xml_place(error)}: {message}",
            ),
        ) from None
    except UnicodeError as error:
        raise _fail(
            file,
            say(f"文本编码无法识别：{error}", f"cannot decode the text: {error}"),
        ) from None
    except csv.Error as error:
        raise _fail(file, say(f"CSV 格式错误：{error}", f"malformed CSV: {error}")) from None
    except decimal.DecimalException:
        raise _fail(
            file, say("数值超出可处理的范围", "a number is out of the range perftarget handles")
        ) from None
    except RecursionError:
        raise _fail(file, say("嵌套过深", "nested too deeply")) from None
    except KeyError as error:
        if _raised_by_us(error):
            raise
        raise _fail(
            file, say(f"文件缺少必需的部分：{error}", f"a required part is missing: {error}")
        ) from None
    except (ValueError, IndexError, TypeError, AttributeError) as error:
        if _raised_by_us(error):
            raise
        kind = type(error).__name__
        raise _fail(
            file,
            say(f"文件内容无法读取（{kind}：{error}）", f"cannot read the file ({kind}: {error})"),
        ) from None


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
    what_zh = {".xlsx": "Excel 工作簿", ".docx": "Word 文档"}[suffix]

    def not_what(zh: str, en: str) -> str:
        return say(f"不是 {what_zh}：{zh}", f"not {what}: {en}")

    check_regular_file(path, limits)
    with path.open("rb") as stream:
        magic = stream.read(8)
    if magic.startswith(_OLE_MAGIC):
        old = ".xls" if suffix == ".xlsx" else ".doc"
        raise _fail(
            file,
            not_what(
                f"这是旧版二进制 Office 文件（{old}），请先另存为 {suffix}",
                f"this is an old binary Office file ({old}); save it as {suffix} first",
            ),
        )
    if not magic.startswith(_ZIP_MAGIC):
        raise _fail(
            file,
            not_what(
                f"文件开头不像 {suffix}（zip）文件",
                f"the file does not start like a {suffix} (zip) file",
            ),
        )
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as error:
        raise _fail(
            file, not_what(f"zip 压缩包已损坏（{error}）", f"damaged zip archive ({error})")
        ) from None
    with archive, reading(file):
        _check_members(archive, file, limits)
        try:
            types = archive.read("[Content_Types].xml")
        except KeyError:
            raise _fail(
                file,
                not_what(
                    "压缩包中没有 [Content_Types].xml", "the archive has no [Content_Types].xml"
                ),
            ) from None
        if not any(t in types for t in content_types):
            raise _fail(
                file,
                not_what(
                    "压缩包中是另一种 Office 文档",
                    "the archive holds another kind of Office document",
                ),
            )
        for info in archive.infolist():
            if info.is_dir():
                continue
            with archive.open(info) as part:
                named_xml = info.filename.lower().endswith((".xml", ".rels"))
                _check_prolog(part, file, info.filename, named_xml=named_xml)


def _check_members(archive: zipfile.ZipFile, file: str, limits: Limits) -> None:
    members = archive.infolist()
    if len(members) > limits.max_members:
        raise _fail(
            file,
            say(
                f"疑似 zip 炸弹：{len(members)} 个部件超过 Limits.max_members",
                f"zip bomb suspected: {len(members)} members exceed Limits.max_members",
            ),
        )
    total = 0
    for info in members:
        total += info.file_size
        if info.file_size > 1 << 20:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.max_ratio:
                raise _fail(
                    file,
                    say(
                        f"疑似 zip 炸弹：部件 {info.filename} 解压后扩大 {ratio:.0f} 倍，"
                        f"超过 Limits.max_ratio={limits.max_ratio}",
                        f"zip bomb suspected: member {info.filename} expands {ratio:.0f} times, "
                        f"over Limits.max_ratio={limits.max_ratio}",
                    ),
                )
    if total > limits.max_uncompressed_bytes:
        raise _fail(
            file,
            say(
                f"疑似 zip 炸弹：解压后 {total} 字节，超过 "
                f"Limits.max_uncompressed_bytes={limits.max_uncompressed_bytes}",
                f"zip bomb suspected: {total} bytes uncompressed exceed "
                f"Limits.max_uncompressed_bytes={limits.max_uncompressed_bytes}",
            ),
        )


# Byte patterns that open an XML document (XML 1.0, appendix F), with the
# codec that reads it; a byte-order mark first.
_OPENINGS: Final = (
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00<", "utf-16-be"),
    (b"<\x00", "utf-16-le"),
)
_WHITESPACE: Final = (b" ", b"\t", b"\r", b"\n")
_ENCODINGS: Final = frozenset(
    {"utf-8", "utf8", "utf-16", "utf-16le", "utf-16be", "us-ascii", "ascii"}
)


def _codec(head: bytes) -> str | None:
    """The codec an XML parser would read ``head`` with, or None if no parser would."""
    for opening, codec in _OPENINGS:
        if head.startswith(opening):
            return codec
    stripped = head.lstrip(b"".join(_WHITESPACE))
    if stripped.startswith(b"<"):
        return "utf-8"
    # UTF-16/32 text that starts with white space, without a byte-order mark
    for width, order in ((4, "be"), (4, "le"), (2, "be"), (2, "le")):
        pad = b"\x00" * (width - 1)
        for space in (*_WHITESPACE, b"<"):
            unit = pad + space if order == "be" else space + pad
            if head.startswith(unit):
                return f"utf-{width * 8}-{order}"
    return None


def _check_prolog(part: IO[bytes], file: str, name: str, *, named_xml: bool = True) -> None:
    """
    Reject a part whose prolog (the text before the root element) has a DTD.

    A part no XML parser would read (an image: it does not open with ``<``
    in any encoding) is skipped, unless its name says it is XML.
    """
    head = part.read(65536)
    codec = _codec(head)
    if codec is None:
        if named_xml and head.strip():
            raise _fail(
                file,
                say(
                    f"XML 格式错误：部件 {name} 不是 XML", f"malformed XML: part {name} is not XML"
                ),
            )
        return
    decoder = codecs.getincrementaldecoder(codec)(errors="replace")
    text = decoder.decode(head)
    declared = _declared_encoding(text)
    if declared is not None and declared not in _ENCODINGS:
        raise _fail(
            file,
            say(
                f"不安全的 XML：部件 {name} 声明了编码 {declared}，只接受 UTF-8 或 UTF-16",
                f"unsafe XML: part {name} declares the encoding {declared}; "
                "only UTF-8 and UTF-16 are read",
            ),
        )
    read = len(head)
    position = 0
    eof = len(head) < 65536
    while True:
        if not eof and _needs_more(text, position):
            chunk = part.read(65536)
            read += len(chunk)
            eof = not chunk
            text += decoder.decode(chunk, final=eof)
            if read > _PROLOG_LIMIT:
                break
            continue
        if position >= len(text):
            break
        if text.startswith("<!DOCTYPE", position) or text.startswith("<!ENTITY", position):
            raise _fail(
                file,
                say(
                    f"不安全的 XML：部件 {name} 声明了 DTD（<!DOCTYPE）",
                    f"unsafe XML: part {name} declares a DTD (<!DOCTYPE)",
                ),
            )
        for opener, closer in _SKIPPED:
            if text.startswith(opener, position):
                end = text.find(closer, position)
                position = len(text) if end < 0 else end + len(closer)
                break
        else:
            if text[position] == "<":
                return
            position += 1
    raise _fail(
        file,
        say(
            f"不安全或格式错误的 XML：部件 {name} 的前 1 MiB 中没有根元素",
            f"unsafe or malformed XML: part {name} has no root element in its first MiB",
        ),
    )


def _declared_encoding(text: str) -> str | None:
    """The ``encoding`` of an XML declaration at the start of ``text``, lower case."""
    text = text.lstrip("\ufeff")
    if not text.startswith("<?xml"):
        return None
    end = text.find("?>", 0, 400)
    declaration = text[: end if end > 0 else 400]
    at = declaration.find("encoding")
    if at < 0:
        return None
    rest = declaration[at + len("encoding") :].lstrip(" \t\r\n=").lstrip(" \t\r\n")
    if rest[:1] not in ("'", '"'):
        return "?"
    close = rest.find(rest[0], 1)
    return rest[1:close].strip().lower() if close > 0 else "?"


def _needs_more(text: str, position: int) -> bool:
    for opener, closer in _SKIPPED:
        if text.startswith(opener, position) and text.find(closer, position) < 0:
            return True
    return len(text) - position < 9

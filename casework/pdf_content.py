"""What in a PDF could act on its own when it is opened (pure; takes the file's bytes).

A careful scan of the PDF's object names, not a PDF parser (the project has none):
every name in the file is read, with ``#xx`` escapes decoded (``/J#61vaScript`` is
``/JavaScript``), and so is every name inside a compressed object stream
(``/Type /ObjStm``), where a PDF 1.5 file may keep its dictionaries. A name that
starts a script, an automatic action, a program or an attached file makes the PDF
one we do not take. An ``/OpenAction`` on its own (open at page 1) is harmless: one
that runs a script or a program names ``/JavaScript`` or ``/Launch`` too.

The bytes of other streams (photos, pages' drawings) are skipped: they are data, and
read as names they would refuse good files by chance. A string that happens to hold
such a name is refused: erring towards refusing, since a resident can print to a new
PDF.
"""

from __future__ import annotations

import re
import zlib

# Names that run something, act without being asked, or carry another file.
ACTIVE_NAMES = frozenset(
    {
        "JS",
        "JavaScript",
        "AA",  # additional actions: on open, close, page view, field change...
        "Launch",
        "EmbeddedFile",
        "EmbeddedFiles",
        "RichMedia",
        "XFA",
    }
)

_NAME = re.compile(rb"/([^\s/<>\[\]()\{\}%]*)")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_DICTIONARY_BEFORE = 4096  # how far back a stream's dictionary is looked for
_INFLATED_MAX = 32 * 1024 * 1024  # in all, from the object streams of one file


class Unreadable(ValueError):
    """An object stream we cannot read, so cannot check."""


def _names(data: bytes) -> set[str]:
    return {
        _ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), raw).decode("latin-1")
        for raw in _NAME.findall(data)
    }


def _split(data: bytes):
    """The file outside its streams (chunks), and each stream with the names of its
    dictionary. A stream's bytes (a photo, a page's drawing) are data, not objects: read
    as names they would refuse good files by chance."""
    outside, streams, pos = [], [], 0
    while (match := _STREAM.search(data, pos)) is not None:
        outside.append(data[pos : match.start()])
        head_from = data.rfind(b"obj", max(pos, match.start() - _DICTIONARY_BEFORE), match.start())
        head = data[head_from if head_from >= 0 else pos : match.start()]
        end = data.find(b"endstream", match.end())
        end = end if end >= 0 else len(data)
        streams.append((_names(head), data[match.end() : end]))
        pos = end + len(b"endstream")
    outside.append(data[pos:])
    return outside, streams


def active_content(data: bytes) -> set[str]:
    """The names in this PDF that would act on their own (empty: none).

    Raises ``Unreadable`` for an object stream packed in a way we cannot open (encrypted,
    damaged), or one that unpacks to more than we are willing to read.
    """
    outside, streams = _split(data)
    found = set().union(*(_names(chunk) for chunk in outside)) & ACTIVE_NAMES
    budget = _INFLATED_MAX
    for names, raw in streams:
        if "ObjStm" not in names:
            continue
        filters = names & {"FlateDecode", "Fl", "ASCIIHexDecode", "LZWDecode", "ASCII85Decode"}
        if not filters:
            found |= _names(raw) & ACTIVE_NAMES
            continue
        if filters - {"FlateDecode", "Fl"}:
            raise Unreadable("an object stream packed in a way we do not read")
        inflater = zlib.decompressobj()
        try:
            content = inflater.decompress(raw, budget + 1)
        except zlib.error as exc:
            raise Unreadable("an object stream that does not unpack") from exc
        budget -= len(content)
        if budget < 0:
            raise Unreadable("object streams that unpack to too much")
        found |= _names(content) & ACTIVE_NAMES
    return found

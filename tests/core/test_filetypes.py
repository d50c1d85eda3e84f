"""The type of an upload, judged on its content (decision 0188): plain functions, no database."""

from __future__ import annotations

import io
import zipfile

import pytest

from zvh.core.filetypes import FileType, is_utf8_text, ooxml_type, sniff

OOXML_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Override PartName="/main" ContentType="{main}"/></Types>'
)
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
XLSM_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"


def zipped(**entries: str | bytes) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name.replace("__", "[Content_Types].xml"), content)
    buffer.seek(0)
    return buffer


def ooxml(main: str) -> io.BytesIO:
    return zipped(__=OOXML_TYPES.format(main=main), **{"word/document.xml": "<w/>"})


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (io.BytesIO(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), FileType.PDF),
        (io.BytesIO(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), FileType.PNG),
        (io.BytesIO(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"), FileType.JPEG),
        (ooxml(DOCX_MAIN), FileType.DOCX),
        (ooxml(XLSX_MAIN), FileType.XLSX),
        (zipped(mimetype="application/vnd.oasis.opendocument.text"), FileType.ODT),
        (zipped(mimetype="application/vnd.oasis.opendocument.spreadsheet"), FileType.ODS),
        (io.BytesIO("Verslag huisbezoek: één zorg.\n".encode()), FileType.TEXT),
        # An executable renamed .pdf, a macro-enabled workbook, any other ZIP, a damaged ZIP,
        # an ODF drawing, text with a NUL byte or in Latin-1, an empty file: none allowed.
        (io.BytesIO(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00"), None),
        (ooxml(XLSM_MAIN), None),
        (zipped(**{"virus.exe": b"MZ"}), None),
        (io.BytesIO(b"PK\x03\x04 this is no archive"), None),
        (zipped(mimetype="application/vnd.oasis.opendocument.graphics"), None),
        (io.BytesIO(b"tekst\x00met nul"), None),
        (io.BytesIO("café".encode("latin-1")), None),
        (io.BytesIO(b""), None),
    ],
)
def test_the_type_comes_from_the_content(content, expected):
    content.read(3)  # wherever the file stands, the sniffer reads it from the start
    assert sniff(content) == expected
    assert content.tell() == 0


def test_a_character_split_between_chunks_is_still_text():
    encoded = "één".encode()
    assert is_utf8_text([encoded[:1], encoded[1:]])
    assert not is_utf8_text([encoded[:1]])  # cut off in the middle of a character


def test_an_office_file_naming_two_main_parts_is_neither():
    both = OOXML_TYPES.format(main=DOCX_MAIN) + OOXML_TYPES.format(main=XLSX_MAIN)
    assert ooxml_type(both.encode()) is None

"""Workbooks whose bytes depend only on their content: two saves of the same rows give the same file.

openpyxl's ``save`` stamps the document's "modified" property with the clock, and ``zipfile`` stamps every
member with the time it is written (and a sheet streamed through a temporary file with that file's time). Here
the workbook is written by openpyxl's own writer into a zip whose members all carry one fixed time, and the
document properties carry the time the caller gives (the day the figures are as at, say), never the clock."""

from __future__ import annotations

import shutil
from datetime import datetime
from typing import IO
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip member can carry
CHUNK = 1 << 16


class _FixedTimeZip(ZipFile):
    """A zip whose members carry :data:`ZIP_TIME` and the same permissions, whatever the clock or the disk."""

    def _info(self, name: str) -> ZipInfo:
        info = ZipInfo(name, date_time=ZIP_TIME)
        info.compress_type = self.compression
        info.external_attr = 0o600 << 16
        return info

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if not isinstance(zinfo_or_arcname, ZipInfo):
            zinfo_or_arcname = self._info(zinfo_or_arcname)
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        """A member copied from a file (openpyxl's streamed sheets) in chunks: bounded memory, fixed time."""
        with open(filename, "rb") as source, self.open(self._info(arcname or str(filename)), "w") as target:
            shutil.copyfileobj(source, target, CHUNK)


def save(workbook: Workbook, target: str | IO[bytes], *, when: datetime) -> None:
    """Write ``workbook`` to a path or a binary file; ``when`` (naive UTC) is its created and modified time."""
    workbook.properties.created = when
    workbook.properties.modified = when
    archive = _FixedTimeZip(target, "w", ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(workbook, archive).save()  # its save() closes the archive

"""Workbooks whose bytes depend only on their content: two saves of the same rows give the same file.

openpyxl's ``save`` stamps the document's "modified" property with the clock, and ``zipfile`` stamps every
member with the time it is written (and a sheet streamed through a temporary file with that file's time). Here
the workbook is written by openpyxl's own writer into a zip whose members all carry the time the caller gives
(the instant a version was frozen, the day the figures are as at), which is also the document's created and
modified time: never the clock. Written once, streamed: no second pass over the archive."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from typing import IO
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

ZIP_EPOCH = datetime(1980, 1, 1)  # the earliest time a zip member can carry
CHUNK = 1 << 16


class _FixedTimeZip(ZipFile):
    """A zip whose members carry one time and the same permissions, whatever the clock or the disk."""

    member_time: tuple = ZIP_EPOCH.timetuple()[:6]

    def _info(self, name: str) -> ZipInfo:
        info = ZipInfo(name, date_time=self.member_time)
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
    """Write ``workbook`` to a path or a binary file, stamped with ``when`` (an instant; naive is UTC; whole
    seconds, not before 1980)."""
    instant = when.astimezone(UTC).replace(tzinfo=None) if when.tzinfo is not None else when
    instant = max(instant.replace(microsecond=0), ZIP_EPOCH)
    workbook.properties.created = workbook.properties.modified = instant
    archive = _FixedTimeZip(target, "w", ZIP_DEFLATED, allowZip64=True)
    archive.member_time = instant.timetuple()[:6]
    ExcelWriter(workbook, archive).save()  # its save() closes the archive

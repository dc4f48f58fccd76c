"""A transmission as the API and the pages show it: status in the reader's language, problems told, the
difference from the version before, the version it was frozen as."""

from __future__ import annotations

from service.transmissions import labels, operations, rules
from service.transmissions.models import TransmissionDraft, TransmissionVersion


def version_data(version: TransmissionVersion | None) -> dict | None:
    if version is None:
        return None
    return {
        "id": version.id,
        "version": version.version,
        "sequence": version.sequence,
        "name": operations.version_name(version),
        "cut_off": version.cut_off,
        "due_on": version.due_on,
        "content_sha256": version.content_sha256,
        "frozen_at": version.frozen_at,
    }


def draft_data(draft: TransmissionDraft, *, with_content: bool = True) -> dict:
    # The list leaves out the content and so the comparison (two queries per draft); one draft shows both.
    previous, differences = operations.differences(draft) if with_content else (None, [])
    return {
        "id": draft.id,
        "version": draft.version,
        "cut_off": draft.cut_off,
        "due_on": draft.due_on,
        "with_indicators": rules.from_version(draft.version).with_indicators,
        "status": draft.status,
        "status_label": str(labels.STATUS_LABELS.get(draft.status, draft.status)),
        "progress": {"done": draft.rows_done, "total": draft.rows_total},
        "problems": [{**problem, "message": labels.problem_message(problem)} for problem in draft.problems or []],
        "content": draft.content if with_content else None,
        "previous": version_data(previous),
        "differences": differences,
        "frozen": version_data(operations.frozen_from(draft)),
        "created_at": draft.created_at,
        "built_at": draft.built_at,
    }

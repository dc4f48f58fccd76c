"""A job's visible progress: the row that shows it (an import, a transmission being built) updated and committed
at once, while the job's own work waits to be written in its one transaction at the end."""

from __future__ import annotations

from sqlalchemy import update

from service.extensions import db


def record_progress(model, row_id: int, **values) -> None:
    db.session.execute(
        update(model).where(model.id == row_id).values(**values).execution_options(synchronize_session=False)
    )
    db.session.commit()

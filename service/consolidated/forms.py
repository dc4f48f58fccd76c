"""The Commission's form asking for a consolidated export."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField
from wtforms.validators import Optional


class ExportRequestForm(FlaskForm):
    as_of = DateField(
        _l("Figures as of (YYYY-MM-DD)"),
        description=_l("Leave empty for today. Each country's latest frozen transmission up to this day is included."),
        validators=[Optional()],
    )

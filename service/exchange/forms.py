"""The platform administrator's form for loading the Commission's published rates."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, FileField, StringField, TextAreaField
from wtforms.validators import Length


class RatesUploadForm(FlaskForm):
    file = FileField(
        _l("The Commission's file (JSON or CSV)"),
        description=_l("Downloaded from InforEuro: a month's rates, or one currency's history."),
    )
    month = StringField(
        _l("Month (YYYY-MM)"),
        description=_l(
            "Needed for a month's rates, which do not name their month; for a history, loads that month only."
        ),
        validators=[Length(max=16)],
    )
    correct = BooleanField(_l("This file corrects months already loaded"))
    reason = TextAreaField(_l("Why the rates are corrected"), validators=[Length(max=2000)])

"""API: the common indicator catalogue and the specific objectives (public reference data)."""

from flask import jsonify
from sqlalchemy import select

from service.catalogue.models import Indicator, InterventionType, SpecificObjective
from service.catalogue.schemas import IndicatorSchema, InterventionTypeSchema, SpecificObjectiveSchema
from service.extensions import db


def indicators():
    """The common indicators of AMIF (Regulation (EU) 2021/1147, Annex VIII), every version.
    ---
    get:
      tags: [catalogue]
      responses:
        200: {description: Success., content: {application/json: {schema: {type: array, items: IndicatorSchema}}}}
    """
    rows = db.session.scalars(select(Indicator).order_by(Indicator.id))
    return jsonify(IndicatorSchema(many=True).dump(rows))


def specific_objectives():
    """The specific objectives of AMIF (Art. 3(2)) and technical assistance.
    ---
    get:
      tags: [catalogue]
      responses:
        200:
          description: Success.
          content: {application/json: {schema: {type: array, items: SpecificObjectiveSchema}}}
    """
    rows = db.session.scalars(select(SpecificObjective).order_by(SpecificObjective.number))
    return jsonify(SpecificObjectiveSchema(many=True).dump(rows))


def types_of_intervention():
    """The types of intervention of AMIF (Regulation (EU) 2021/1147, Annex VI, Tables 1–4), every version.
    ---
    get:
      tags: [catalogue]
      responses:
        200:
          description: Success.
          content: {application/json: {schema: {type: array, items: InterventionTypeSchema}}}
    """
    rows = db.session.scalars(
        select(InterventionType).order_by(
            InterventionType.dimension, InterventionType.objective, InterventionType.code, InterventionType.valid_from
        )
    )
    return jsonify(InterventionTypeSchema(many=True).dump(rows))

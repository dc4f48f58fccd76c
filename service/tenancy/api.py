"""API: the tenant's public profile."""

from flask import jsonify
from flask_babel import get_locale

from service.tenancy.current import current_tenant
from service.tenancy.schemas import TenantSchema


def profile():
    """The tenant's public profile: names, languages, currency, time zone, managing authority.
    ---
    get:
      tags: [tenants]
      responses:
        200: {description: Success., content: {application/json: {schema: TenantSchema}}}
        404: {description: No such tenant.}
    """
    tenant = current_tenant()
    language = str(get_locale())
    return jsonify(
        TenantSchema().dump(
            {
                "code": tenant.code,
                "name": tenant.name(language),
                "names": tenant.names,
                "country": tenant.country,
                "currency": tenant.currency,
                "languages": tenant.languages,
                "default_language": tenant.default_language,
                "timezone": tenant.timezone,
                "managing_authority": tenant.authority_name(language),
            }
        )
    )

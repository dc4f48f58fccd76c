"""The catalogue's API routes: shared reference data, public."""

from service.catalogue import api as catalogue


def add_routes(api) -> None:
    api.public.add_url_rule("/catalogue/indicators", "indicators", catalogue.indicators)
    api.public.add_url_rule("/catalogue/specific-objectives", "specific_objectives", catalogue.specific_objectives)
    api.public.add_url_rule(
        "/catalogue/types-of-intervention", "types_of_intervention", catalogue.types_of_intervention
    )

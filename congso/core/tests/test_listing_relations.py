import warnings

from django.apps import apps

from congso.core.backoffice.views import required_relations


def test_a_listing_without_declared_relations_joins_what_select_related_would():
    """The named relations give the query Django's deprecated select_related() gives, for
    every model of the project, so that no listing loses a join (and gains queries)."""
    compared = 0
    for model in apps.get_models():
        names = required_relations(model)
        named = model.objects.select_related(*names) if names else model.objects.all()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            every = model.objects.select_related()
        assert str(named.query) == str(every.query), model
        compared += bool(names)
    assert compared > 10

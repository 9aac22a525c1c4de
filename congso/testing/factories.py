"""Factories of the directory's records; accounts come from ``congso.testing.users``."""

import factory

from congso.directory.models import AdminUnit, Cluster, Organisation, Person, Population


class AdminUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdminUnit

    code = factory.Sequence(lambda n: f"{n:05d}")
    name = factory.Sequence(lambda n: f"Đơn vị {n}")
    type = AdminUnit.Type.COMMUNE
    level = AdminUnit.Level.COMMUNE
    parent = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        unit = model_class(*args, **kwargs)
        unit.fill_derived()
        unit.save()
        return unit


class ProvinceFactory(AdminUnitFactory):
    code = factory.Sequence(lambda n: f"{n % 100:02d}")
    name = "Nghệ An"
    type = AdminUnit.Type.PROVINCE
    level = AdminUnit.Level.PROVINCE


class DistrictFactory(AdminUnitFactory):
    code = factory.Sequence(lambda n: f"{n % 1000:03d}")
    type = AdminUnit.Type.DISTRICT
    level = AdminUnit.Level.DISTRICT
    parent = factory.SubFactory(ProvinceFactory)


class CommuneFactory(AdminUnitFactory):
    parent = factory.SubFactory(DistrictFactory)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Tổ chức {n}")
    kind = Organisation.Kind.OTHER
    admin_unit = factory.SubFactory(ProvinceFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        organisation = model_class(*args, **kwargs)
        organisation.fill_derived()
        organisation.save()
        return organisation


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {chr(65 + n % 26)}")
    organisation = factory.SubFactory(OrganisationFactory)
    position = Person.Position.OFFICER

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        person = model_class(*args, **kwargs)
        person.fill_derived()
        person.save()
        return person


class PopulationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Population

    unit = factory.SubFactory(ProvinceFactory)
    year = 2019
    total = 3327791
    source = "Tổng điều tra dân số 01/04/2019"


class ClusterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cluster

    name = factory.Sequence(lambda n: f"Cụm {n}")
    organisation = factory.SubFactory(OrganisationFactory)
    lead_unit = factory.SubFactory(DistrictFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        cluster = model_class(*args, **kwargs)
        cluster.fill_derived()
        cluster.save()
        return cluster

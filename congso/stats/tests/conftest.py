import pytest

from .factories import make_stats_world


@pytest.fixture
def world(roles, province, two_districts):
    return make_stats_world(roles, province, two_districts[0])

import pytest

from congso.core.demo import DemoPart, demo_parts, order_parts


def _part():
    return DemoPart(run=lambda context: None)


def test_demo_parts_run_after_the_parts_they_need():
    parts = {
        "stats": DemoPart(run=lambda c: None, after=("portal", "directory")),
        "portal": DemoPart(run=lambda c: None, after=("directory",)),
        "directory": _part(),
    }

    assert [label for label, _ in order_parts(parts)] == ["directory", "portal", "stats"]


def test_a_circle_of_demo_parts_is_refused():
    parts = {
        "a": DemoPart(run=lambda c: None, after=("b",)),
        "b": DemoPart(run=lambda c: None, after=("a",)),
    }

    with pytest.raises(ValueError, match="circle"):
        order_parts(parts)


def test_a_part_needing_an_app_without_a_demo_is_refused():
    with pytest.raises(ValueError, match="needs 'portal'"):
        order_parts({"stats": DemoPart(run=lambda c: None, after=("portal",))})


def test_every_installed_app_with_a_demo_module_takes_part():
    assert "directory" in [label for label, _ in demo_parts()]

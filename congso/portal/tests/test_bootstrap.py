import pytest
from wagtail.models import Collection, Locale, Page, Workflow, WorkflowPage

from congso.portal.bootstrap import ensure_wagtail_tree

pytestmark = pytest.mark.django_db


def test_an_emptied_database_gets_back_the_tree_portals_and_images_need():
    Page.objects.all().delete()
    Collection.objects.all().delete()
    Locale.objects.all().delete()

    ensure_wagtail_tree()

    root = Page.get_first_root_node()
    assert root.title == "Gốc"
    assert Collection.get_first_root_node().name == "Gốc"
    assert Locale.objects.get().language_code == "vi"
    assert WorkflowPage.objects.get(page=root).workflow == Workflow.objects.get(
        name="Phê duyệt của Ban biên tập"
    )


def test_the_tree_the_migrations_left_is_kept_as_it_is():
    root = Page.get_first_root_node()
    collection = Collection.get_first_root_node()

    ensure_wagtail_tree()

    assert list(Page.objects.filter(depth=1)) == [root]
    assert list(Collection.objects.filter(depth=1)) == [collection]
    assert WorkflowPage.objects.filter(page=root).count() == 1

"""The renditions the public pages show, found without a query where Wagtail's renditions cache
holds them. Wagtail's ``{% image %}`` looks each one up and writes it back to the cache on every
use; a listing of cards asks for a dozen at once, once per publication of its site."""

from wagtail.images.models import Filter

#: the rendition of an article's image on a card (portal/includes/article_card.html)
CARD_SPEC = "fill-480x300"

_FILTERS: dict[str, Filter] = {}


def image_filter(image, spec: str) -> Filter:
    """Wagtail's filter for ``spec``, parsed once per process, as it applies to ``image``."""
    found = _FILTERS.get(spec)
    if found is None:
        found = _FILTERS.setdefault(spec, Filter(spec=spec))
    return image.clean_filter_for_svg(found)


def _cache_key(image, spec: str) -> str:
    applied = image_filter(image, spec)
    model = image.get_rendition_model()
    return model.construct_cache_key(image, applied.get_cache_key(image), applied.spec)


def rendition(image, spec: str):
    """Wagtail's rendition of ``image`` for ``spec`` (what ``{% image %}`` shows): among the
    renditions read beforehand with the image, else in the renditions' cache, else from Wagtail
    (which reads or makes it, and keeps it in the cache)."""
    from wagtail.images.shortcuts import get_rendition_or_not_found

    applied = image_filter(image, spec)
    model = image.get_rendition_model()
    if "renditions" in getattr(image, "_prefetched_objects_cache", {}):
        try:
            return image.find_existing_rendition(applied)
        except model.DoesNotExist:
            pass
    else:
        cached = model.cache_backend.get(_cache_key(image, spec))
        if cached is not None:
            cached.image = image
            return cached
    return get_rendition_or_not_found(image, applied)


def without_cached_card_rendition(images: list) -> list:
    """Those of ``images`` whose card rendition the renditions' cache lacks (one cache read)."""
    if not images:
        return []
    keys = [_cache_key(image, CARD_SPEC) for image in images]
    cached = images[0].get_rendition_model().cache_backend.get_many(keys)
    return [image for image, key in zip(images, keys, strict=True) if key not in cached]


def remember_card_renditions(images) -> None:
    """Keep in the renditions' cache the card renditions of ``images`` read with them."""
    if not images:
        return
    model = images[0].get_rendition_model()
    found = {}
    for image in images:
        try:
            found[_cache_key(image, CARD_SPEC)] = image.find_existing_rendition(
                image_filter(image, CARD_SPEC)
            )
        except model.DoesNotExist:
            continue
    if found:
        model.cache_backend.set_many(found)

"""StreamField block definitions packed once per block and language, not once per request.

Wagtail's ``BlockWidget`` packs its block's definition (every child block, its labels, help
texts and widgets) with telepath the first time a form asks for the widget's markup or media,
and a form is built for every request: on a portal's article, the body's definition is about a
tenth of the page editor's time. The definition depends only on the block and on the language
the labels are translated into (telepath is given no request, no user), so it is kept per
(block, language) for the life of the process. A block whose choices were read from the
database when packed would keep its first answer: the project's blocks have fixed choices."""

from django.utils import translation
from wagtail.blocks.base import BlockWidget

_PACKED: dict[tuple[int, str], tuple] = {}
_build = BlockWidget._build_block_json


def _build_block_json(self) -> None:
    key = (id(self.block_def), translation.get_language() or "")
    packed = _PACKED.get(key)
    if packed is None or packed[0] is not self.block_def:
        _build(self)
        # the block is kept with its definition: its id cannot be given to another block
        packed = _PACKED[key] = (self.block_def, self._js_context, self._block_json)
    self._js_context, self._block_json = packed[1], packed[2]


def install() -> None:
    BlockWidget._build_block_json = _build_block_json

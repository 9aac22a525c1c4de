"""The portal's models. Each subject lives in its own module of this package and is re-exported
here, so that ``from congso.portal.models import ArticlePage`` works whatever module holds it."""

from .intro import IntroductionPage, SpokespersonPage  # noqa: F401
from .legal import LegalDocumentIndexPage, LegalDocumentPage  # noqa: F401
from .pages import (
    ArticlePage,
    ArticlePageTag,
    ArticleRelatedLink,
    HomePage,
    PortalPage,
    SectionPage,
)
from .qa import Question, QuestionPage  # noqa: F401
from .rating import PageStat  # noqa: F401
from .search import PortalSearchEntry  # noqa: F401 (the search index)
from .sites import Portal, PortalMember
from .workflow import PortalApprovalTask

__all__ = [
    "ArticlePage",
    "ArticlePageTag",
    "ArticleRelatedLink",
    "HomePage",
    "Portal",
    "PortalApprovalTask",
    "PortalMember",
    "PortalPage",
    "SectionPage",
]

"""How much of the back office a person meets is in Vietnamese.

Run::

    DEBUG=1 .venv/bin/python bench/admin_vietnamese.py [--list] [--reuse-db DIR] [--max-pages N]

Builds a throwaway SQLite database (migrate + the Nghệ An demo), then, for the login page and
for every demo account, crawls the back office the way the person would: from the dashboard
and the menu, following every link of every screen that stays in /admin/ (listings, add and
edit forms, detail views, choosers, reports, history, the account page, the help), at most
two addresses of each shape (``/admin/users/<id>/``) and never a link that logs out. A chooser
answers in JSON: its ``html`` is read like a page.

On each screen it reads what a person meets: the visible text, the ``title`` of the tab, the
``aria-label``, ``title``, ``placeholder`` and ``alt`` attributes, the value of buttons, the
menu and the strings the scripts draw (the sidebar's JSON, ``wagtailConfig.STRINGS``, and
the JavaScript catalog Wagtail's scripts translate their messages with).

A text is *Vietnamese* if it holds a Vietnamese letter (ă, â, đ, ê, ô, ơ, ư or a tone mark);
*English* if it holds none and holds a word of ``ENGLISH`` (words of Wagtail's and Django's
admin), or names Wagtail; otherwise it is data (codes, numbers, names, e-mail addresses) and
is not counted. ``ALLOWED`` lists proper nouns that read the same in both languages.
The share is Vietnamese / (Vietnamese + English), over the distinct texts of each screen and
over all screens. ``--list`` prints the English texts and where they were seen.
"""

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

USERS = [
    "admin",
    "giamdoc",
    "phogiamdoc",
    "chuyenvien",
    "doluong",
    "yenthanh",
    "xa",
    "vnpt",
    "bientap",
]
TEXT_ATTRS = ("placeholder", "title", "aria-label", "alt", "data-w-progress-active-value")
VIETNAMESE = set(
    "ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
    "ĂÂĐÊÔƠƯÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ"
)
# Words of Wagtail's and Django's admin; none of them is a Vietnamese word written without
# marks (so "in", "to", "no", "can", "an", "do" are left out).
ENGLISH = {
    "about",
    "access",
    "account",
    "action",
    "actions",
    "active",
    "add",
    "added",
    "admin",
    "administrator",
    "ago",
    "all",
    "allow",
    "and",
    "any",
    "approval",
    "approve",
    "approved",
    "are",
    "ascending",
    "assign",
    "assigned",
    "available",
    "back",
    "been",
    "by",
    "cancel",
    "change",
    "changed",
    "changes",
    "choose",
    "chooser",
    "clear",
    "click",
    "close",
    "collapse",
    "collection",
    "collections",
    "comment",
    "comments",
    "confirm",
    "content",
    "copy",
    "could",
    "create",
    "created",
    "creating",
    "current",
    "dashboard",
    "date",
    "default",
    "delete",
    "deleted",
    "descending",
    "details",
    "document",
    "documents",
    "download",
    "draft",
    "edit",
    "edited",
    "editor",
    "editors",
    "edits",
    "empty",
    "enter",
    "entries",
    "error",
    "errors",
    "expand",
    "explorer",
    "exploring",
    "export",
    "false",
    "field",
    "fields",
    "file",
    "filter",
    "filters",
    "first",
    "for",
    "found",
    "from",
    "group",
    "groups",
    "has",
    "have",
    "help",
    "hide",
    "history",
    "home",
    "id",
    "image",
    "images",
    "inactive",
    "is",
    "item",
    "items",
    "just",
    "keyboard",
    "language",
    "last",
    "latest",
    "level",
    "list",
    "live",
    "loading",
    "locked",
    "log",
    "login",
    "logout",
    "main",
    "menu",
    "minutes",
    "moderation",
    "moderators",
    "more",
    "move",
    "my",
    "name",
    "new",
    "next",
    "none",
    "not",
    "notifications",
    "now",
    "of",
    "or",
    "order",
    "owner",
    "page",
    "pages",
    "password",
    "permission",
    "permissions",
    "please",
    "port",
    "preview",
    "previous",
    "private",
    "profile",
    "public",
    "publish",
    "published",
    "recent",
    "remove",
    "report",
    "reports",
    "required",
    "reset",
    "results",
    "revisions",
    "role",
    "roles",
    "root",
    "save",
    "saved",
    "search",
    "select",
    "selected",
    "settings",
    "shortcuts",
    "show",
    "sign",
    "site",
    "sites",
    "snippet",
    "snippets",
    "sort",
    "status",
    "submit",
    "summary",
    "superuser",
    "task",
    "tasks",
    "the",
    "there",
    "this",
    "time",
    "title",
    "toggle",
    "true",
    "type",
    "unit",
    "unlock",
    "unsaved",
    "update",
    "updated",
    "upload",
    "usage",
    "use",
    "used",
    "user",
    "username",
    "users",
    "view",
    "was",
    "welcome",
    "were",
    "with",
    "workflow",
    "workflows",
    "yes",
    "you",
    "your",
}
ALLOWED = {"Cổng số", "VNPT", "Viettel", "MobiFone", "Email", "E-mail"}
# Data whatever its letters: e-mail addresses, time zone names, the version in the menu's footer,
# codes written in capitals with underscores (a statistics element such as INTERNET_NEW).
DATA = re.compile(
    r"^(?:[\w.+-]+@[\w-]+(\.[\w-]+)+|[A-Z][A-Za-z_-]+(?:/[A-Za-z_+-]+)+"
    r"|Wagtail v[\d.]+|[a-z_]+\.[a-z_]+|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)$"
)
WORD = re.compile(r"[A-Za-z]+")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")
SKIP_LINKS = re.compile(r"/logout/|/bulk/|/jsi18n/|/preview/|/export/|\?export=|/password_reset/")


def normalise(text: str) -> str:
    return " ".join(text.split())


def classify(text: str, data: set[str]) -> str | None:
    """ "vi", "en" or None (data)."""
    if not text or text in ALLOWED or text in data or DATA.match(text):
        return None
    if any(ch in VIETNAMESE for ch in text):
        return "en" if "Wagtail" in text else "vi"
    if "Wagtail" in text:
        return "en"
    text = PLACEHOLDER.sub(" ", text)
    if any(word.lower() in ENGLISH for word in WORD.findall(text)):
        return "en"
    return None


class Reader(HTMLParser):
    """Texts a person meets on a rendered page, and the admin addresses it links to."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.links: list[str] = []
        self.json: dict[str, str] = {}
        self._skip = 0
        self._json_id = None
        self._json_data: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style"):
            self._skip += 1
            if tag == "script" and attrs.get("type") == "application/json":
                self._json_id, self._json_data = attrs.get("id"), []
        for name in TEXT_ATTRS:
            if attrs.get(name):
                self.texts.append(attrs[name])
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.texts.append(attrs["value"])
        for name, value in attrs.items():
            if value and value.startswith("/admin/") and (name == "href" or name.endswith("url")):
                self.links.append(value)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in ("script", "style"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
            if self._json_id:
                self.json[self._json_id] = "".join(self._json_data)
                self._json_id = None

    def handle_data(self, data):
        if self._skip:
            if self._json_id:
                self._json_data.append(data)
            return
        self.texts.append(data)


def _strings(node, keys=None):
    """String values of a JSON tree (only under ``keys`` when given)."""
    if isinstance(node, dict):
        if keys is None and "_type" not in node:
            for value in node.values():
                yield from _strings(value)
        for key, value in node.items():
            if isinstance(value, dict) and "_val" in value:
                value = value["_val"]
            if keys and key in keys and isinstance(value, str):
                yield value
            elif key != "_type":
                yield from _strings(value, keys)
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item, keys)
    elif isinstance(node, str) and keys is None:
        yield node


def script_texts(json_scripts) -> tuple[list[str], list[str]]:
    """Texts the scripts draw from the page's JSON (menu, wagtailConfig.STRINGS), menu links."""
    texts, links = [], []
    if raw := json_scripts.get("wagtail-sidebar-props"):
        tree = json.loads(raw)
        texts += _strings(tree, {"label", "footer_text", "placeholder", "title"})
        links += [u for u in _strings(tree, {"url"}) if u.startswith("/admin/")]
    if raw := json_scripts.get("wagtail-config"):
        texts += _strings(json.loads(raw).get("STRINGS", {}))
    return texts, links


def javascript_catalog() -> list[str]:
    """Every message of Wagtail's JavaScript, as the browser gets it in Vietnamese."""
    from babel.messages.pofile import read_po
    from django.utils.translation.trans_real import DjangoTranslation
    from django.views.i18n import JavaScriptCatalog

    view = JavaScriptCatalog()
    paths = view.get_paths(["wagtail.admin"])
    view.translation = DjangoTranslation("vi", domain="djangojs", localedirs=paths)
    catalog = view.get_catalog()
    texts = []
    with open(Path(paths[0]) / "en" / "LC_MESSAGES" / "djangojs.po", "rb") as handle:
        for message in read_po(handle):
            if not message.id:
                continue
            msgid = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
            key = f"{message.context}\x04{msgid}" if message.context else msgid
            found = catalog.get(key)
            if isinstance(found, list):
                found = found[0]
            texts.append(found or msgid)
    return texts


def shape(url: str) -> str:
    path = url.split("?")[0].split("#")[0]
    return re.sub(r"/[0-9a-f]{2,}(?:-[0-9a-f]+)*/|/\d+/", "/<id>/", path)


def read(client, url):
    """(texts, links) of the screen at ``url``, or None when it is not an HTML screen."""
    response = client.get(url, follow=True, HTTP_ACCEPT="text/html")
    kind = response.get("Content-Type", "")
    if response.status_code not in (200, 404) or not kind:
        return None
    body = response.content.decode(errors="replace")
    if "json" in kind:
        try:
            body = json.loads(body).get("html") or ""
        except (ValueError, AttributeError):
            return None
    elif "html" not in kind:
        return None
    reader = Reader()
    reader.feed(body)
    extra, menu = script_texts(reader.json)
    texts = [normalise(t) for t in reader.texts + extra]
    return [t for t in texts if t], reader.links + menu


def crawl(client, who: str, max_pages: int, per_shape: int = 2) -> dict[str, list[str]]:
    screens: dict[str, list[str]] = defaultdict(list)
    queue = ["/admin/", "/admin/account/", "/admin/help/", "/admin/khong-co-trang-nay/"]
    visited, shapes = set(), defaultdict(int)
    while queue and len(visited) < max_pages:
        url = queue.pop(0)
        url = url.split("#")[0]
        if url in visited or SKIP_LINKS.search(url):
            continue
        name = shape(url)
        if shapes[name] >= per_shape:
            continue
        visited.add(url)
        shapes[name] += 1
        result = read(client, url)
        if result is None:
            continue
        texts, links = result
        screens[name].extend(texts)
        for link in links:
            # Sorting and paging give the same words again: one address per screen.
            if "?" in link and not re.search(r"\?(q|p)=|/chooser/", link):
                link = link.split("?")[0]
            if link not in visited:
                queue.append(link)
    print(f"  {who}: {len(visited)} screens", file=sys.stderr)
    return screens


def measure(max_pages: int) -> dict[str, list[str]]:
    from django.contrib.auth import get_user_model
    from django.test import Client

    results: dict[str, list[str]] = defaultdict(list)
    anonymous = Client()
    for url in ("/admin/login/", "/admin/password_reset/"):
        result = read(anonymous, url)
        if result:
            results[url].extend(result[0])
    # A failed sign-in shows its message.
    response = anonymous.post("/admin/login/", {"username": "admin", "password": "sai"})
    reader = Reader()
    reader.feed(response.content.decode())
    results["/admin/login/ (failed)"].extend(normalise(t) for t in reader.texts if t.strip())
    results["(scripts) JavaScript catalog"].extend(javascript_catalog())
    User = get_user_model()
    for username in USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            print(f"  no user {username}", file=sys.stderr)
            continue
        client = Client()
        client.force_login(user)
        for name, texts in crawl(client, username, max_pages).items():
            results[name].extend(texts)
    return results


def data_texts() -> set[str]:
    """Names and usernames of the demo: data, whatever their letters."""
    from django.contrib.auth import get_user_model

    names = set()
    for user in get_user_model().objects.all():
        names |= {user.username, user.get_full_name(), user.email}
    return names


def report(results, data: set[str], show: bool) -> tuple[int, int]:
    overall = {"vi": set(), "en": set()}
    where = defaultdict(set)
    rows = []
    for name in sorted(results):
        kinds = {"vi": set(), "en": set()}
        for text in set(results[name]):
            kind = classify(text, data)
            if kind:
                kinds[kind].add(text)
                if kind == "en":
                    where[text].add(name)
        overall["vi"] |= kinds["vi"]
        overall["en"] |= kinds["en"]
        rows.append((name, len(kinds["vi"]), len(kinds["vi"]) + len(kinds["en"])))
    width = max(len(r[0]) for r in rows)
    print("\nTexts a person meets in Vietnamese, distinct per screen:\n")
    for name, vi, total in rows:
        share = 100 * vi / total if total else 100.0
        print(f"  {name:<{width}}  {vi:4d}/{total:<4d}  {share:5.1f} %")
    vi, en = len(overall["vi"]), len(overall["en"])
    print(
        f"\n  {len(rows)} screens; distinct texts in Vietnamese {vi}/{vi + en} "
        f"= {100 * vi / max(vi + en, 1):.1f} %"
    )
    if show and en:
        print("\nEnglish texts and where they were seen:")
        for text in sorted(overall["en"]):
            places = sorted(where[text])
            more = f" (+{len(places) - 3})" if len(places) > 3 else ""
            print(f"  {text!r:60}  {', '.join(places[:3])}{more}")
    return vi, en


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--list", action="store_true", help="print the English texts")
    parser.add_argument("--reuse-db", metavar="DIR", help="keep the database in DIR")
    parser.add_argument("--max-pages", type=int, default=200, help="screens per account")
    args = parser.parse_args()

    var_dir = args.reuse_db or tempfile.mkdtemp(prefix="congso-bench-")
    os.environ["CONGSO_VAR_DIR"] = var_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congso.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    try:
        fresh = not (Path(var_dir) / "congso.sqlite3").exists()
        call_command("migrate", verbosity=0)
        if fresh:
            with open(os.devnull, "w") as devnull:
                call_command("demo", stdout=devnull)
        started = time.perf_counter()
        results = measure(args.max_pages)
        report(results, data_texts(), args.list)
        print(f"\n  crawled in {time.perf_counter() - started:.0f} s")
    finally:
        if not args.reuse_db:
            shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()

"""How much of the Wagtail admin a staff user sees in Vietnamese.

Run::

    DEBUG=1 .venv/bin/python bench/admin_translation.py [--without-overrides] [--list]

Builds a throwaway SQLite database (migrate + the Nghệ An demo), logs in as the demo accounts
and renders the admin screens they reach: the login page, the dashboard, the pages explorer
and search, images, documents, the account page, the users listing, every item of the menu
read from the rendered dashboard, and the add/edit forms of the directory listings.

Every visible text node, and the placeholder/title/aria-label attributes (and the value of
submit buttons), is classified against the union of the English msgids of the installed
catalogs (Django's, Wagtail's, third-party apps' and ours):

* a *UI string* equals a msgid or its Vietnamese msgstr (``%(name)s``/``{name}``
  placeholders match any text);
* it is *translated* if it equals a non-empty Vietnamese msgstr, *untranslated* if it equals
  the English msgid. Data (unit names, numbers, people) matches neither and is ignored.

``--without-overrides`` takes our ``congso/locale`` catalog out of the picture (LOCALE_PATHS
emptied, translation caches reset) to measure the admin as Wagtail and Django ship it.
``--list`` prints the untranslated strings seen; ``--reuse-db DIR`` keeps the database in DIR
between runs (faster when iterating).
"""

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

USERS = ["admin", "giamdoc", "chuyenvien", "doluong", "xa", "vnpt", "bientap"]
TEXT_ATTRS = ("placeholder", "title", "aria-label")
SKIP_TAGS = {"script", "style"}
PLACEHOLDER = re.compile(r"%\(\w+\)[-+ #0]*\d*(?:\.\d+)?[sdifr]|%[sdif]|\{\w*\}")


def normalise(text: str) -> str:
    return " ".join(text.split())


# --- catalogs ------------------------------------------------------------------------------


class Vocabulary:
    """English msgids and Vietnamese msgstrs, exact and with placeholders as wildcards.

    Each English form remembers where it comes from ((origin, context, msgid)), so the
    untranslated strings seen can be traced back to the messages to override."""

    def __init__(self):
        self.english: dict[str, set] = defaultdict(set)
        self.vietnamese: set[str] = set()
        self.english_patterns: list[tuple[str, re.Pattern, tuple]] = []
        self.vietnamese_patterns: list[tuple[str, re.Pattern, tuple]] = []

    @staticmethod
    def _pattern(text: str):
        parts = PLACEHOLDER.split(text)
        if len(parts) == 1:
            return None
        literal = max(parts, key=len)
        if sum(ch.isalpha() for ch in "".join(parts)) < 4:
            return None  # "%(title)s" alone, or "%(a)s: %(b)s", would match anything
        holders = PLACEHOLDER.findall(text)
        regex = re.escape(parts[0])
        for holder, part in zip(holders, parts[1:], strict=True):
            number = holder.endswith(("d", "f", "i"))
            regex += (r"[-+\d.,\s]+?" if number else "(?:.+?)") + re.escape(part)
        return literal, re.compile(regex, re.S)

    def add(self, english: str, vietnamese: str, source=None):
        english = normalise(english)
        vietnamese = normalise(vietnamese)
        if english:
            pattern = self._pattern(english)
            if pattern:
                self.english_patterns.append((*pattern, source))
            else:
                self.english[english].add(source)
        if vietnamese:
            pattern = self._pattern(vietnamese)
            if pattern:
                self.vietnamese_patterns.append((*pattern, source))
            else:
                self.vietnamese.add(vietnamese)

    def classify(self, text: str) -> str | None:
        if text in self.vietnamese or any(
            lit in text and rx.fullmatch(text) for lit, rx, _src in self.vietnamese_patterns
        ):
            return "vi"
        if text in self.english or any(
            lit in text and rx.fullmatch(text) for lit, rx, _src in self.english_patterns
        ):
            return "en"
        return None

    def sources(self, text: str) -> set:
        """Where an (untranslated) English text comes from."""
        if text in self.english:
            return set(self.english[text])
        return {src for lit, rx, src in self.english_patterns if lit in text and rx.fullmatch(text)}


def catalog_files():
    """(origin, path to the vi .po, path to the en .po or None) of every installed catalog."""
    import django
    from django.apps import apps
    from django.conf import settings

    found = []
    roots = [("django", Path(django.__file__).parent / "conf" / "locale")]
    for config in apps.get_app_configs():
        roots.append((config.name, Path(config.path) / "locale"))
    for path in settings.LOCALE_PATHS:
        roots.append(("congso", Path(path)))
    seen = set()
    for origin, root in roots:
        vi = root / "vi" / "LC_MESSAGES" / "django.po"
        en = root / "en" / "LC_MESSAGES" / "django.po"
        if root in seen or not (vi.exists() or en.exists()):
            continue
        seen.add(root)
        found.append((origin, vi if vi.exists() else None, en if en.exists() else None))
    return found


def read_catalog(path):
    from babel.messages.pofile import read_po

    with open(path, "rb") as handle:
        return read_po(handle)


def entries(catalog):
    """(key, [english forms], [vietnamese forms or empty], fuzzy) per message."""
    for message in catalog:
        if not message.id:
            continue
        ids = list(message.id) if isinstance(message.id, (list, tuple)) else [message.id]
        if isinstance(message.string, (list, tuple)):
            strings = [s for s in message.string if s]
        else:
            strings = [message.string] if message.string else []
        yield (message.context, ids[0]), ids, strings, message.fuzzy


def build_vocabulary(files):
    vocabulary = Vocabulary()
    coverage = {}  # origin -> (msgids, translated by the app, translated with ours)
    ours = {}
    for origin, vi, _en in files:
        if origin == "congso" and vi:
            for key, _ids, strings, fuzzy in entries(read_catalog(vi)):
                if strings and not fuzzy:
                    ours[key] = strings
    for origin, vi, en in files:
        all_keys = {}
        translated = set()
        for path, is_vi in ((en, False), (vi, True)):
            if not path:
                continue
            for key, ids, strings, fuzzy in entries(read_catalog(path)):
                all_keys[key] = ids
                for english in ids:
                    # Django and Wagtail capitalise verbose names ("workflow" -> "Workflow").
                    for form in {english, english[:1].upper() + english[1:]}:
                        vocabulary.add(form, "", (origin, *key))
                if is_vi and strings and not fuzzy:
                    translated.add(key)
                    for string in strings:
                        for form in {string, string[:1].upper() + string[1:]}:
                            vocabulary.add("", form)
        if origin.startswith("wagtail"):
            keys = set(all_keys)
            coverage[origin] = (
                len(keys),
                len(translated & keys),
                len((translated | set(ours)) & keys),
            )
    return vocabulary, coverage


# --- rendering -----------------------------------------------------------------------------


class TextCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.skip = 0
        self.json_scripts: dict[str, str] = {}
        self._script_id = None
        self._script_data: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in SKIP_TAGS:
            self.skip += 1
            if tag == "script" and attrs.get("type") == "application/json":
                self._script_id = attrs.get("id")
                self._script_data = []
        for name in TEXT_ATTRS:
            if attrs.get(name):
                self.texts.append(attrs[name])
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.texts.append(attrs["value"])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in SKIP_TAGS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in SKIP_TAGS and self.skip:
            self.skip -= 1
            if tag == "script" and self._script_id:
                self.json_scripts[self._script_id] = "".join(self._script_data)
                self._script_id = None

    def handle_data(self, data):
        if self.skip:
            if self._script_id:
                self._script_data.append(data)
            return
        self.texts.append(data)


def sidebar(html_scripts):
    """Labels and links of the sidebar menu (rendered by JavaScript from JSON)."""
    labels, urls = [], []
    raw = html_scripts.get("wagtail-sidebar-props")
    if not raw:
        return labels, urls

    def value(item):
        return item.get("_val") if isinstance(item, dict) else item

    def walk(node):
        if isinstance(node, dict):
            for key, item in node.items():
                item = value(item)
                if key in ("label", "footer_text") and isinstance(item, str) and item:
                    labels.append(item)
                elif key == "url" and isinstance(item, str) and item.startswith("/admin/"):
                    urls.append(item)
                else:
                    walk(item)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(json.loads(raw))
    return labels, urls


def screen_name(url: str) -> str:
    return re.sub(r"/\d+/", "/<id>/", url.split("?")[0])


def render(client, url):
    response = client.get(url, follow=True)
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return None, response.status_code
    collector = TextCollector()
    collector.feed(response.content.decode())
    labels, urls = sidebar(collector.json_scripts)
    texts = [normalise(t) for t in collector.texts + labels]
    return (texts, urls, response.content.decode()), 200


def first_edit_url(listing_url: str) -> str | None:
    """The edit form of the first object of the model viewset listed at ``listing_url``
    (for listings whose rows do not link to it)."""
    from django.urls import NoReverseMatch, reverse
    from wagtail.admin.viewsets import viewsets
    from wagtail.admin.viewsets.model import ModelViewSet

    for viewset in viewsets.viewsets:
        if not isinstance(viewset, ModelViewSet):
            continue
        if f"/admin/{viewset.url_prefix}/" != listing_url:
            continue
        obj = viewset.model._default_manager.order_by("pk").first()
        if obj is None:
            return None
        try:
            return reverse(viewset.get_url_name("edit"), args=[obj.pk])
        except NoReverseMatch:
            return None
    return None


def crawl(client, username, seen):
    """{screen: [texts]} for one user."""
    screens = defaultdict(list)

    def visit(url, name=None):
        result, status = render(client, url)
        if result is None:
            print(f"  {username}: {url} -> {status}", file=sys.stderr)
            return None
        screens[name or screen_name(url)].extend(t for t in result[0] if t)
        return result

    dashboard = visit("/admin/", "/admin/ (dashboard)")
    if dashboard is None:
        return screens
    _texts, menu, _html = dashboard
    fixed = [
        "/admin/pages/",
        "/admin/pages/search/?q=nghe",
        "/admin/images/",
        "/admin/documents/",
        "/admin/account/",
    ]
    if username == "admin":
        fixed.append("/admin/users/")
        from wagtail.models import Page

        root = Page.get_first_root_node()
        fixed.append(f"/admin/pages/{root.pk}/")
        first = root.get_children().first()
        if first:
            fixed.append(f"/admin/pages/{first.pk}/")
            fixed.append(f"/admin/pages/{first.pk}/edit/")
    for url in dict.fromkeys(fixed + menu):
        if url in ("/admin/",):
            continue
        result = visit(url)
        if result and url.startswith("/admin/directory/"):
            html = result[2]
            forms = []
            if f'href="{url}new/"' in html:
                forms.append(f"{url}new/")
            edit = re.search(rf'href="({re.escape(url)}edit/[^"/]+/)"', html)
            if edit:
                forms.append(edit.group(1))
            elif username == "admin" and (edit_url := first_edit_url(url)):
                forms.append(edit_url)
            for form in forms:
                visit(form)
    return screens


def measure(args):
    from django.contrib.auth import get_user_model
    from django.test import Client

    results = defaultdict(list)
    anonymous = Client(HTTP_ACCEPT_LANGUAGE="vi")
    login, _status = render(anonymous, "/admin/login/")
    if login:
        results["/admin/login/"].extend(t for t in login[0] if t)
    User = get_user_model()
    for username in USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            print(f"  no user {username}", file=sys.stderr)
            continue
        client = Client(HTTP_ACCEPT_LANGUAGE="vi")
        client.force_login(user)
        for screen, texts in crawl(client, username, results).items():
            results[screen].extend(texts)
    return results


def report(results, vocabulary, coverage, args):
    overall = {"vi": set(), "en": set()}
    occurrences = {"vi": 0, "en": 0}
    rows = []
    for screen in sorted(results):
        kinds = {"vi": set(), "en": set()}
        for text in results[screen]:
            kind = vocabulary.classify(text)
            if kind:
                kinds[kind].add(text)
                occurrences[kind] += 1
        overall["vi"] |= kinds["vi"]
        overall["en"] |= kinds["en"]
        total = len(kinds["vi"]) + len(kinds["en"])
        rows.append((screen, len(kinds["vi"]), total, kinds["en"]))
    overall["en"] -= overall["vi"]
    title = "without our overrides" if args.without_overrides else "with our overrides"
    print(f"\nUI strings seen in Vietnamese ({title}), distinct strings per screen:\n")
    width = max(len(r[0]) for r in rows)
    for screen, vi, total, untranslated in rows:
        share = 100 * vi / total if total else 100.0
        print(f"  {screen:<{width}}  {vi:4d}/{total:<4d}  {share:5.1f} %")
        if args.list and untranslated:
            for text in sorted(untranslated):
                print(f"      - {text}")
    vi, en = len(overall["vi"]), len(overall["en"])
    print(f"\n  OVERALL (distinct strings)  {vi}/{vi + en}  {100 * vi / max(vi + en, 1):.1f} %")
    occ = occurrences["vi"] + occurrences["en"]
    print(
        f"  OVERALL (occurrences)       {occurrences['vi']}/{occ}  "
        f"{100 * occurrences['vi'] / max(occ, 1):.1f} %"
    )
    if args.list:
        print("\nUntranslated strings (all screens):")
        for text in sorted(overall["en"]):
            where = "; ".join(
                f"{origin}: {msgid!r}" + (f" [{ctx}]" if ctx else "")
                for origin, ctx, msgid in sorted(vocabulary.sources(text), key=str)
            )
            print(f"  {text}    <- {where}")
    print("\nCatalog coverage of Wagtail's own vi catalogs (msgids translated):\n")
    totals = [0, 0, 0]
    for origin in sorted(coverage):
        count, own, with_ours = coverage[origin]
        totals = [totals[0] + count, totals[1] + own, totals[2] + with_ours]
        line = f"  {origin:<34} {own:4d}/{count:<4d} {100 * own / max(count, 1):5.1f} %"
        if not args.without_overrides:
            line += f"   with ours {100 * with_ours / max(count, 1):5.1f} %"
        print(line)
    line = (
        f"  {'all of Wagtail':<34} {totals[1]:4d}/{totals[0]:<4d} "
        f"{100 * totals[1] / max(totals[0], 1):5.1f} %"
    )
    if not args.without_overrides:
        line += f"   with ours {100 * totals[2] / max(totals[0], 1):5.1f} %"
    print(line)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--without-overrides", action="store_true")
    parser.add_argument("--list", action="store_true", help="print the untranslated strings")
    parser.add_argument("--reuse-db", metavar="DIR", help="keep the database in DIR")
    args = parser.parse_args()

    var_dir = args.reuse_db or tempfile.mkdtemp(prefix="congso-bench-")
    os.environ["CONGSO_VAR_DIR"] = var_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congso.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import override_settings, setup_test_environment
    from django.utils.translation import trans_real

    setup_test_environment()
    try:
        fresh = not (Path(var_dir) / "congso.sqlite3").exists()
        call_command("migrate", verbosity=0)
        if fresh:
            with open(os.devnull, "w") as devnull:
                call_command("demo", stdout=devnull)
        vocabulary, coverage = build_vocabulary(catalog_files())
        if args.without_overrides:
            with override_settings(LOCALE_PATHS=[]):
                trans_real._translations = {}
                trans_real._default = None
                results = measure(args)
        else:
            results = measure(args)
        report(results, vocabulary, coverage, args)
    finally:
        if not args.reuse_db:
            shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()

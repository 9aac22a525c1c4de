"""The back-office layer every app's Wagtail viewsets stand on.

- scoped views: each viewset names ``visible``, a selector taking the user, and every view
  reaches only what it returns (an out-of-scope id is a 404, a POST to it changes nothing);
- forms save through a service function (``save_function``), never ``form.save()``;
- listings search folded Vietnamese by whole words, link their first column, export to Excel
  and CSV that Vietnamese offices open correctly;
- read-only listings have no row menus.

The layer knows no app: scoping is what each app's ``visible`` selector says, so the modules
pass the directory's selectors (or their own) in.
"""

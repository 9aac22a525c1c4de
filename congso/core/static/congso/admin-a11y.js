// Accessibility of Wagtail's modal dialogs (choosers), checked by e2e/test_accessibility.py.
// Wagtail's modal-workflow.js builds the dialog itself (role="dialog" without a name) and
// loads into it a view whose header is an <h1>, a second one under the page's own: a screen
// reader announces a nameless dialog and two top-level titles. Each dialog's title becomes an
// <h2> that names the dialog.
(() => {
    "use strict";

    const label = (dialog) => {
        const title = dialog.querySelector(".modal-body h1, .modal-body h2");
        if (!title) {
            return;
        }
        let heading = title;
        if (title.tagName === "H1") {
            heading = document.createElement("h2");
            for (const attribute of title.attributes) {
                heading.setAttribute(attribute.name, attribute.value);
            }
            heading.replaceChildren(...title.childNodes);
            title.replaceWith(heading);
        }
        // The page's own header may use the same id: give the dialog's title one of its own.
        if (!heading.id || document.querySelectorAll(`[id="${heading.id}"]`).length > 1) {
            heading.id = `congso-dialog-title-${Math.random().toString(36).slice(2)}`;
        }
        dialog.setAttribute("aria-labelledby", heading.id);
    };

    const scan = () => {
        for (const dialog of document.querySelectorAll('.modal[role="dialog"]')) {
            label(dialog);
        }
    };

    new MutationObserver(scan).observe(document.documentElement, {
        childList: true,
        subtree: true,
    });
})();

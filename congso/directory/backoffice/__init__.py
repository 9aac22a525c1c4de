"""The directory's back office, one module a subject; ``wagtail_hooks`` registers them."""

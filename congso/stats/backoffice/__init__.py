"""The back-office screens of sector statistics, one module a subject."""

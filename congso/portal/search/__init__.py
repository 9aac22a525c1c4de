"""Vietnamese full-text search of the portals, per site and across all sites."""

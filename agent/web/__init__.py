"""``onward web``: the local web app (see docs/web.md). Templates and static files ship in the package."""

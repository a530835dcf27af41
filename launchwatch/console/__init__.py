"""The watch-floor console: a page served by the alerts service (`GET /console`), plain HTML, CSS and JavaScript.

The files are package data in `static/`, served as they are: no build step at run time. The map is
`static/korea-map.json`, made once from Natural Earth by `tools/build_map.py` (see `static/MAP-LICENCE.txt`).
"""

from __future__ import annotations

from importlib import resources

#: The files the console serves, by name, with their content types (nothing else is served).
STATIC_FILES: dict[str, str] = {
    "index.html": "text/html",
    "console.css": "text/css",
    "console.js": "text/javascript",
    "korea-map.json": "application/json",
    "MAP-LICENCE.txt": "text/plain",
}


def static_file(name: str) -> tuple[bytes, str] | None:
    """A console file's bytes and content type; None for any name that is not one of STATIC_FILES."""
    content_type = STATIC_FILES.get(name)
    if content_type is None:
        return None
    return resources.files(__name__).joinpath("static", name).read_bytes(), content_type

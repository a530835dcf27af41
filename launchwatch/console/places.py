"""Where the console draws things: the gazetteer's launch sites and the reports' impact areas, as coordinates.

Approximate public coordinates (degrees, WGS 84) of the sites `services/ingest/gazetteer.py` names, keyed by
its canonical names; an event that carries its own `lat`/`lon` is drawn there instead. Impact areas are the
`landing` values extraction gives, as a centre and a radius in degrees, nudged towards Japan when the
missile fell inside its EEZ.
"""

from __future__ import annotations

#: canonical site name -> (lat, lon)
SITES: dict[str, tuple[float, float]] = {
    "Sohae": (39.660, 124.705),
    "Musudan-ri": (40.856, 129.666),
    "Punggye-ri": (41.280, 129.080),
    "Sunan": (39.224, 125.670),
    "Sinpo": (40.030, 128.180),
    "Wonsan": (39.170, 127.480),
    "Kaechon": (39.700, 125.900),
    "Sariwon": (38.510, 125.760),
    "Jagang": (40.970, 126.600),
    "Hamhung": (39.920, 127.540),
    "Tongchon": (38.950, 127.890),
    "Sukchon": (39.410, 125.630),
    "Samsok": (39.080, 125.950),
    "Pyongsong": (39.250, 125.870),
    "Jangyon": (38.240, 125.100),
    "Pyongyang": (39.020, 125.750),
}

#: landing -> (lat, lon, radius in degrees); `<landing>:inside` when inside Japan's EEZ.
LANDINGS: dict[str, tuple[float, float, float]] = {
    "sea-of-japan": (39.8, 133.0, 2.2),
    "sea-of-japan:inside": (40.8, 138.6, 1.4),
    "yellow-sea": (36.6, 123.6, 1.6),
    "pacific": (39.5, 145.2, 2.0),
    "pacific:inside": (38.6, 143.6, 1.4),
}


def places() -> dict[str, object]:
    """What `GET /console/places.json` answers: sites and landing areas, for the page's map."""
    return {
        "sites": {name: {"lat": lat, "lon": lon} for name, (lat, lon) in SITES.items()},
        "landings": {name: {"lat": lat, "lon": lon, "radius": r} for name, (lat, lon, r) in LANDINGS.items()},
    }

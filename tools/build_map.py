"""Build the console's offline map of Korea and Japan from Natural Earth (through the `world-atlas` npm package).

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python tools/build_map.py package/countries-50m.json > launchwatch/console/static/korea-map.json

The output is the country outlines inside the console's bounding box, clipped to it and projected
(equirectangular, scaled by the cosine of the middle latitude) to SVG path data, about 100 KB. The
console draws it with no tiles and no network. Natural Earth is in the public domain; world-atlas is
ISC-licensed (see launchwatch/console/static/MAP-LICENCE.txt). Only the standard library is used.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

#: lon_min, lat_min, lon_max, lat_max: the Korean peninsula, Japan, the Yellow Sea and the Sea of Japan.
BBOX = (119.0, 29.0, 148.0, 47.0)
WIDTH = 600.0


def projection(bbox: tuple[float, float, float, float] = BBOX, width: float = WIDTH):
    lon0, lat0, lon1, lat1 = bbox
    k = width / (lon1 - lon0)
    squash = math.cos(math.radians((lat0 + lat1) / 2))
    height = (lat1 - lat0) * k / squash

    def project(lon: float, lat: float) -> tuple[float, float]:
        return (lon - lon0) * k, (lat1 - lat) * k / squash

    return project, height


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def clip(points: list[tuple[float, float]], bbox: tuple[float, float, float, float]) -> list[tuple[float, float]]:
    """Sutherland-Hodgman against the box: a polygon ring stays a closed ring along the box's edges."""
    lon0, lat0, lon1, lat1 = bbox
    edges = (
        (lambda p: p[0] >= lon0, lambda a, b: _at_x(a, b, lon0)),
        (lambda p: p[0] <= lon1, lambda a, b: _at_x(a, b, lon1)),
        (lambda p: p[1] >= lat0, lambda a, b: _at_y(a, b, lat0)),
        (lambda p: p[1] <= lat1, lambda a, b: _at_y(a, b, lat1)),
    )
    for inside, cross in edges:
        if not points:
            break
        out = []
        previous = points[-1]
        for point in points:
            if inside(point):
                if not inside(previous):
                    out.append(cross(previous, point))
                out.append(point)
            elif inside(previous):
                out.append(cross(previous, point))
            previous = point
        points = out
    return points


def _at_x(a: tuple[float, float], b: tuple[float, float], x: float) -> tuple[float, float]:
    return x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0])


def _at_y(a: tuple[float, float], b: tuple[float, float], y: float) -> tuple[float, float]:
    return a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y


def build(topology: dict) -> dict:
    project, height = projection()
    arcs = decode_arcs(topology)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = {"Polygon": [geometry.get("arcs", [])], "MultiPolygon": geometry.get("arcs", [])}.get(
            geometry["type"], []
        )
        parts = []
        for polygon in polygons:
            for indexes in polygon:
                clipped = clip(ring(arcs, indexes), BBOX)
                if len(clipped) < 3:
                    continue
                xy = [project(lon, lat) for lon, lat in clipped]
                parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in xy) + "Z")
        if parts:
            countries.append({"name": geometry.get("properties", {}).get("name", ""), "path": "".join(parts)})
    return {
        "source": "Natural Earth 1:50m admin-0 countries, via world-atlas 2.0.2 (countries-50m.json)",
        "bbox": list(BBOX),
        "width": WIDTH,
        "height": round(height, 1),
        "countries": sorted(countries, key=lambda c: c["name"]),
    }


if __name__ == "__main__":
    topology = json.loads(Path(sys.argv[1]).read_text())
    json.dump(build(topology), sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")

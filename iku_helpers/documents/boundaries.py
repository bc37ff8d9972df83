"""The boundaries of the 31 kecamatan of Kabupaten Jember, from the reference copy in the package.

Source and licence: ``referensi/README.md`` (cahyadsn/wilayah_boundaries, MIT). The polygons are
simplified by the source: right for a map of 31 areas, not for measuring areas or distances.

>>> kec = {k.nama: k for k in load_kecamatan()}
>>> len(kec), kec["Patrang"].kode
(31, '35.09.20')
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..core.tables import KECAMATAN

BOUNDARIES = Path(__file__).parent / "referensi" / "kecamatan_jember.geojson"
#: As the map cites it (spec section 12: the source file names no Kepmendagri, so no decree number).
ATTRIBUTION = "Batas kecamatan disederhanakan; sumber: cahyadsn/wilayah_boundaries (MIT)"

Point = tuple[float, float]  # (lng, lat)
Ring = tuple[Point, ...]  # closed: the last point repeats the first
Polygon = tuple[Ring, ...]  # the exterior ring first, then its holes (if any)


@dataclass(frozen=True)
class Kecamatan:
    """One kecamatan: kode wilayah, name as in ``tables.KECAMATAN``, label point and polygons."""

    kode: str
    nama: str
    label: Point
    polygons: tuple[Polygon, ...]


def _area(ring: Ring) -> float:
    """Signed shoelace area (degrees², positive counter-clockwise)."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:])) / 2


def _inside(point: Point, ring: Ring) -> bool:
    """Ray casting: whether the point lies inside the ring."""
    x, y = point
    hit = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            hit = not hit
    return hit


def _centroid(ring: Ring) -> Point:
    a = _area(ring)
    cx = sum((x0 + x1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in zip(ring, ring[1:])) / (6 * a)
    cy = sum((y0 + y1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in zip(ring, ring[1:])) / (6 * a)
    return cx, cy


def _label(source: Point, polygons: tuple[Polygon, ...]) -> Point:
    """The source's label point, or the centroid of the largest part where that lies outside
    every part (Puger: its centroid falls in the sea between the coast and Nusa Barung)."""
    if any(_inside(source, poly[0]) for poly in polygons):
        return source
    x, y = _centroid(max((poly[0] for poly in polygons), key=lambda r: abs(_area(r))))
    return round(x, 5), round(y, 5)


def _polygon(rings: list) -> Polygon:
    """GeoJSON rings as tuples, without rings of zero area (Sumberbaru has one: a point)."""
    as_tuples = (tuple((float(x), float(y)) for x, y in ring) for ring in rings)
    return tuple(ring for ring in as_tuples if _area(ring) != 0)


@lru_cache(maxsize=1)
def load_kecamatan() -> tuple[Kecamatan, ...]:
    """The 31 kecamatan in kode order; rings of zero area (degenerate holes) are dropped."""
    features = json.loads(BOUNDARIES.read_text(encoding="utf-8"))["features"]
    result = []
    for f in features:
        props, geom = f["properties"], f["geometry"]
        parts = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        polygons = tuple(_polygon(poly) for poly in parts)
        label = _label((float(props["lng"]), float(props["lat"])), polygons)
        result.append(Kecamatan(props["kode"], props["kecamatan"], label, polygons))
    names = {k.nama for k in result}
    if len(result) != len(KECAMATAN) or names != set(KECAMATAN):
        raise ValueError(f"{BOUNDARIES.name}: kecamatan names differ from tables.KECAMATAN: "
                         f"{sorted(names ^ set(KECAMATAN))}")
    return tuple(sorted(result, key=lambda k: k.kode))

"""The Jinja2 templates of the documents (``documents/templates/``): one cached environment.

Autoescaping is on, so data shown in a page stays text; a missing value (None, NA, NaN) prints as
nothing. Every template knows ``dinas``, ``decree`` and ``plan_period`` (:mod:`iku_helpers.core.facts`).
A fragment rendered here and put into another template is passed as :func:`safe`.

>>> render("badge.html", kategori="Sedang & <lain>", bg="#fff", fg="#000").count("Sedang &amp; &lt;lain&gt;")
1
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from ..core.facts import DECREE, DINAS, PLAN_PERIOD
from ..core.formats import fmt_angka, fmt_persen, fmt_poin, fmt_tanggal, is_missing

TEMPLATES = Path(__file__).parent / "templates"

#: Trusted markup (a fragment rendered here, the style sheet): put into a template as it is.
safe = Markup


def css_string(value) -> str:
    """Text for a CSS string in double quotes (a page's margin box): backslash, quote and line
    breaks escaped.

    >>> print(css_string('PERCOBAAN "uji"'))
    PERCOBAAN \\"uji\\"
    """
    return str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def breakable(value) -> Markup:
    """A file name that may wrap after '/' and '_' (never inside a word), escaped.

    >>> str(breakable("2026/fasilitasi_perdagangan.csv"))
    '2026/<wbr>fasilitasi_<wbr>perdagangan.csv'
    """
    return Markup(re.sub(r"([/_])", r"\1<wbr>", str(escape(str(value)))))


def _shown(value):
    """What ``{{ value }}`` prints: nothing for a missing value, like the cells of a table."""
    return "" if is_missing(value) else value


@functools.cache
def environment() -> jinja2.Environment:
    """The one environment: templates from the package folder, autoescape, strict about names."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined, finalize=_shown,
                             trim_blocks=True, lstrip_blocks=True)
    env.filters.update(persen=fmt_persen, angka=fmt_angka, poin=fmt_poin, tanggal=fmt_tanggal,
                       px=lambda value: f"{value:.1f}", css_string=css_string,
                       breakable=breakable)
    env.globals.update(dinas=DINAS, decree=DECREE, plan_period=PLAN_PERIOD)  # the spec's facts, said once
    return env


def render(name: str, **context) -> str:
    """The template ``name`` filled in with ``context``."""
    return environment().get_template(name).render(**context)


@functools.cache
def stylesheet(name: str) -> Markup:
    """A style sheet of the templates folder, as it is (never passed through Jinja)."""
    return Markup((TEMPLATES / name).read_text(encoding="utf-8"))

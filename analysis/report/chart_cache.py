"""Charts kept per process by what they show, so a report downloaded again (or in a second
format's twin, the same content) does not draw its charts again.

Drawing is most of a report's time: on the demo workshop matplotlib's layout and SVG writing
took 10.9 of 15.4 profiled seconds for three HTML downloads (`cProfile` of
`GET …/report.html`). A chart depends only on its arguments (data frames and plain values) and
the format, so its bytes are kept under a digest of exactly those; new answers change the
frames and so the key. At most CHART_CACHE_SIZE charts are kept, the least recently used
dropped first.
"""

from __future__ import annotations

import dataclasses
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps
from typing import Any
from typing import TypeVar

import pandas as pd

CHART_CACHE_SIZE = 64  # charts (SVG 20–100 KB, PNG 30–80 KB each): a few MB per process at most

Draw = TypeVar("Draw", bound=Callable[..., bytes])
_ALL: list[OrderedDict[bytes, bytes]] = []  # every kept_chart's charts, for clear_all


class _Unkeyable(Exception):  # noqa: N818 - internal signal, never raised to a caller
    """An argument whose content cannot be digested: the chart is drawn, not kept."""


def _feed(digest: Any, value: Any) -> None:
    """Add one argument's content (type included) to the digest."""
    digest.update(type(value).__qualname__.encode())
    if isinstance(value, pd.DataFrame | pd.Series):
        frame = value.to_frame() if isinstance(value, pd.Series) else value
        digest.update(repr((list(frame.columns), [str(t) for t in frame.dtypes])).encode())
        try:
            rows = pd.util.hash_pandas_object(frame, index=True)
        except TypeError as unhashable:  # a cell holding a list or a dict
            raise _Unkeyable from unhashable
        digest.update(rows.to_numpy().tobytes())
    elif value is None or isinstance(value, str | int | float | bool | bytes):
        digest.update(repr(value).encode())
    elif isinstance(value, tuple | list):
        digest.update(str(len(value)).encode())
        for item in value:
            _feed(digest, item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):  # e.g. Bands
        for part in dataclasses.fields(value):
            digest.update(part.name.encode())
            _feed(digest, getattr(value, part.name))
    else:
        raise _Unkeyable


def content_key(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> bytes | None:
    """Return a SHA-256 digest of a chart function's name and arguments' content, or None when
    an argument is of a kind whose content is not digested (then nothing is kept)."""
    digest = hashlib.sha256(name.encode())
    try:
        for value in args:
            _feed(digest, value)
        for key in sorted(kwargs):
            digest.update(key.encode())
            _feed(digest, kwargs[key])
    except _Unkeyable:
        return None
    return digest.digest()


def kept_chart(draw: Draw) -> Draw:
    """Decorate a chart function (arguments → PNG or SVG bytes) to keep its bytes per process
    by its arguments' content; thread-safe (gunicorn's threads share one cache)."""
    charts: OrderedDict[bytes, bytes] = OrderedDict()
    _ALL.append(charts)
    lock = threading.Lock()

    @wraps(draw)
    def drawn(*args: Any, **kwargs: Any) -> bytes:
        key = content_key(draw.__qualname__, args, kwargs)
        if key is None:
            return draw(*args, **kwargs)
        with lock:
            if key in charts:
                charts.move_to_end(key)
                return charts[key]
        chart = draw(*args, **kwargs)
        with lock:
            charts[key] = chart
            while len(charts) > CHART_CACHE_SIZE:
                charts.popitem(last=False)
        return chart

    drawn.cache_clear = charts.clear  # type: ignore[attr-defined]
    return drawn  # type: ignore[return-value]


def clear_all() -> None:
    """Forget every kept chart (benches time drawing afresh with it)."""
    for charts in _ALL:
        charts.clear()

"""Worked examples of extension templates, shipped and tested with the library.

Each is a :class:`zfxxgk.Template` with a ``base``: a grammar fragment (``grammar/*.lark``, package
data), a transformer mixin for its new rules (if any), a :class:`~zfxxgk.spec.SpecExtension` with
its keys and labels, and a detector.  None is registered by default::

    import zfxxgk
    from zfxxgk.extensions import LEGACY_STATISTICS, PROVINCIAL_2021

    parser = zfxxgk.Parser(extensions=[LEGACY_STATISTICS, PROVINCIAL_2021])
    report = parser.parse(text)
    report.statistics["applications.received"].value        # a legacy report's 统计表

* :data:`LEGACY_STATISTICS` (``"legacy-statistics"``, base ``legacy``) — the pre-2019
  《政府信息公开情况统计表》 (2014–2018) into ``report.statistics``; see
  :mod:`zfxxgk.extensions.legacy_statistics`.
* :data:`PROVINCIAL_2021` (``"2021-provincial"``, base ``2021``) — one extra row in section 三,
  ``applications["other_handling.transferred"]``, to show ``%extend``; see
  :mod:`zfxxgk.extensions.provincial`.
* :data:`CONFIRMATION_2021` (``"2021-confirmation"``, base ``2021``) — one extra row in an Article 20
  table, ``active_disclosure["item_6"]["confirmation"]`` (行政确认), through an
  :class:`~zfxxgk.spec.ItemExtension`; in :mod:`zfxxgk.extensions.provincial`.

From the command line: ``zfxxgk parse --extension zfxxgk.extensions:PROVINCIAL_2021 …``.
"""

from .legacy_statistics import LEGACY_STATISTICS, StatisticsReport
from .provincial import CONFIRMATION_2021, PROVINCIAL_2021

__all__ = ["CONFIRMATION_2021", "LEGACY_STATISTICS", "PROVINCIAL_2021", "StatisticsReport"]

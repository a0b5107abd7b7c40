"""WHEN and WHERE: time expressions normalised against the publication date, event dates, and
places resolved offline to a gazetteer.

* ``timex.normalize``, ``timex.find_timexes``, ``timex.date_for``
* ``places.get_gazetteer``, ``places.resolve``, ``places.find_places``, ``places.place_for``

Decisions on ambiguous forms are written in ``docs/WHEN_WHERE.md`` and the module docstrings.
"""

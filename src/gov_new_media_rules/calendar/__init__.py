"""The calendar layer: working days under the State Council's schedules, and what the law fixes
for the years no schedule has reached yet.

* :mod:`.working_days` — the immutable :class:`WorkingDayCalendar` and the process-wide default;
* :mod:`.statutory` — the statutory holidays of any year under 《全国年节及纪念日放假办法》, which
  provisional mode uses past the end of the State Council data.
"""

from .working_days import (
    DueDate,
    WorkingDayCalendar,
    default_calendar,
    register_year,
    register_year_file,
    reset_default_calendar,
)

__all__ = [
    "DueDate",
    "WorkingDayCalendar",
    "default_calendar",
    "register_year",
    "register_year_file",
    "reset_default_calendar",
]

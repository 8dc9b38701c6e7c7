"""Helpers for crons that act on many records, shared by the CRM Suite add-ons."""

import logging

_logger = logging.getLogger(__name__)


def for_each_safely(records, action, what):
    """``action`` on each record in a savepoint of its own: a failure is logged, the others go on."""
    for record in records:
        try:
            with record.env.cr.savepoint():
                action(record)
        except Exception:
            _logger.exception("CRM Suite: %s failed for %s", what, record)

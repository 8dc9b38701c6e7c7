"""Helpers for crons that act on many records, shared by the CRM Suite add-ons."""

import logging

from psycopg2.errors import SerializationFailure

from odoo.tools import SQL

_logger = logging.getLogger(__name__)


def for_each_safely(records, action, what):
    """``action`` on each record in a savepoint of its own: a failure is logged, the others go on.

    Returns the records whose action failed.
    """
    failed_ids = []
    for record in records:
        try:
            with record.env.cr.savepoint():
                action(record)
        except Exception:
            _logger.exception("CRM Suite: %s failed for %s", what, record)
            failed_ids.append(record.id)
    return records.browse(failed_ids)


def lock_unclaimed(records):
    """Lock ``records`` for this transaction, leaving out those another transaction holds now.

    Two runs of a cron at once so share the work instead of doing it twice; the locked
    records are read afresh. When another run has already committed changes to some of
    them since this transaction began, PostgreSQL refuses the lock: that run has done
    them, and this one leaves the batch to the next run.
    """
    if not records:
        return records
    try:
        with records.env.cr.savepoint():
            records.env.cr.execute(
                SQL(
                    "SELECT id FROM %s WHERE id IN %s FOR UPDATE SKIP LOCKED",
                    SQL.identifier(records._table),
                    tuple(records.ids),
                ),
                log_exceptions=False,
            )
            locked = records.browse(record_id for (record_id,) in records.env.cr.fetchall())
    except SerializationFailure:
        return records.browse()
    locked.invalidate_recordset()
    return locked

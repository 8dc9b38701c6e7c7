"""Helpers for crons that act on many records, shared by the CRM Suite add-ons."""

import logging

from psycopg2.errors import SerializationFailure

from odoo.tools import SQL

_logger = logging.getLogger(__name__)


def for_each_safely(items, action, what, cr=None):
    """``action`` on each item in a savepoint of its own: a failure is logged, the others go on.

    ``items`` are records, or any values with the cursor ``cr`` given. Returns the items whose
    action failed: a recordset for records, else a list.
    """
    cursor = cr if cr is not None else items.env.cr
    failed = []
    for item in items:
        try:
            with cursor.savepoint():
                action(item)
        except Exception:
            _logger.exception("CRM Suite: %s failed for %s", what, item)
            failed.append(item)
    return items.browse([record.id for record in failed]) if cr is None else failed


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

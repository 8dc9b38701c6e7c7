from contextlib import contextmanager
from contextvars import ContextVar

from odoo import api, models
from odoo.exceptions import AccessError

# Set by Python code only (no RPC call can reach it, unlike the context): code of Odoo's that
# writes whole records back, such as the contact merge, leaves the engines' fields out.
_leave_engine_owned_fields_out = ContextVar("crm_suite_leave_engine_owned_fields_out", default=False)


@contextmanager
def leaving_engine_owned_fields_out():
    """Writes within drop the engine-owned fields instead of refusing them."""
    token = _leave_engine_owned_fields_out.set(True)
    try:
        yield
    finally:
        _leave_engine_owned_fields_out.reset(token)


class CrmSuiteEngineMixin(models.AbstractModel):
    """Fields the suite's engines decide: figures, classes, tiers, SLA clocks, sent markers.

    A field declared with ``engine_owned=True`` is written only as superuser: by the crons and
    by the sanctioned actions (a manager's class override or manual tier, the approval buttons),
    which check the user's right themselves and then write through ``sudo()``. Any other write,
    from a form, an import or an RPC call, is refused: ``readonly`` in a view protects nothing,
    and a forged tier, class or marker would make the engines pay out or notify again.
    """

    _name = "crm.suite.engine.mixin"
    _description = "Fields Decided by CRM Suite"

    @api.model
    def _valid_field_parameter(self, field, name):
        return name == "engine_owned" or super()._valid_field_parameter(field, name)

    @api.model
    def _engine_owned_fields(self):
        return {name for name, field in self._fields.items() if getattr(field, "engine_owned", False)}

    def _check_engine_owned_fields(self, written_names):
        if self.env.su:
            return
        forged = self._engine_owned_fields().intersection(written_names)
        if forged:
            labels = sorted(self._fields[name]._description_string(self.env) for name in forged)
            raise AccessError(
                self.env._(
                    "%(fields)s of %(model)s are recorded by CRM Suite itself (its schedules and its buttons)"
                    " and cannot be written by hand.",
                    fields=", ".join(labels),
                    model=self.env["ir.model"]._get(self._name).name,
                )
            )

    @api.model
    def default_get(self, fields):
        # No default decides them, whoever asks: neither a default_<field> in the context (a kanban
        # column's quick create sends one) nor a user's own ir.default, which Odoo applies even under sudo.
        defaults = super().default_get(fields)
        for name in self._engine_owned_fields().intersection(defaults):
            del defaults[name]
        return defaults

    @api.model_create_multi
    def create(self, vals_list):
        self._check_engine_owned_fields(set().union(*vals_list))
        return super().create(vals_list)

    def write(self, vals):
        if _leave_engine_owned_fields_out.get() and not self.env.su:
            vals = {name: value for name, value in vals.items() if name not in self._engine_owned_fields()}
        self._check_engine_owned_fields(vals)
        return super().write(vals)

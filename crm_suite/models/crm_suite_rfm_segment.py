from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmSuiteRfmSegment(models.Model):
    """A named RFM segment: the first rule, by sequence, whose ranges hold a customer's scores.

    R is the recency score; FM is the mean of the frequency and monetary scores,
    rounded down (a customer ranks higher only when both scores say so). Both run
    from 1 (worst fifth of the customers) to 5 (best).
    """

    _name = "crm.suite.rfm.segment"
    _description = "RFM Segment"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True, help="What this segment means and how to treat it.")
    recency_min = fields.Integer(string="Recency From", default=1, required=True)
    recency_max = fields.Integer(string="Recency To", default=5, required=True)
    frequency_monetary_min = fields.Integer(string="Frequency-Monetary From", default=1, required=True)
    frequency_monetary_max = fields.Integer(string="Frequency-Monetary To", default=5, required=True)
    color = fields.Integer()
    active = fields.Boolean(default=True)

    @api.constrains("recency_min", "recency_max", "frequency_monetary_min", "frequency_monetary_max")
    def _check_score_ranges(self):
        for segment in self:
            for low, high in (
                (segment.recency_min, segment.recency_max),
                (segment.frequency_monetary_min, segment.frequency_monetary_max),
            ):
                if not 1 <= low <= high <= 5:
                    raise ValidationError(
                        self.env._(
                            "Segment %(name)s: each range runs from 1 to 5, its start before its end.",
                            name=segment.name,
                        )
                    )

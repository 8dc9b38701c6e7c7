import { onWillStart } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { user } from "@web/core/user";
import { useService } from "@web/core/utils/hooks";
import { graphView } from "@web/views/graph/graph_view";
import { GraphRenderer } from "@web/views/graph/graph_renderer";

/**
 * The ABC Pareto curve with the company's class limits drawn across it: class A ends where the
 * cumulated revenue crosses the first line (80% by default), class B at the second (95%).
 */
export class AbcParetoGraphRenderer extends GraphRenderer {
    setup() {
        super.setup();
        this.orm = useService("orm");
        this.limits = [];
        onWillStart(async () => {
            const [company] = await this.orm.read(
                "res.company",
                [user.activeCompany.id],
                ["crm_suite_abc_a_percent", "crm_suite_abc_b_percent"]
            );
            this.limits = [
                { label: _t("A up to %s%%", company.crm_suite_abc_a_percent), share: company.crm_suite_abc_a_percent },
                { label: _t("B up to %s%%", company.crm_suite_abc_b_percent), share: company.crm_suite_abc_b_percent },
            ];
        });
    }

    getChartConfig() {
        const config = super.getChartConfig();
        if (config.type !== "line") {
            return config;
        }
        const limits = this.limits;
        const classLimits = {
            id: "crmSuiteAbcLimits",
            afterDatasetsDraw(chart) {
                const values = chart.data.datasets.flatMap((dataset) => dataset.data);
                const total = Math.max(0, ...values.filter((value) => typeof value === "number"));
                if (!total) {
                    return;
                }
                const { ctx, chartArea } = chart;
                const scale = chart.scales.y;
                ctx.save();
                ctx.setLineDash([6, 4]);
                ctx.strokeStyle = "#d9534f";
                ctx.fillStyle = "#d9534f";
                ctx.textAlign = "right";
                for (const limit of limits) {
                    const y = scale.getPixelForValue((total * limit.share) / 100);
                    ctx.beginPath();
                    ctx.moveTo(chartArea.left, y);
                    ctx.lineTo(chartArea.right, y);
                    ctx.stroke();
                    ctx.fillText(limit.label, chartArea.right - 4, y - 4);
                }
                ctx.restore();
            },
        };
        config.plugins = [...(config.plugins || []), classLimits];
        return config;
    }

    renderChart() {
        super.renderChart();
        // The drawn lines, said in words for those who cannot see the chart.
        this.canvasRef.el?.setAttribute("aria-label", this.limits.map((limit) => limit.label).join(", "));
    }
}

registry.category("views").add("crm_suite_abc_pareto_graph", {
    ...graphView,
    Renderer: AbcParetoGraphRenderer,
});

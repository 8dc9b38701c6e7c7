import { registry } from "@web/core/registry";

async function assertPictogram(href) {
    const img = document.querySelector(`a[href="${href}"] .o_portal_icon img`);
    await img.decode(); // rejects when the picture does not load
    const { width } = img.getBoundingClientRect();
    if (width > 64) {
        throw new Error(`The ${href} pictogram is ${width}px wide, larger than its neighbours'`);
    }
}

// A Hindi-speaking customer on the portal: their job card, its estimate and their complaint,
// in Hindi and in their own time zone.
registry.category("web_tour.tours").add("crm_suite_service_portal_hindi", {
    url: "/my",
    steps: () => [
        {
            content: "The portal home speaks Hindi",
            trigger: 'a[href="/my/job-cards"]:contains(जॉब कार्ड)',
            run: () => assertPictogram("/my/job-cards"),
        },
        {
            trigger: 'a[href="/my/complaints"]:contains(शिकायतें)',
            run: () => assertPictogram("/my/complaints"),
        },
        {
            trigger: 'a[href="/my/complaints"]',
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: ".o_portal_my_doc_table tr:contains(प्रेशर कुकर) a",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The reply we promised, in Hindi and India's time",
            trigger: "p:contains(जवाब देंगे):contains(10:30):not(:contains(10:30:00))",
        },
        {
            trigger: ".o_portal_submenu a[href='/my/home'], .breadcrumb a[href='/my/home']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: 'a[href="/my/job-cards"]',
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: ".o_crm_suite_job_card_row:contains(DL3CAB1234) a",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The promise in India's time, without seconds",
            trigger: ".o_crm_suite_job_card:contains(10:30):not(:contains(10:30:00))",
        },
        {
            content: "The estimate, its amount and how to approve it, in Hindi",
            trigger: ".o_crm_suite_job_estimate_card:contains(2,360.00) a.o_crm_suite_job_estimate:contains(देखें और स्वीकृत करें)",
        },
    ],
});

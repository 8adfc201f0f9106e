// Vast.ai: earnings, reliability, listing and rentals, with the metric names the seed's
// jjziets/vastai-exporter exports (docs/overview/metrics-used.md). That exporter names account totals
// vastai_* and machine state vast_machine_*; every name here is copied from the known-metric table.
#include "overview/generators/dashboards/dashboards.hpp"
#include "overview/scrape_jobs.hpp"

namespace dcm::overview {

Json vastai_dashboard(const Fleet& fleet, const RenderContext& context) {
  const std::string sel = kJobInstance;
  const std::string legend = "{{hostname}}";

  Dashboard d("dcm-vastai", "Vast.ai",
              "Vast.ai earnings, reliability and rentals of site " + fleet.site + ".", "vastai");
  d.variable(job_variable(std::string(kJobVastai)));
  d.variable(instance_variable());

  d.row("Account");
  d.panel(stat_panel("Balance", "Account balance plus credit, as Vast.ai reports it.",
                     "sum(vastai_current_total{" + sel + "})", "currencyUSD"));
  d.panel(stat_panel("Earnings per day", "What Vast.ai reports the machines earn per day.",
                     "sum(vastai_machine_earn_day{" + sel + "})", "currencyUSD"));
  d.panel(stat_panel("Earnings per hour", "What Vast.ai reports the machines earn per hour.",
                     "sum(vastai_machine_earn_hour{" + sel + "})", "currencyUSD"));
  auto listed = stat_panel("Machines listed", "Share of machines listed for rent.",
                           "sum(vast_machine_Listed{" + sel + "}) / count(vast_machine_Listed{" + sel + "})",
                           "percentunit", falling(0.5, 0.99));
  d.panel(listed);
  d.panel(stat_panel(
      "Machines verified", "Share of machines Vast.ai has verified.",
      "sum(vast_machine_Verification{" + sel + "}) / count(vast_machine_Verification{" + sel + "})",
      "percentunit", falling(0.5, 0.99)));
  d.panel(stat_panel("Lowest reliability", "The least reliable machine's score (0 to 1).",
                     "min(vast_machine_Reliability{" + sel + "})", "percentunit", falling(0.9, 0.97)));

  d.row("Machines");
  auto reliability = timeseries_panel("Reliability", "Vast.ai's reliability score per machine.",
                                      {{"vast_machine_Reliability{" + sel + "}", legend}}, "percentunit",
                                      falling(0.9, 0.97));
  reliability.max = 1;
  d.panel(reliability);
  d.panel(timeseries_panel(
      "Rentals running", "Rentals running on each machine, and how many are on-demand.",
      {{"vastai_machine_current_rentals_running{" + sel + "}", legend},
       {"vastai_machine_current_rentals_running_on_demand{" + sel + "}", legend + " on-demand"}},
      "short"));
  d.panel(timeseries_panel("Earnings per day", "Reported daily earnings per machine.",
                           {{"vastai_machine_earn_day{" + sel + "}", legend}}, "currencyUSD"));
  d.panel(
      timeseries_panel("GPUs registered and seen",
                       "GPUs the machines registered with Vast.ai against the GPUs dc-exporter finds on the "
                       "PCI bus: a gap is a GPU that fell off.",
                       {{"sum(vast_machine_num_gpus{" + sel + "})", "registered with Vast.ai"},
                        {"sum(dc_exporter_gpu_count)", "on the PCI bus (dc-exporter)"}},
                       "short"));
  auto machines = table_panel("Machines", "Listing, verification, reliability and GPUs of each machine.",
                              {"vast_machine_Listed{" + sel + "}", "vast_machine_Verification{" + sel + "}",
                               "vast_machine_Reliability{" + sel + "}", "vast_machine_num_gpus{" + sel + "}",
                               "vast_machine_timeout{" + sel + "}"});
  machines.width = 24;
  machines.hidden_columns = {"job", "instance", "account"};
  d.panel(machines);
  return d.build(context);
}

}  // namespace dcm::overview

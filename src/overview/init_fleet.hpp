// `dc-overview init`: a commented fleet.yaml from command-line answers. The text is parsed back with
// parse_fleet before anything is written, so init never leaves a fleet file that `generate` rejects.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dcm::overview {

struct InitWorker {
  std::string name;
  std::string ip;
  std::string gpu_vendor = "nvidia";
  std::vector<std::string> exporters;  // empty: the default for the vendor
};

struct InitOptions {
  std::string site;
  std::string master_ip;
  std::string master_name = "master";
  std::string grafana_domain;
  std::string ipmi_domain;
  std::string tls_mode = "self-signed";
  std::string acme_email;
  std::string internal_cidr;
  bool ipmi_monitor = true;
  bool vastai = false;
  std::string watchdog_url;
  std::vector<InitWorker> workers;
};

// "NAME=IP[,gpu=nvidia|amd|none][,exporters=node_exporter+dc_exporter]". Throws std::invalid_argument
// with a message naming the text and what was expected.
InitWorker parse_worker_flag(std::string_view text);

std::string render_fleet_yaml(const InitOptions& options);

}  // namespace dcm::overview

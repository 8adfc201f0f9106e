#include <gtest/gtest.h>

#include "overview/env_file.hpp"
#include "overview/init_fleet.hpp"
#include "overview/inventory.hpp"

namespace dcm::overview {
namespace {

InitOptions options() {
  InitOptions o;
  o.site = "jhb1";
  o.master_ip = "192.168.1.100";
  o.grafana_domain = "grafana.example.com";
  o.internal_cidr = "192.168.1.0/24";
  o.watchdog_url = "https://watchdog.example.com";
  o.vastai = true;
  o.workers = {parse_worker_flag("gpu-01=192.168.1.101"), parse_worker_flag("gpu-02=192.168.1.102,gpu=amd"),
               parse_worker_flag("gpu-03=192.168.1.103,exporters=node_exporter+dc_exporter")};
  return o;
}

TEST(InitFleet, ParsesWorkerFlags) {
  auto plain = parse_worker_flag("gpu-01=10.0.0.11");
  EXPECT_EQ(plain.name, "gpu-01");
  EXPECT_EQ(plain.ip, "10.0.0.11");
  EXPECT_EQ(plain.gpu_vendor, "nvidia");
  EXPECT_TRUE(plain.exporters.empty());
  auto full = parse_worker_flag("b=10.0.0.12,gpu=none,exporters=node_exporter");
  EXPECT_EQ(full.gpu_vendor, "none");
  EXPECT_EQ(full.exporters, std::vector<std::string>{"node_exporter"});
  for (const char* bad : {"gpu-01", "=10.0.0.1", "gpu-01=", "a=10.0.0.1,colour=red"}) {
    EXPECT_THROW(parse_worker_flag(bad), std::invalid_argument) << bad;
  }
}

TEST(InitFleet, WritesAFleetFileThatParsesBackToTheAnswers) {
  auto fleet = parse_fleet(render_fleet_yaml(options()), "fleet.yaml");
  EXPECT_EQ(fleet.site, "jhb1");
  EXPECT_EQ(fleet.master.ip, "192.168.1.100");
  EXPECT_EQ(fleet.grafana_domain, "grafana.example.com");
  EXPECT_EQ(fleet.internal_cidr, "192.168.1.0/24");
  EXPECT_TRUE(fleet.vastai);
  EXPECT_TRUE(fleet.ipmi_monitor);
  ASSERT_EQ(fleet.workers.size(), 3u);
  EXPECT_EQ(fleet.workers[1].gpu_vendor, GpuVendor::kAmd);
  EXPECT_FALSE(fleet.workers[2].has(WorkerExporter::kDcgmExporter));
  EXPECT_TRUE(fleet.workers[0].watchdog_agent);
}

TEST(InitFleet, CommentsExplainTheOptionalKeys) {
  auto text = render_fleet_yaml(options());
  EXPECT_NE(text.find("# alerts:"), std::string::npos);
  EXPECT_NE(text.find("never localhost"), std::string::npos);
  EXPECT_NE(text.find("Secrets never go here"), std::string::npos);
}

TEST(EnvFile, ListsTheSecretsTheFleetNeeds) {
  auto fleet = parse_fleet(render_fleet_yaml(options()), "fleet.yaml");
  std::vector<std::string> names;
  for (const auto& secret : required_secrets(fleet)) {
    names.push_back(secret.name);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"GRAFANA_ADMIN_PASS", "IPMI_USER", "IPMI_PASS", "VAST_API_KEY",
                                             "WATCHDOG_API_KEY"}));
  auto minimal = options();
  minimal.vastai = false;
  minimal.ipmi_monitor = false;
  minimal.watchdog_url.clear();
  EXPECT_EQ(required_secrets(parse_fleet(render_fleet_yaml(minimal), "fleet.yaml")).size(), 1u);
}

TEST(EnvFile, GeneratesOnlyWhatItCanAndLeavesTheRestEmpty) {
  auto fleet = parse_fleet(render_fleet_yaml(options()), "fleet.yaml");
  auto text = render_env(fleet, {"fleet.yaml"}, [](std::size_t n) { return std::string(n, 'k'); });
  auto values = parse_env(text);
  EXPECT_EQ(values.at("GRAFANA_ADMIN_PASS"), std::string(24, 'k'));
  EXPECT_EQ(values.at("VAST_API_KEY"), "");
  EXPECT_EQ(values.at("IPMI_PASS"), "");
  auto example = parse_env(render_env_example(fleet, {"fleet.yaml"}));
  EXPECT_EQ(example.size(), 5u);
  for (const auto& [name, value] : example) {
    EXPECT_TRUE(value.empty()) << name << " has a value in .env.example";
  }
}

TEST(EnvFile, ParsesShellStyleLines) {
  auto values = parse_env("# comment\n\nA=1\nexport B = two \nC=\"quoted value\"\nD='x'\nnot a line\n");
  EXPECT_EQ(values.at("A"), "1");
  EXPECT_EQ(values.at("B"), "two");
  EXPECT_EQ(values.at("C"), "quoted value");
  EXPECT_EQ(values.at("D"), "x");
  EXPECT_EQ(values.size(), 4u);
}

TEST(EnvFile, RecognisesPlaceholders) {
  for (const char* placeholder : {"", "your_secure_password", "your_vast_api_key", "changeme", "<token>"}) {
    EXPECT_TRUE(is_placeholder(placeholder)) << placeholder;
  }
  for (const char* real : {"Zx81-k2", "admin", "s3cr3t-but-real"}) {
    EXPECT_FALSE(is_placeholder(real)) << real;
  }
}

TEST(EnvFile, RandomTokensAreAlphanumericAndDiffer) {
  auto a = system_random_token(32);
  auto b = system_random_token(32);
  EXPECT_EQ(a.size(), 32u);
  EXPECT_NE(a, b);
  for (char c : a) {
    EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c))) << a;
  }
}

}  // namespace
}  // namespace dcm::overview

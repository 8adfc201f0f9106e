// The generated nginx sites pass `nginx -t` (Debian's nginx), for the self-signed and the Let's Encrypt
// modes. The site is included by a minimal nginx.conf in a scratch prefix, with the certificate paths pointed
// at a certificate and DH parameters made by openssl for the test.
#include <gtest/gtest.h>

#include "overview/generate.hpp"
#include "overview/inventory.hpp"
#include "tests/support/paths.hpp"
#include "tests/support/process.hpp"

namespace dcm::test {
namespace {

std::string site_for(const overview::Fleet& fleet) {
  for (const auto& file : overview::render_all(fleet, {})) {
    if (file.path == "nginx/dc-monitoring.conf") {
      return file.content;
    }
  }
  return {};
}

ProcessResult nginx_test(const TempDir& dir, std::string site) {
  const auto ssl = (dir / "ssl").string();
  for (auto pos = site.find("/etc/nginx/ssl"); pos != std::string::npos;
       pos = site.find("/etc/nginx/ssl", pos)) {
    site.replace(pos, 14, ssl);
  }
  write_file(dir / "site.conf", site);
  const auto prefix = dir.path().string();
  write_file(dir / "nginx.conf",
             "pid " + prefix +
                 "/nginx.pid;\nerror_log stderr;\nevents {}\nhttp {\n"
                 "  client_body_temp_path " +
                 prefix + "/body;\n  proxy_temp_path " + prefix + "/proxy;\n  fastcgi_temp_path " + prefix +
                 "/fastcgi;\n  uwsgi_temp_path " + prefix + "/uwsgi;\n  scgi_temp_path " + prefix +
                 "/scgi;\n  access_log off;\n  include " + prefix + "/site.conf;\n}\n");
  return run_process({"nginx", "-t", "-e", "stderr", "-p", prefix, "-c", (dir / "nginx.conf").string()});
}

class NginxSite : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(have_program("nginx")) << "nginx is missing: run scripts/deps";
    ASSERT_TRUE(have_program("openssl")) << "openssl is missing: run scripts/deps";
    write_file(dir_ / "ssl/.keep", "");
    auto cert = run_process({"openssl", "req", "-x509", "-nodes", "-days", "1", "-newkey", "rsa:2048",
                             "-keyout", (dir_ / "ssl/selfsigned.key").string(), "-out",
                             (dir_ / "ssl/selfsigned.crt").string(), "-subj", "/CN=192.168.1.100"});
    ASSERT_EQ(cert.exit_code, 0) << cert.err;
    // A DSA-style group (-dsaparam) takes a second to make, a safe-prime one minutes; nginx only loads it.
    auto dh =
        run_process({"openssl", "dhparam", "-dsaparam", "-out", (dir_ / "ssl/dhparam.pem").string(), "2048"});
    ASSERT_EQ(dh.exit_code, 0) << dh.err;
  }
  TempDir dir_;
};

TEST_F(NginxSite, TheSelfSignedSitePassesNginxTest) {
  auto fleet = overview::load_fleet(source_path("deploy/examples/fleet.yaml"));
  auto result = nginx_test(dir_, site_for(fleet));
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.err.find("test is successful"), std::string::npos) << result.err;
}

TEST_F(NginxSite, TheSelfSignedSiteWithIpmiUnderAPathPassesNginxTest) {
  auto fleet = overview::parse_fleet(
      "site: x\nmaster:\n  ip: 10.0.0.1\nworkers:\n  - {name: a, ip: 10.0.0.11}\n", "fleet.yaml");
  auto site = site_for(fleet);
  ASSERT_NE(site.find("location /ipmi/"), std::string::npos);
  auto result = nginx_test(dir_, site);
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
}

TEST_F(NginxSite, TheLetsEncryptSitePassesNginxTest) {
  auto fleet = overview::load_fleet(fixture_path("overview/fleets/letsencrypt.yaml"));
  auto result = nginx_test(dir_, site_for(fleet));
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
}

}  // namespace
}  // namespace dcm::test

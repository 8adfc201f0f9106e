// The simulator's control endpoint: how a test or a person turns the knobs of a running redfish-sim.
//   GET  /control/bmcs                      -> [{"index", "url", "fixture"}]
//   GET  /control/bmc/{i}/stats             -> VirtualBmc::stats()
//   POST /control/bmc/{i|all}/{verb}        with a JSON body, verbs:
//        delay {"ms"}                       every answer of that BMC waits this long
//        fault {"path", "kind"}             kind: http500 | invalid_json | truncated | none (remove)
//        clear_faults {}
//        credentials {"user", "password"}   what the BMC accepts from now on (wrong credentials for a client)
//        sessions {"enabled"}               false: POST to SessionService/Sessions answers 405
//        basic_auth {"enabled"}             false: only X-Auth-Token is accepted
//        expire_sessions {}                 every session token becomes invalid
//        page_size {"size"}                 collection page size (0: no paging)
//        add_log_entry {"service", "count"?, "fields"?}   returns the entries added
//        clear_log {"service"}
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "tests/tools/redfish_sim/virtual_bmc.hpp"

namespace dcm::test::redfish_sim {

// Applies one verb to one BMC. Throws std::invalid_argument with a readable reason for an unknown verb or a
// bad body.
nlohmann::json apply_control(VirtualBmc& bmc, const std::string& verb, const nlohmann::json& body);

}  // namespace dcm::test::redfish_sim

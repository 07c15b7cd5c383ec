#include <iostream>

#include <zmq.h>

#include "commands.hpp"
#include "squall/api/config.hpp"

namespace squall::cli {

void add_keygen_command(CLI::App& app, int& exit_code) {
  auto* command = app.add_subcommand(
      "keygen", "print a new ZeroMQ CURVE key pair as topology config, for the tcp transport between workers");
  command->callback([&exit_code] {
    char public_key[41], secret_key[41];
    if (zmq_curve_keypair(public_key, secret_key) != 0) {
      std::cerr << "this libzmq was built without CURVE support\n";
      exit_code = kRuntimeFailure;
      return;
    }
    // YAML, ready to paste under `config:`; quoted, since Z85 uses characters YAML reserves.
    std::cout << "# keep the secret key secret: whoever holds it can join the topology's links\n"
              << config_keys::kCurvePublicKey.name << ": \"" << public_key << "\"\n"
              << config_keys::kCurveSecretKey.name << ": \"" << secret_key << "\"\n";
    exit_code = kOk;
  });
}

}  // namespace squall::cli

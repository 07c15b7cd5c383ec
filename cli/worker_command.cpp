#include "commands.hpp"
#include "squall/runtime/worker_main.hpp"

namespace squall::cli {

void add_worker_command(CLI::App& app, int& exit_code) {
  auto* command = app.add_subcommand(
      "worker", "run one worker of a topology from its topology document (started by a supervisor, not by hand)");
  auto arguments = std::make_shared<WorkerArguments>();
  command->add_option("--document", arguments->document, "the topology document the supervisor wrote")->required();
  command->add_option("--worker", arguments->worker, "which worker of the run this process is")
      ->required()
      ->check(CLI::NonNegativeNumber);
  command->add_option("--run-id", arguments->run_id, "the run's id, shared by its workers")->required();
  command->callback([arguments, &exit_code] {
    int status = run_worker_process(*arguments);
    exit_code = status == 0 ? kOk : kRuntimeFailure;
  });
}

}  // namespace squall::cli

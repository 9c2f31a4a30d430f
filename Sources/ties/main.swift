import FoundationEssentials
import Glibc
import TiesEditorial

// Entry point: read flags, environment and config.json, then check or serve. Exit codes: 0 success,
// 1 the dataset (or the socket) refused, 2 bad configuration or flags.
let arguments = Array(CommandLine.arguments.dropFirst())
// Editorial subcommands work on dataset directories and never start a server.
if arguments.first == "changelog" { exit(ChangelogCommand.run(Array(arguments.dropFirst()))) }
if arguments.first == "draft" { exit(DraftCommand.run(Array(arguments.dropFirst()))) }
let options: Options
do {
    options = try Options.resolve(arguments: arguments, environment: ProcessInfo.processInfo.environment,
                                  workingDirectory: FileManager.default.currentDirectoryPath)
} catch {
    Log.standardError("ties: configuration refused:\n" + error.problems.map { "  \($0)\n" }.joined())
    exit(2)
}

switch options.mode {
case .help: print(Options.usage)
case .version: print("ties \(Version.string)")
case .check: exit(Check.run(options))
case .probe:
    switch Probe.target(options.probeTarget, config: options.config) {
    case .success(let target):
        let outcome = Probe.run(target)
        print(outcome.message)
        exit(outcome.healthy ? 0 : 1)
    case .failure(let problem):
        Log.standardError("ties: \(problem)\n")
        exit(2)
    }
case .serve: exit(Server.run(options))
}

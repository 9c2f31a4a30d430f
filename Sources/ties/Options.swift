import FoundationEssentials

/// What the command line asked for, after `config.json`, `PORT` and the flags are layered:
/// defaults < config.json < environment < flags (the most explicit wins).
struct Options: Equatable {
    enum Mode: Equatable { case serve, check, help, version, probe }
    var mode = Mode.serve
    var config = Config()
    /// The config file that was read, if any (for the startup log line).
    var configFile: String? = nil
    /// `--probe`'s URL or path; nil asks `/healthz` on this server's own port.
    var probeTarget: String? = nil

    static let usage = """
    usage: ties [--config FILE] [--host HOST] [--port N] [--data DIR] [--public DIR] [--check | --probe [URL]]
           ties changelog --from OLD_DIR --to NEW_DIR --reason TEXT   (see ties changelog --help)
           ties draft PAGE --into DATASET_DIR [--out DRAFT_DIR]       (see ties draft --help)

      --config FILE   settings (default: ./config.json when present, built-in defaults otherwise)
      --host HOST     address to bind ("::" = every IPv4 and IPv6 address)
      --port N        port to listen on (0 picks a free one); the PORT environment variable sets it too
      --data DIR      serve the dataset in DIR instead of the embedded one
      --public DIR    serve the dashboard from DIR
      --check         validate the configuration and the dataset, print every problem, and exit
                      (0 when valid, 1 when the dataset is not, 2 when the configuration is not)
      --probe [URL]   GET URL (default: /healthz on this server's own port; a path such as /readyz
                      or an http:// URL) and exit 0 on a 2xx answer, 1 otherwise: a health check for
                      images without curl
      --version       print the version and exit
      --help          print this text and exit

    Environment: PORT (port), TIES_RELOAD_TOKEN (bearer token for POST /admin/reload).
    """

    /// Parses flags and reads the config file; every problem comes back at once.
    static func resolve(arguments: [String], environment: [String: String], workingDirectory: String,
                        readFile: (String) -> Data? = { FileManager.default.contents(atPath: $0) }) throws(ConfigErrors) -> Options {
        var options = Options()
        var problems: [ConfigProblem] = []
        var flags: [String: String] = [:]
        var explicitConfig: String? = nil
        var i = 0
        let valued: Set = ["--config", "--host", "--port", "--data", "--public"]
        while i < arguments.count {
            let arg = arguments[i]
            // Accept both `--port 8080` and `--port=8080`.
            let (name, inline): (String, String?) = arg.firstIndex(of: "=").map { (String(arg[..<$0]), String(arg[arg.index(after: $0)...])) } ?? (arg, nil)
            switch name {
            case "--check": options.mode = .check
            case "--probe":
                options.mode = .probe
                // The URL is optional: take the next argument only when it looks like one.
                if let inline {
                    options.probeTarget = inline
                } else if i + 1 < arguments.count, arguments[i + 1].hasPrefix("/") || arguments[i + 1].hasPrefix("http://") {
                    i += 1
                    options.probeTarget = arguments[i]
                }
            case "--help", "-h": options.mode = .help
            case "--version": options.mode = .version
            case _ where valued.contains(name):
                if let inline {
                    flags[name] = inline
                } else if i + 1 < arguments.count {
                    i += 1
                    flags[name] = arguments[i]
                } else {
                    problems.append(ConfigProblem(location: name, message: "needs a value"))
                }
            default:
                problems.append(ConfigProblem(location: arg, message: "unknown option (see --help)"))
            }
            i += 1
        }
        explicitConfig = flags["--config"]
        guard problems.isEmpty else { throw ConfigErrors(problems: problems) }
        if options.mode == .help || options.mode == .version { return options }

        let configPath = explicitConfig.map { Config.resolve($0, against: workingDirectory) }
            ?? Config.resolve("config.json", against: workingDirectory)
        if let data = readFile(configPath) {
            options.config = try Config.parse(json: data, file: configPath,
                                              baseDirectory: URL(fileURLWithPath: configPath).deletingLastPathComponent().path)
            options.configFile = configPath
        } else if explicitConfig != nil {
            throw ConfigErrors(problems: [ConfigProblem(location: configPath, message: "cannot read the config file")])
        }

        if let port = environment["PORT"], !port.isEmpty {
            if let n = Int(port), (0...65_535).contains(n) { options.config.port = n }
            else { problems.append(ConfigProblem(location: "PORT", message: "must be a port number from 0 to 65535, got \"\(port)\"")) }
        }
        if let token = environment["TIES_RELOAD_TOKEN"], !token.isEmpty {
            if token.count >= 16 { options.config.reloadToken = token }
            else { problems.append(ConfigProblem(location: "TIES_RELOAD_TOKEN", message: "must be at least 16 characters")) }
        }
        if let host = flags["--host"] {
            if host.isEmpty { problems.append(ConfigProblem(location: "--host", message: "must not be empty")) }
            else { options.config.host = host }
        }
        if let port = flags["--port"] {
            if let n = Int(port), (0...65_535).contains(n) { options.config.port = n }
            else { problems.append(ConfigProblem(location: "--port", message: "must be a port number from 0 to 65535, got \"\(port)\"")) }
        }
        if let data = flags["--data"] { options.config.dataDirectory = Config.resolve(data, against: workingDirectory) }
        if let pub = flags["--public"] { options.config.publicDirectory = Config.resolve(pub, against: workingDirectory) }
        guard problems.isEmpty else { throw ConfigErrors(problems: problems) }
        return options
    }
}

import FoundationEssentials
import Glibc
import TiesCore

/// `ties --check`: validates what the server would load and says so, for editors and CI.
enum Check {
    static func run(_ options: Options) -> Int32 {
        let config = options.config
        print("config: ok (\(options.configFile ?? "built-in defaults"))")
        var failed = false
        let place = config.dataDirectory ?? EmbeddedDataset.description
        do throws(DatasetLoadError) {
            let snapshot = if let dir = config.dataDirectory {
                try DatasetLoader.load(directory: URL(fileURLWithPath: dir))
            } else {
                try DatasetLoader.loadEmbedded()
            }
            let c = snapshot.counts
            print("dataset: ok (\(place)): version \(snapshot.version), \(c.sources) sources, \(c.events) events, \(c.leaders) leaders, \(c.partnershipLevels) partnership levels, \(c.citations) citations checked")
        } catch {
            failed = true
            print("dataset: \(error.errors.count) problem\(error.errors.count == 1 ? "" : "s") in \(place):")
            for e in error.errors { print("  \(e)") }
        }
        if let pub = config.publicDirectory {
            var info = stat()
            if stat(pub, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
                print("dashboard: ok (\(pub))")
            } else {
                print("dashboard: \(pub) is not a directory; the API would be served without it")
            }
        }
        return failed ? 1 : 0
    }
}

import Foundation
import TiesCore

/// `ties --check`: validates what the server would load and says so, for editors and CI.
enum Check {
    static func run(_ options: Options) -> Int32 {
        let config = options.config
        print("config: ok (\(options.configFile ?? "built-in defaults"))")
        var failed = false
        let directory: URL
        if let dir = config.dataDirectory {
            directory = URL(fileURLWithPath: dir)
        } else {
            switch EmbeddedDataset.locate() {
            case .success(let dir): directory = dir
            case .failure(let error):
                print("dataset: \(error)")
                return 1
            }
        }
        let errors = DatasetLoader.validate(directory: directory)
        if errors.isEmpty {
            if let snapshot = try? DatasetLoader.load(directory: directory) {
                let c = snapshot.counts
                print("dataset: ok (\(directory.path)): version \(snapshot.version), \(c.sources) sources, \(c.events) events, \(c.leaders) leaders, \(c.partnershipLevels) partnership levels, \(c.citations) citations checked")
            }
        } else {
            failed = true
            print("dataset: \(errors.count) problem\(errors.count == 1 ? "" : "s") in \(directory.path):")
            for e in errors { print("  \(e)") }
        }
        if let pub = config.publicDirectory {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: pub, isDirectory: &isDir), isDir.boolValue {
                print("dashboard: ok (\(pub))")
            } else {
                print("dashboard: \(pub) is not a directory; the API would be served without it")
            }
        }
        return failed ? 1 : 0
    }
}

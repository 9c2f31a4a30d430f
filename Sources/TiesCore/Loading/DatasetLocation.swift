import Foundation

/// Finds the dataset that ships inside the binary's resource bundle without SwiftPM's generated
/// `Bundle.module`, which calls `fatalError` on Linux when the bundle is missing (a static binary copied
/// away from its `.resources` folder, say). Here a missing bundle is an error the caller can report.
public enum EmbeddedDataset {
    /// SwiftPM names the resource bundle `<package>_<target>`.
    public static let bundleName = "Ties_TiesCore"

    /// Candidate directories, in the order they are tried: each `preferred` directory (either a dataset
    /// directory itself or one holding `Dataset/` or the resource bundle), then the bundle next to the
    /// running executable, then the bundle next to `Bundle.main`.
    public static func candidates(preferring preferred: [URL] = []) -> [URL] {
        var out: [URL] = []
        for dir in preferred {
            out.append(dir)
            out.append(dir.appendingPathComponent("Dataset"))
            out.append(contentsOf: bundleCandidates(in: dir))
        }
        var exeDirs: [URL] = []
        let proc = URL(fileURLWithPath: "/proc/self/exe")
        if FileManager.default.fileExists(atPath: proc.path) {
            exeDirs.append(proc.resolvingSymlinksInPath().deletingLastPathComponent())
        }
        if let exe = Bundle.main.executableURL {
            exeDirs.append(exe.resolvingSymlinksInPath().deletingLastPathComponent())
        }
        exeDirs.append(Bundle.main.bundleURL)
        if let res = Bundle.main.resourceURL { exeDirs.append(res) }
        for dir in exeDirs { out.append(contentsOf: bundleCandidates(in: dir)) }
        var seen = Set<String>()
        return out.filter { seen.insert($0.standardizedFileURL.path).inserted }
    }

    private static func bundleCandidates(in dir: URL) -> [URL] {
        [
            dir.appendingPathComponent("\(bundleName).resources/Dataset"),              // Linux
            dir.appendingPathComponent("\(bundleName).bundle/Contents/Resources/Dataset"), // macOS
            dir.appendingPathComponent("\(bundleName).bundle/Dataset"),
        ]
    }

    /// The first candidate that holds a `dataset.json`, or an error listing where it looked.
    public static func locate(preferring preferred: [URL] = []) -> Result<URL, DatasetError> {
        firstDataset(in: candidates(preferring: preferred))
    }

    static func firstDataset(in all: [URL]) -> Result<URL, DatasetError> {
        for dir in all where FileManager.default.fileExists(atPath: dir.appendingPathComponent("dataset.json").path) {
            return .success(dir)
        }
        return .failure(DatasetError(.datasetNotFound, file: "dataset.json",
            "embedded dataset not found; looked in: " + all.map(\.path).joined(separator: ", ")
            + ". Copy \(bundleName).resources next to the executable or name a data directory."))
    }
}

import Foundation

/// Reads, validates and indexes a dataset directory. All or nothing: either every check passes and a
/// `Snapshot` comes back, or every error found is reported and nothing is loaded.
public enum DatasetLoader {
    /// The files every dataset has, besides `sources/` and `originals/`.
    public static let recordFiles = ["dataset.json", "countries.json", "topics.json", "leaders.json",
                                     "partnership-levels.json", "events.json"]

    /// Loads the dataset in `directory`.
    public static func load(directory: URL, now: Date = Date()) throws(DatasetLoadError) -> Snapshot {
        switch build(directory: directory, now: now) {
        case .success(let snapshot): return snapshot
        case .failure(let error): throw error
        }
    }

    /// Loads the dataset embedded in the binary's resources (see `EmbeddedDataset.locate`).
    public static func loadEmbedded(preferring preferred: [URL] = [], now: Date = Date()) throws(DatasetLoadError) -> Snapshot {
        switch EmbeddedDataset.locate(preferring: preferred) {
        case .success(let dir): return try load(directory: dir, now: now)
        case .failure(let error): throw DatasetLoadError([error])
        }
    }

    /// Every error in the dataset at `directory`; empty when it would load. For `--check`.
    public static func validate(directory: URL) -> [DatasetError] {
        switch build(directory: directory, now: Date()) {
        case .success: return []
        case .failure(let error): return error.errors
        }
    }

    static func build(directory: URL, now: Date) -> Result<Snapshot, DatasetLoadError> {
        let diagnostics = Diagnostics()
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDir), isDir.boolValue else {
            return .failure(DatasetLoadError([DatasetError(.datasetNotFound, file: directory.path,
                                                           "dataset directory does not exist")]))
        }
        let files = DatasetFiles(directory: directory, diagnostics: diagnostics)
        files.readAll()
        var builder = DatasetBuilder(files: files, diagnostics: diagnostics)
        let model = builder.build()
        guard diagnostics.isEmpty, let model else {
            return .failure(DatasetLoadError(diagnostics.errors))
        }
        let snapshot = Snapshot(model: model, version: files.contentHash(), loadedAt: now, directory: directory.path)
        return .success(snapshot)
    }
}

/// The bytes of a dataset directory, read once; the content hash is taken over exactly these bytes.
final class DatasetFiles {
    let directory: URL
    let diagnostics: Diagnostics
    /// Relative path → bytes, for every file read.
    private(set) var contents: [String: Data] = [:]
    /// Source ids found in `sources/` (both `.json` and `.txt` present), sorted.
    private(set) var sourceIds: [String] = []

    init(directory: URL, diagnostics: Diagnostics) {
        self.directory = directory
        self.diagnostics = diagnostics
    }

    func readAll() {
        for name in DatasetLoader.recordFiles { _ = read(name, required: true) }
        let fm = FileManager.default
        let sourcesDir = directory.appendingPathComponent("sources")
        guard let names = try? fm.contentsOfDirectory(atPath: sourcesDir.path) else {
            diagnostics.add(.missingFile, "sources/", nil, nil, "the sources directory is missing")
            return
        }
        var stems: [String: Set<String>] = [:]
        for name in names where !name.hasPrefix(".") {
            let url = URL(fileURLWithPath: name)
            let ext = url.pathExtension
            let stem = url.deletingPathExtension().lastPathComponent
            guard ext == "json" || ext == "txt" else {
                diagnostics.add(.invalidValue, "sources/\(name)", nil, nil,
                                "unexpected file: sources/ holds only <id>.json and <id>.txt pairs")
                continue
            }
            stems[stem, default: []].insert(ext)
        }
        for (stem, exts) in stems.sorted(by: { $0.key < $1.key }) {
            if !exts.contains("json") {
                diagnostics.add(.missingFile, "sources/\(stem).json", stem, nil, "text has no metadata file sources/\(stem).json")
            }
            if !exts.contains("txt") {
                diagnostics.add(.missingFile, "sources/\(stem).txt", stem, nil, "metadata has no text file sources/\(stem).txt")
            }
            if exts.count == 2 {
                sourceIds.append(stem)
                _ = read("sources/\(stem).json", required: true)
                _ = read("sources/\(stem).txt", required: true)
            }
        }
    }

    /// Reads a file relative to the dataset directory (once), recording it for the hash.
    func read(_ relative: String, required: Bool) -> Data? {
        if let data = contents[relative] { return data }
        let url = directory.appendingPathComponent(relative)
        guard FileManager.default.fileExists(atPath: url.path) else {
            if required { diagnostics.add(.missingFile, relative, nil, nil, "file is missing") }
            return nil
        }
        do {
            let data = try Data(contentsOf: url)
            contents[relative] = data
            return data
        } catch {
            diagnostics.add(.unreadableFile, relative, nil, nil, "cannot read: \(error.localizedDescription)")
            return nil
        }
    }

    subscript(relative: String) -> Data? { contents[relative] }

    /// SHA-256 over every file read, in byte order of their relative paths; each file contributes its path,
    /// a zero byte, its length as 8 bytes big-endian, and its bytes. Same files, same hash, any machine.
    func contentHash() -> String {
        var hasher = SHA256()
        for path in contents.keys.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
            let data = contents[path]!
            hasher.update(Array(path.utf8))
            hasher.update([0])
            let n = UInt64(data.count)
            hasher.update((0..<8).reversed().map { UInt8(truncatingIfNeeded: n >> (UInt64($0) * 8)) })
            data.withUnsafeBytes { raw in hasher.update(raw.bindMemory(to: UInt8.self)) }
        }
        return hasher.finalize()
    }
}

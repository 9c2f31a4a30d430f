import FoundationEssentials
import Glibc

/// The bytes of a dataset, read once; the content hash is taken over exactly these bytes.
final class DatasetFiles {
    /// Where the files are: a directory, or the dataset compiled into the binary.
    enum Storage {
        case directory(URL)
        case embedded

        var description: String {
            switch self {
            case .directory(let url): url.path
            case .embedded: EmbeddedDataset.description
            }
        }
    }

    let storage: Storage
    let diagnostics: Diagnostics
    /// The directory's path with a trailing slash, for joining names to: 10,000 files at scale, and a `URL`
    /// built, parsed and taken apart per file cost a third of reading them.
    private let directoryPrefix: String
    /// Relative path → bytes, for every file read.
    private(set) var contents: [String: [UInt8]] = [:]
    /// Source ids found in `sources/` (both `.json` and `.txt` present), sorted.
    private(set) var sourceIds: [String] = []
    /// The content hash of the files read when it started, taken on another thread.
    private var hash: (job: Background<String>, files: Int)?
    /// How many files' bytes were let go once hashed and used; they still count in the version.
    private var releasedCount = 0
    /// False when the dataset has originals: they are read during validation, after the hash started, and
    /// the version is then hashed again over every byte, which must still be here (never read twice: a
    /// file edited meanwhile would give a version that does not describe what was validated).
    private var mayRelease = false

    init(storage: Storage, diagnostics: Diagnostics) {
        self.storage = storage
        self.diagnostics = diagnostics
        if case .directory(let url) = storage {
            let path = url.path
            directoryPrefix = path.hasSuffix("/") ? path : path + "/"
        } else {
            directoryPrefix = ""
        }
    }

    func readAll() {
        for name in DatasetLoader.recordFiles { _ = read(name, required: true) }
        guard let names = list("sources") else {
            diagnostics.add(.missingFile, "sources/", nil, nil, "the sources directory is missing")
            return
        }
        var stems: [String: Set<String>] = [:]
        for name in names where !name.hasPrefix(".") {
            let dot = name.utf8.lastIndex(of: UInt8(ascii: ".")) ?? name.utf8.endIndex
            let stem = String(name[..<dot])
            let ext = dot == name.utf8.endIndex ? "" : String(name[name.utf8.index(after: dot)...])
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
    func read(_ relative: String, required: Bool) -> [UInt8]? {
        if let bytes = contents[relative] { return bytes }
        switch load(relative) {
        case .success(let bytes):
            contents[relative] = bytes
            return bytes
        case .failure(let error) where error.code == ENOENT:
            if required { diagnostics.add(.missingFile, relative, nil, nil, "file is missing") }
            return nil
        case .failure(let error):
            diagnostics.add(.unreadableFile, relative, nil, nil, "cannot read: \(String(cString: strerror(error.code)))")
            return nil
        }
    }

    subscript(relative: String) -> [UInt8]? { contents[relative] }

    /// Starts hashing every file read so far, beside the validation.
    func startHash() {
        let files = contents
        hash = (Background { Self.contentHash(files) }, files.count)
        mayRelease = (list("originals") ?? []).isEmpty
    }

    /// Lets a file's bytes go once everything that needed them has them (events.json, most of a big dataset,
    /// once parsed), so the load's peak does not hold them beside what was built from them. Kept when the
    /// dataset has originals (see `mayRelease`).
    func release(_ relative: String) {
        guard mayRelease, hash != nil, contents.removeValue(forKey: relative) != nil else { return }
        releasedCount += 1
    }

    /// The content hash (`contentHash`) of every file read, released ones included.
    func version() -> String {
        let started = hash
        hash = nil
        let value = started?.job.wait()
        if let started, let value, contents.count + releasedCount == started.files { return value }
        // Files were read after the hash started (originals, during validation): hash again. Nothing was
        // released (`mayRelease`), so every byte is here.
        assert(releasedCount == 0)
        return Self.contentHash(contents)
    }

    /// Reads an optional file that is not part of the version (the history files): nil when absent.
    func readUnhashed(_ relative: String) -> [UInt8]? {
        switch load(relative) {
        case .success(let bytes): return bytes
        case .failure(let error) where error.code == ENOENT: return nil
        case .failure(let error):
            diagnostics.add(.unreadableFile, relative, nil, nil, "cannot read: \(String(cString: strerror(error.code)))")
            return nil
        }
    }

    private func load(_ relative: String) -> Result<[UInt8], ReadError> {
        switch storage {
        case .directory: Self.readFile(directoryPrefix + relative)
        case .embedded: EmbeddedDataset.bytes(relative).map { .success($0) } ?? .failure(ReadError(code: ENOENT))
        }
    }

    private func list(_ relative: String) -> [String]? {
        switch storage {
        case .directory: try? FileManager.default.contentsOfDirectory(atPath: directoryPrefix + relative)
        case .embedded: EmbeddedDataset.names(in: relative)
        }
    }

    /// A whole file in one open/fstat/read, straight into the array the parser reads (10,000 small files at
    /// scale: `Data(contentsOf:)` plus an existence check cost twice the system calls and a copy).
    struct ReadError: Error { let code: Int32 }

    static func readFile(_ path: String) -> Result<[UInt8], ReadError> {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .failure(ReadError(code: errno)) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .failure(ReadError(code: errno)) }
        guard info.st_mode & S_IFMT == S_IFREG else { return .failure(ReadError(code: EISDIR)) }
        // Exactly the size fstat reports, so the array's capacity is the file's size: the source texts are
        // kept for the snapshot's life. A file that grows meanwhile is read to its end through a small buffer.
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var filled = 0
        let failure: Int32? = withUnsafeTemporaryAllocation(byteCount: 4096, alignment: 1) { spare in
            while true {
                let n = filled < bytes.count
                    ? bytes.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress! + filled, $0.count - filled) }
                    : systemRead(fd, spare.baseAddress!, spare.count)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                if n == 0 { return nil }
                if filled == bytes.count { bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: spare[..<n])) }
                filled += n
            }
        }
        if let failure { return .failure(ReadError(code: failure)) }
        if filled < bytes.count { bytes.removeSubrange(filled...) }
        return .success(bytes)
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    /// SHA-256 over every file read, in byte order of their relative paths; each file contributes its path,
    /// a zero byte, its length as 8 bytes big-endian, and its bytes. Same files, same hash, any machine.
    static func contentHash(_ contents: [String: [UInt8]]) -> String {
        var hasher = SHA256()
        // Sorted as byte arrays: comparing the strings' UTF-8 views element by element cost more than
        // hashing 10,000 small files did.
        let paths = contents.keys.map { Array($0.utf8) }.sorted { a, b in
            a.withUnsafeBufferPointer { x in
                b.withUnsafeBufferPointer { y in
                    let common = min(x.count, y.count)
                    let order = common == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, common)
                    return order != 0 ? order < 0 : x.count < y.count
                }
            }
        }
        for bytes in paths {
            let path = String(decoding: bytes, as: UTF8.self)
            let data = contents[path]!
            hasher.update(bytes)
            hasher.update([0])
            let n = UInt64(data.count)
            hasher.update((0..<8).reversed().map { UInt8(truncatingIfNeeded: n >> (UInt64($0) * 8)) })
            hasher.update(data)
        }
        return hasher.finalize()
    }
}

/// `read(2)`, named apart from the methods called `read` here.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.read(fd, buffer, count)
    #else
    return Darwin.read(fd, buffer, count)
    #endif
}

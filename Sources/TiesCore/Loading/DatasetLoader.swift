import Dispatch
import FoundationEssentials
import Glibc

/// Reads, validates and indexes a dataset directory. All or nothing: either every check passes and a
/// `Snapshot` comes back, or every error found is reported and nothing is loaded.
public enum DatasetLoader {
    /// From this many events, work over them is split onto a second thread where the other core would be idle
    /// (building the events, the snapshot's indexes over them); below it a thread costs more than it saves (the
    /// shipped dataset has 22 events).
    static let eventsWorthASecondThread = 2_000

    /// The files every dataset has, besides `sources/` and `originals/`.
    public static let recordFiles = ["dataset.json", "countries.json", "topics.json", "leaders.json",
                                     "partnership-levels.json", "events.json"]

    /// Loads the dataset in `directory`. `checkingHistory: false` reads the records without changelog.json
    /// and retired.json (for `ties changelog`, which is about to complete them).
    public static func load(directory: URL, now: Date = Date(), checkingHistory: Bool = true) throws(DatasetLoadError) -> Snapshot {
        switch build(directory: directory, now: now, checkingHistory: checkingHistory) {
        case .success(let snapshot): return snapshot
        case .failure(let error): throw error
        }
    }

    /// Loads the dataset compiled into the binary (`EmbeddedDataset`).
    public static func loadEmbedded(now: Date = Date()) throws(DatasetLoadError) -> Snapshot {
        switch build(storage: .embedded, now: now) {
        case .success(let snapshot): return snapshot
        case .failure(let error): throw error
        }
    }

    /// Every error in the dataset at `directory`; empty when it would load. For `--check`.
    public static func validate(directory: URL) -> [DatasetError] {
        switch build(directory: directory, now: Date()) {
        case .success: return []
        case .failure(let error): return error.errors
        }
    }

    static func build(directory: URL, now: Date, checkingHistory: Bool = true) -> Result<Snapshot, DatasetLoadError> {
        guard DatasetFiles.isDirectory(directory.path) else {
            return .failure(DatasetLoadError([DatasetError(.datasetNotFound, file: directory.path,
                                                           "dataset directory does not exist")]))
        }
        return build(storage: .directory(directory), now: now, checkingHistory: checkingHistory)
    }

    static func build(storage: DatasetFiles.Storage, now: Date, checkingHistory: Bool = true) -> Result<Snapshot, DatasetLoadError> {
        let diagnostics = Diagnostics()
        let clock = PhaseClock()
        let files = DatasetFiles(storage: storage, diagnostics: diagnostics)
        files.readAll()
        clock.lap("read files")
        // The two biggest independent jobs run beside the validation: hashing every byte, and parsing
        // events.json (most of the data), which validation needs only after sources and leaders.
        files.startHash()
        let eventsBytes = files["events.json"]
        let events = Background { () -> ([DecodedRecord<RawEvent>], Diagnostics) in
            let found = Diagnostics()
            return (RecordFile.readArray(eventsBytes, file: "events.json", as: RawEvent.self, diagnostics: found), found)
        }
        var builder = DatasetBuilder(files: files, diagnostics: diagnostics)
        builder.prereadEvents = { events.wait() }
        let built = builder.build()
        let finalVersion = files.version()
        clock.lap("validated and built")
        guard diagnostics.isEmpty, var model = built else {
            return .failure(DatasetLoadError(diagnostics.errors))
        }
        if checkingHistory {
            model.history = HistoryLoader.load(changelog: files.readUnhashed(HistoryLoader.changelogFile),
                                               retired: files.readUnhashed(HistoryLoader.retiredFile),
                                               live: .init(model), version: String(finalVersion.prefix(16)), diagnostics: diagnostics)
        }
        guard diagnostics.isEmpty else { return .failure(DatasetLoadError(diagnostics.errors)) }
        let snapshot = Snapshot(model: model, version: finalVersion, loadedAt: now, directory: storage.description)
        clock.lap("snapshot indexes")
        Heap.returnFreeMemory()
        clock.lap("free memory returned")
        return .success(snapshot)
    }
}

/// Work started on its own thread now and collected later. A dedicated thread, not a Dispatch queue: a load
/// may itself run on a queue worker and block in `wait()`, and queue workers are few. The value is handed
/// over once, after the semaphore, so the unchecked conformance is sound; handing it over lets it go, so
/// what it holds (all of events.json's records) is freed as soon as its taker is done with it.
final class Background<T>: @unchecked Sendable {
    private var value: T?
    private let done = DispatchSemaphore(value: 0)

    init(_ work: @escaping @Sendable () -> T) {
        // A thread of its own, with room for the JSON parser's recursion (up to 512 levels).
        DetachedThread.start(stackBytes: 8 << 20) {
            self.value = work()
            self.done.signal()
        }
    }

    /// The result; call once.
    func wait() -> T {
        done.wait()
        defer { value = nil }
        return value!
    }
}

/// A value handed to the one thread that works on it, and back after `Background.wait()`: never used by two
/// threads at once, which the semaphore in `Background` orders, so the unchecked conformance is sound.
final class Handoff<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}

/// Prints how long each load phase took, to stderr, when TIES_LOAD_TIMING is set; otherwise does nothing.
struct PhaseClock {
    private let enabled = ProcessInfo.processInfo.environment["TIES_LOAD_TIMING"] != nil
    private let start = DispatchTime.now().uptimeNanoseconds
    private let last = Box()

    private final class Box { var value: UInt64 = DispatchTime.now().uptimeNanoseconds }

    func lap(_ name: String) {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        let label = name.count < 28 ? name + String(repeating: " ", count: 28 - name.count) : String(name.prefix(28))
        let line = "load " + label + milliseconds(now - last.value) + " ms (at " + milliseconds(now - start) + " ms)" + Self.memory() + "\n"
        var bytes = Array(line.utf8)
        _ = write(2, &bytes, bytes.count)
        last.value = now
    }

    /// Resident and peak memory now (VmRSS, VmHWM), so each phase shows what it holds.
    static func memory() -> String {
        guard case .success(let status) = DatasetFiles.readFile("/proc/self/status") else { return "" }
        let text = String(decoding: status, as: UTF8.self)
        func field(_ name: String) -> String {
            guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(name) }) else { return "?" }
            return String((Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024) + " MB"
        }
        return "  rss " + field("VmRSS:") + ", peak " + field("VmHWM:")
    }

    /// `%8.1f` of nanoseconds in milliseconds.
    private func milliseconds(_ nanoseconds: UInt64) -> String {
        let tenths = (nanoseconds + 50_000) / 100_000
        let text = "\(tenths / 10).\(tenths % 10)"
        return String(repeating: " ", count: max(0, 8 - text.count)) + text
    }
}

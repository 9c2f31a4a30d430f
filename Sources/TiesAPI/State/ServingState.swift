import FoundationEssentials
import Synchronization
import TiesCore

/// Where the dataset comes from: the directory named in config, or the one embedded in the binary.
public enum DatasetSource: Sendable, Equatable, CustomStringConvertible {
    case embedded
    case directory(String)

    public var description: String {
        switch self {
        case .embedded: "embedded dataset"
        case .directory(let path): path
        }
    }
}

/// The outcome of the last load or reload, for `/readyz`, `/metrics` and the logs.
public struct ReloadResult: Sendable {
    public let succeeded: Bool
    public let at: Date
    /// The version now serving (the old one when the reload failed).
    public let version: String
    public let errors: [DatasetError]
    public let duration: Duration
}

/// The one mutable thing the API shares: the `Served` snapshot answering requests. A reload loads and
/// validates a complete new one off to the side, then swaps the reference under a lock; a
/// request holds the snapshot it started with until it finishes. A failed reload changes nothing.
public final class ServingState: Sendable {
    public let source: DatasetSource
    /// The most bytes a snapshot keeps in prepared documents (`limits.maxPreparedBytes`).
    public let maxPreparedBytes: Int
    /// 64 MiB: every prepared document of the embedded dataset several times over; at 1,000× the records
    /// asked first.
    public static let defaultMaxPreparedBytes = 64 << 20
    private struct Inner { var served: Served; var last: ReloadResult; var draining = false }
    private let inner: Mutex<Inner>
    /// Serialises reloads (SIGHUP and POST /admin/reload may race); readers never wait on it.
    private let reloadLock = Mutex<Void>(())

    /// Loads the first snapshot; throws every dataset error when it does not load (the server must not start).
    public init(source: DatasetSource, maxPreparedBytes: Int = defaultMaxPreparedBytes) throws(DatasetLoadError) {
        self.source = source
        self.maxPreparedBytes = maxPreparedBytes
        let started = ContinuousClock.now
        let served = try ServingState.load(source, maxPreparedBytes: maxPreparedBytes)
        let duration = ContinuousClock.now - started
        inner = Mutex(Inner(served: served, last: ReloadResult(succeeded: true, at: Date(), version: served.version,
                                                                errors: [], duration: duration)))
    }

    /// The snapshot to answer a request with.
    public var served: Served { inner.withLock { $0.served } }

    public var lastReload: ReloadResult { inner.withLock { $0.last } }

    /// Set when shutdown begins: `/readyz` then answers 503 so load balancers stop sending traffic.
    public var draining: Bool {
        get { inner.withLock { $0.draining } }
        set { inner.withLock { $0.draining = newValue } }
    }

    /// Loads the source again and swaps the result in when it is valid; otherwise keeps serving the old one.
    @discardableResult
    public func reload() -> ReloadResult {
        reloadLock.withLock { _ in
            let started = ContinuousClock.now
            do throws(DatasetLoadError) {
                let fresh = try ServingState.load(source, maxPreparedBytes: maxPreparedBytes)
                let result = ReloadResult(succeeded: true, at: Date(), version: fresh.version, errors: [],
                                          duration: ContinuousClock.now - started)
                inner.withLock { $0.served = fresh; $0.last = result }
                return result
            } catch {
                let result = ReloadResult(succeeded: false, at: Date(), version: served.version, errors: error.errors,
                                          duration: ContinuousClock.now - started)
                inner.withLock { $0.last = result }
                return result
            }
        }
    }

    /// The directory to read one load from, with its symlinks resolved once, so that a dataset replaced by
    /// swapping a symlink (a release folder, `current -> v2`) is read wholly old or wholly new, never half
    /// of each. A Kubernetes ConfigMap or Secret volume keeps its files behind `..data`, a symlink the kubelet
    /// swaps atomically on update while the visible entries are symlinks through it: reading through the
    /// resolved `..data` makes a reload after such an update see one version of every file.
    static func stableDirectory(_ path: String) -> URL {
        let url = URL(fileURLWithPath: path)
        let kubelet = url.appendingPathComponent("..data")
        if (try? FileManager.default.destinationOfSymbolicLink(atPath: kubelet.path)) != nil {
            return kubelet.resolvingSymlinksInPath()
        }
        return url.resolvingSymlinksInPath()
    }

    static func load(_ source: DatasetSource, maxPreparedBytes: Int) throws(DatasetLoadError) -> Served {
        let started = ContinuousClock.now
        let snapshot: Snapshot
        switch source {
        case .embedded: snapshot = try DatasetLoader.loadEmbedded()
        case .directory(let path): snapshot = try DatasetLoader.load(directory: stableDirectory(path))
        }
        // Records are encoded and documents prepared on first request (`RecordJSON`, `PreparedDocuments`).
        let catalog = Catalog(snapshot: snapshot)
        let prepared = PreparedDocuments(catalog: catalog, endpoints: API.endpoints, maxBytes: maxPreparedBytes)
        return Served(catalog: catalog, prepared: prepared, loadDuration: ContinuousClock.now - started)
    }
}

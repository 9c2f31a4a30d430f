#if canImport(Glibc)
import Glibc
#endif

/// The C heap as a whole. A load allocates several times what the snapshot it builds keeps (file bytes, the
/// parse tapes, the records before validation), on three threads; glibc keeps what they freed in its
/// arenas, so without this the process holds the load's garbage until memory pressure: 22 MB of the 316
/// resident after a 1,000× load.
enum Heap {
    /// Returns the heap's free pages to the system (glibc's `malloc_trim(0)`, looked up at run time: the
    /// Glibc module does not export `malloc.h`). Elsewhere, nothing.
    static func returnFreeMemory() {
        #if canImport(Glibc)
        guard let trim = dlsym(nil, "malloc_trim") else { return }
        _ = unsafeBitCast(trim, to: (@convention(c) (Int) -> Int32).self)(0)
        #endif
    }

    /// `s` in storage of its own, allocated by the calling thread. events.json is parsed on another thread,
    /// whose malloc arena then holds the strings the events keep among everything the parse let go (tapes,
    /// raw records, readers' arrays); `malloc_trim` can return only whole free pages, and those strings
    /// left few (54 MB of that arena's 105 stayed resident at 1,000×). Copied where the events are built,
    /// the strings the snapshot keeps sit together, and the parse's arena is freed whole.
    static func localCopy(_ s: String) -> String {
        var s = s
        return s.withUTF8 { String(decoding: $0, as: UTF8.self) }
    }
}

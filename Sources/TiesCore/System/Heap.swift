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
}

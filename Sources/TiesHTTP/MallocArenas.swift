#if canImport(Glibc)
import Glibc
#endif

/// How many malloc arenas the process may have. glibc gives a thread that allocates its own arena (up to
/// eight per core), and a worker's queue runs on whichever of Dispatch's threads is free, so one worker's
/// allocations spread over several arenas, each keeping free pages of its own: three arenas and 0.85 MB
/// resident beside one worker serving 64 connections. With one arena per worker they share their pages;
/// glibc's per-thread cache keeps most small allocations off the arena's lock.
public enum MallocArenas {
    /// Caps the arenas at `count` (glibc's `mallopt(M_ARENA_MAX, count)`). Arenas that exist stay; glibc
    /// fixes its limit when a ninth arena is wanted, so call it early. True when glibc took it; false
    /// where there is no glibc.
    @discardableResult
    public static func limit(to count: Int) -> Bool {
        #if canImport(Glibc)
        // Looked up at run time: the Glibc module does not export malloc.h.
        guard let mallopt = dlsym(nil, "mallopt") else { return false }
        let M_ARENA_MAX: Int32 = -8
        return unsafeBitCast(mallopt, to: (@convention(c) (Int32, Int32) -> Int32).self)(M_ARENA_MAX, Int32(clamping: max(1, count))) == 1
        #else
        return false
        #endif
    }
}

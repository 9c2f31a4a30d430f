#if canImport(Glibc)
import Glibc
#endif

/// How many malloc arenas the process may have. glibc gives each thread that allocates an arena of its own
/// (up to eight per core), and each arena keeps free pages of its own. Besides the workers, Dispatch's pool
/// threads (the acceptor, the log's timer, signals) allocate now and then; when the workers themselves ran on
/// that pool, one worker serving 64 connections spread over three arenas and 0.85 MB. Capped at one arena per
/// worker, the rest share; glibc's per-thread cache keeps most small allocations off an arena's lock.
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

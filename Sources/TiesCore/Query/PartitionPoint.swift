/// The first index in `range` for which `isBefore` is false, where `isBefore` is true for a prefix of the
/// range and false after it (a binary search's one shape: lower bounds, cursors, insertion points).
@inline(__always)
func partitionPoint(_ range: Range<Int>, _ isBefore: (Int) -> Bool) -> Int {
    var lo = range.lowerBound, hi = range.upperBound
    while lo < hi {
        let mid = (lo + hi) >> 1
        if isBefore(mid) { lo = mid + 1 } else { hi = mid }
    }
    return lo
}

import Foundation
import TiesCore

// TiesDatasetBench: generates a synthetic dataset, loads it in a fresh process, and times filtered queries.
//
//   swift run -c release TiesDatasetBench --scale 1000        # 5,000 sources, 50,000 events
//   swift run -c release TiesDatasetBench --seed              # the shipped five-article dataset
//   TiesDatasetBench --generate DIR --scale N                 # only write the dataset
//   TiesDatasetBench --load DIR [--iterations N]              # load and query an existing directory
//   TiesDatasetBench --check DIR                              # list every error in a dataset, exit 1 if any
//
// Not a test: figures depend on the machine. Record them with the command in docs/dataset.md.

/// Unbuffered, so the parent's lines and the child's come out in order.
func say(_ items: String...) {
    FileHandle.standardOutput.write(Data((items.joined(separator: " ") + "\n").utf8))
}

func peakMemoryMB() -> (hwm: Double, rss: Double) {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return (0, 0) }
    func kb(_ key: String) -> Double {
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(key) }) else { return 0 }
        return Double(line.split(separator: " ").dropFirst().first { !$0.isEmpty }.flatMap { Double($0) } ?? 0) / 1024
    }
    return (kb("VmHWM:"), kb("VmRSS:"))
}

/// CPU seconds used by the process so far, every thread, user plus system.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

func nanos(_ body: () throws -> Void) rethrows -> UInt64 {
    let t0 = DispatchTime.now().uptimeNanoseconds
    try body()
    return DispatchTime.now().uptimeNanoseconds - t0
}

func ms(_ ns: UInt64) -> String { String(format: "%.3f ms", Double(ns) / 1e6) }

func percentile(_ sorted: [UInt64], _ p: Double) -> UInt64 {
    guard !sorted.isEmpty else { return 0 }
    return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.down)))]
}

/// Runs each query kind `iterations` times with varied parameters and prints p50/p99.
func runQueries(_ s: Snapshot, iterations: Int) throws {
    var rng = SplitMix64(seed: 42)
    let years = Set(s.events.map(\.date.year)).sorted()
    let leaderIds = s.leaders.map(\.id)
    let topicIds = s.topics.map(\.id)
    let countryCodes = s.countries.map(\.code)
    let words = ["maritime", "grant", "cooperation", "energy", "semiconductors", "railways", "security"]
    func year() throws -> PartialDate { try PartialDate.parse(String(years[rng.next(years.count)])) }
    func month() throws -> PartialDate { try PartialDate.parse(String(format: "%04d-%02d", years[rng.next(years.count)], 1 + rng.next(12))) }

    let kinds: [(String, () throws -> Void)] = [
        ("events country=X", { _ = try s.events(EventQuery(country: countryCodes[rng.next(countryCodes.count)])) }),
        ("events leader=X", { _ = try s.events(EventQuery(leader: leaderIds[rng.next(leaderIds.count)])) }),
        ("events topic=X from=Y to=Y", { let y = try year(); _ = try s.events(EventQuery(from: y, to: y, topic: topicIds[rng.next(topicIds.count)])) }),
        ("events from=YYYY-MM to=YYYY-MM", { let m = try month(); _ = try s.events(EventQuery(from: m, to: m)) }),
        ("events type+country, 2nd page", {
            let q = EventQuery(country: "MY", type: "summit", sort: .ascending, limit: 20)
            let first = try s.events(q)
            var next = q
            next.cursor = first.nextCursor
            _ = try s.events(next)
        }),
        ("events q=word", { _ = try s.events(EventQuery(q: TextQuery.parse(words[rng.next(words.count)]))) }),
        ("events q=word country=X from=Y", {
            _ = try s.events(EventQuery(from: try year(), country: countryCodes[rng.next(countryCodes.count)], q: TextQuery.parse(words[rng.next(words.count)])))
        }),
        ("events (no filter), limit 50", { _ = try s.events(EventQuery()) }),
        ("leaders asOf=Y office=minister", { _ = try s.leaders(LeaderQuery(office: "minister", asOf: try year())) }),
        ("sources publisher=X from=Y", { _ = try s.sources(SourceQuery(publisher: "Wire 1", from: try year())) }),
        ("search q=two words", { _ = try s.search(SearchQuery(q: TextQuery.parse("\(words[rng.next(words.count)]) japan"), limit: 20)) }),
        ("partnership level asOf", { _ = s.partnershipLevel(asOf: try month()) }),
        ("timeline from=Y to=Y", { let y = try year(); _ = try s.timeline(from: y, to: y) }),
    ]
    say("")
    say("query                                   p50          p99")
    var allFiltered: [UInt64] = []
    for (name, run) in kinds {
        for _ in 0..<min(20, iterations) { try run() }   // warm-up
        var samples: [UInt64] = []
        samples.reserveCapacity(iterations)
        for _ in 0..<iterations { samples.append(try nanos(run)) }
        samples.sort()
        if name.hasPrefix("events") && !name.contains("no filter") { allFiltered += samples }
        say(name.padding(toLength: 38, withPad: " ", startingAt: 0), ms(percentile(samples, 0.5)).padding(toLength: 12, withPad: " ", startingAt: 0), ms(percentile(samples, 0.99)))
    }
    allFiltered.sort()
    say("all filtered event queries             \(ms(percentile(allFiltered, 0.5)).padding(toLength: 12, withPad: " ", startingAt: 0)) \(ms(percentile(allFiltered, 0.99)))")
}

func load(_ dir: URL, iterations: Int, repeats: Int) throws {
    var times: [UInt64] = []
    var snapshot: Snapshot?
    let cpu0 = cpuSeconds()
    for _ in 0..<repeats {
        var loaded: Snapshot?
        let ns = try nanos { loaded = try DatasetLoader.load(directory: dir) }
        times.append(ns)
        snapshot = loaded
    }
    let cpu = (cpuSeconds() - cpu0) / Double(repeats)
    guard let s = snapshot else { return }
    let mem = peakMemoryMB()
    if ProcessInfo.processInfo.environment["TIES_MALLOC_STATS"] != nil, let f = dlsym(nil, "malloc_stats") {
        unsafeBitCast(f, to: (@convention(c) () -> Void).self)()
    }
    times.sort()
    say("dataset: \(dir.path)")
    say("counts: \(s.counts.sources) sources, \(s.counts.events) events, \(s.counts.leaders) leaders, \(s.counts.citations) citations, \(s.counts.mentions) mentions")
    say("load: \(ms(times[times.count / 2])) wall (median of \(repeats); min \(ms(times[0])), max \(ms(times[times.count - 1]))), \(String(format: "%.0f", cpu * 1000)) ms CPU per load (all threads)")
    say(String(format: "memory after load: peak (VmHWM) %.1f MB, resident %.1f MB", mem.hwm, mem.rss))
    try runQueries(s, iterations: iterations)
}

let args = CommandLine.arguments
func value(_ flag: String) -> String? { args.firstIndex(of: flag).flatMap { $0 + 1 < args.count ? args[$0 + 1] : nil } }
let scale = Int(value("--scale") ?? "1000") ?? 1000
let iterations = Int(value("--iterations") ?? "2000") ?? 2000

do {
    if let dir = value("--check") {
        let errors = DatasetLoader.validate(directory: URL(fileURLWithPath: dir))
        for e in errors { say(e.description) }
        say(errors.isEmpty ? "\(dir): no errors" : "\(dir): \(errors.count) error\(errors.count == 1 ? "" : "s")")
        exit(errors.isEmpty ? 0 : 1)
    } else if let dir = value("--generate") {
        var g = Generator(scale: scale)
        let ns = try nanos { try g.write(to: URL(fileURLWithPath: dir)) }
        say("generated ×\(scale) into \(dir) in \(ms(ns))")
    } else if let dir = value("--load") {
        try load(URL(fileURLWithPath: dir), iterations: iterations, repeats: Int(value("--repeats") ?? "1") ?? 1)
    } else if args.contains("--seed") {
        // The source tree's copy of the embedded dataset (this tool runs from a checkout).
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("TiesCore/Dataset")
        try load(dir, iterations: iterations, repeats: Int(value("--repeats") ?? "20") ?? 20)
    } else {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ties-synthetic-\(scale)-\(getpid())")
        var g = Generator(scale: scale)
        let ns = try nanos { try g.write(to: dir) }
        let bytes = (FileManager.default.enumerator(atPath: dir.path)?.compactMap { $0 as? String } ?? [])
            .compactMap { try? FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent($0).path)[.size] as? Int }
            .reduce(0, +)
        say("generated ×\(scale) (\(String(format: "%.1f", Double(bytes) / 1e6)) MB) in \(ms(ns))")
        // Load in a fresh process so its peak memory is the loader's, not the generator's.
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        child.arguments = ["--load", dir.path, "--iterations", String(iterations), "--repeats", value("--repeats") ?? "1"]
        try child.run()
        child.waitUntilExit()
        if !args.contains("--keep") { try? FileManager.default.removeItem(at: dir) }
        exit(child.terminationStatus)
    }
} catch let error as DatasetLoadError {
    say(error.errors.prefix(20).map(\.description).joined(separator: "\n"))
    say("(\(error.errors.count) errors)")
    exit(1)
} catch {
    say("error: \(error)")
    exit(1)
}

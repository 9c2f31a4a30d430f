// swift-tools-version:6.1
// Ties: a citation-backed HTTP JSON API about the Japan–Malaysia relationship.
// The server's graph is FoundationEssentials, Dispatch and Glibc only (plus the system zlib for gzip, and one C
// file of our own for SHA-256 on the CPU's SHA extensions): never
// `import Foundation` in it, which links ICU's 30 MB of data into the static binary (docs/ARCHITECTURE.md);
// libcurl is linked by the client tests alone. Benchmark peers live in ../shared/bench, never here.
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]
// The server's modules, release builds only: no run-time exclusivity checks. Each one (a thread-local lookup
// and a walk of the accesses in progress) cost about 75 instructions, and every request made some 30 of them
// on the connection's and the encoder's class properties: a tenth of the request's user-space work. Debug
// builds, and so every test, keep the checks; data races are ruled out at compile time (Swift 6 mode).
let server: [SwiftSetting] = strict + [
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

// The server executable, release builds on Linux: two link choices that each cut what the static binary keeps
// resident (with one malloc arena per worker besides, VmHWM under wrk went from 18.0-18.1 to 16.2-16.5 MB, the
// binary re-read into the page cache the same way before each run):
// - lld with relative relocations packed (DT_RELR, glibc 2.36+): gold wrote 41,500 of them as a 1 MB table
//   that the loader reads at every start, and its pages stayed resident. Still position-independent (ASLR).
// - The C++ runtime linked in statically: the Swift runtime uses 25 of libstdc++'s symbols, but the shared
//   library's symbol tables, which the loader reads whole, kept 0.6-0.8 MB resident. `--static-swift-stdlib`
//   asks for `-lstdc++`; scripts/link/libstdc++.so is a linker script that answers it with libstdc++.a. A
//   dynamic build never asks for it, so the folder changes nothing there.
let serverLinking: [LinkerSetting] = [
    .unsafeFlags(["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
                  "-L\(Context.packageDirectory)/scripts/link"],
                 .when(platforms: [.linux], configuration: .release)),
]

let package = Package(
    name: "Ties",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ties", targets: ["ties"]),
        .library(name: "TiesHTTP", targets: ["TiesHTTP"]),
        .library(name: "TiesCore", targets: ["TiesCore"]),
        .library(name: "TiesAPI", targets: ["TiesAPI"]),
    ],
    targets: [
        // HTTP/1.1 engine on POSIX sockets + Dispatch. Knows nothing about the dataset.
        .target(name: "TiesHTTP", swiftSettings: server),
        // Model, dataset loader/validator, immutable snapshot, queries, search. Knows nothing about HTTP.
        // The default dataset (Dataset/) is compiled in by the EmbedDataset plugin, not shipped as SwiftPM
        // resources: their generated accessor imports Foundation, and with it ICU (30 MB) into the binary.
        .target(name: "TiesCore", dependencies: ["CSHA256"], exclude: ["Dataset"], swiftSettings: server, plugins: ["EmbedDataset"]),
        // SHA-256's compression function on the CPU's SHA extensions, for the dataset version (C: Swift has no
        // intrinsics). TiesCore falls back to its own Swift implementation without them.
        .target(name: "CSHA256"),
        // Build-time only: the plugin and the tool it runs (a host executable, never linked into the server).
        .executableTarget(name: "EmbedFiles", swiftSettings: strict),
        .plugin(name: "EmbedDataset", capability: .buildTool(), dependencies: ["EmbedFiles"], path: "Sources/EmbedDatasetPlugin"),
        // zlib from the base system (Debian: zlib1g-dev) for gzip/deflate response compression.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // Routes, parameters, envelopes, problem+json, formats, ETags, CORS, OpenAPI.
        .target(name: "TiesAPI", dependencies: ["TiesHTTP", "TiesCore", "CZlib"], swiftSettings: server),
        // Editorial tools on a dataset directory (`ties changelog`): Foundation and TiesCore, no HTTP.
        .target(name: "TiesEditorial", dependencies: ["TiesCore"], swiftSettings: strict),
        // The server executable: config.json, flags, logging, signals, wiring.
        .executableTarget(name: "ties", dependencies: ["TiesAPI", "TiesHTTP", "TiesCore", "TiesEditorial"], swiftSettings: server,
                          linkerSettings: serverLinking),
        // Parser fuzz target (libFuzzer); see scripts/fuzz. Built normally it replays a corpus.
        .executableTarget(name: "TiesParserFuzz", dependencies: ["TiesHTTP"], swiftSettings: strict),
        // Fixed-bytes server for ../shared/bench/compare.sh: measures the engine alone.
        .executableTarget(name: "TiesHTTPBench", dependencies: ["TiesHTTP"], swiftSettings: strict),
        // Synthetic dataset generator and load/query benchmark (not a timed test).
        .executableTarget(name: "TiesDatasetBench", dependencies: ["TiesCore"], swiftSettings: strict),

        // libcurl for the client tests only (Debian: libcurl4-openssl-dev).
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),

        .testTarget(name: "TiesHTTPTests", dependencies: ["TiesHTTP"], exclude: ["FuzzCorpus"], swiftSettings: strict),
        .testTarget(name: "TiesCoreTests", dependencies: ["TiesCore"], swiftSettings: strict),
        .testTarget(name: "TiesAPITests", dependencies: ["TiesAPI", "TiesHTTP", "TiesCore"], swiftSettings: strict),
        .testTarget(name: "TiesExecutableTests", dependencies: ["ties"], swiftSettings: strict),
        .testTarget(name: "TiesEditorialTests", dependencies: ["TiesEditorial", "TiesCore"], swiftSettings: strict),
        // Reload and shutdown under load, the operations routes and the metrics text, on an in-process server.
        .testTarget(name: "OperationsTests", dependencies: ["TiesAPI", "TiesHTTP", "TiesCore", "TiesEditorial"], swiftSettings: strict),
        .testTarget(name: "ClientTests", dependencies: ["CCurl", "TiesAPI", "TiesHTTP", "TiesCore"], swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)

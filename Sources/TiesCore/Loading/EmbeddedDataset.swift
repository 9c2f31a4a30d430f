/// The default dataset, compiled into the binary by the EmbedDataset build plugin from `Sources/TiesCore/
/// Dataset/` (`generatedFiles`, one string literal per file). Nothing beside the binary is needed: `swift run
/// ties`, the test runner and a static binary copied anywhere all serve the same bytes.
public enum EmbeddedDataset {
    /// Shown where a dataset's directory would be (errors, `--check`, logs).
    public static let description = "embedded"

    /// Relative path → the file's text, without a copy.
    static let files: [String: StaticString] = Dictionary(uniqueKeysWithValues: generatedFiles.map { ($0.path, $0.text) })

    /// Every embedded file's relative path (`events.json`, `sources/<id>.txt`, `originals/<name>`), sorted.
    public static var paths: [String] { generatedFiles.map(\.path) }

    /// The bytes of an embedded file, or nil.
    public static func bytes(_ relative: String) -> [UInt8]? {
        guard let text = files[relative] else { return nil }
        return Array(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// The names directly inside an embedded directory (`sources`), like a directory listing.
    static func names(in directory: String) -> [String] {
        let prefix = directory + "/"
        return generatedFiles.compactMap { file in
            guard file.path.hasPrefix(prefix) else { return nil }
            let rest = file.path.dropFirst(prefix.count)
            return rest.contains("/") ? nil : String(rest)
        }
    }
}
